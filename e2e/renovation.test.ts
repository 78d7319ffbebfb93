// Browser flow of a renovation project (改造更新): the use unit creates a 加装上行超速保护 project for an old residential
// elevator through 改造项目 → 新建项目, records the owners' vote (checked against the Civil Code rule), decides, fills the
// funding plan (the running sum against the budget), confirms it and applies for the subsidy; the city's finance
// department approves it; the use unit starts construction; an inspection agency files the passed supervisory
// inspection (through the API); the use unit records the acceptance; the city's regulator makes the 变更登记, and
// the elevator's own page then shows the protection fitted. One real server (fresh PGlite store) and one Chromium.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test, type TestContext } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { makeUscc } from '../src/modules/orgs/uscc.ts';
import { buildRow, toCsv } from '../src/test/factories.ts';
import { launchBrowser, OUT_DIR, step, withPage } from './support/browser.ts';
import { expectPath, expectText, expectVisible } from './support/expect.ts';
import { menuItem, signInAs } from './support/flows.ts';
import { apiImportCsv, apiLogin, startServer, type RunningServer } from './support/server.ts';

const USE_UNIT = '济南春风物业服务有限公司';
const elevator = buildRow({
  address: '山东省济南市历下区春风路8号3号楼',
  placeName: '春风小区',
  placeType: '住宅',
  useUnitName: USE_UNIT,
  manufactureDate: '2003-04-01',
  commissioningDate: '2003-09-01',
  registrationDate: '2003-10-01',
  acceptanceDate: '2003-08-20',
  ascendingOverspeedProtection: '无',
});
const USE_UNIT_USER = { username: 'e2e-chunfeng', password: 'UseUnit123' };
const FINANCE = { username: 'e2e-jncz', password: 'Finance123' };
const REGULATOR = { username: 'e2e-jnsj', password: 'Regulator123' };
const INSPECTOR = { username: 'e2e-jdy', password: 'Inspect123' };
const AGENCY_CODE = makeUscc('370100', 'MB2850427', '1', '2');
/** Today in Shanghai: the dates typed into the forms (none may be in the future). */
const TODAY = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

let server: RunningServer;
let browser: Browser;

async function api<T>(token: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${server.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

async function inBrowser(t: TestContext, label: string, body: (page: Page) => Promise<void>): Promise<void> {
  try {
    await withPage(browser, server.baseUrl, label, body);
  } catch (err) {
    const out = server.output().trim();
    if (out && err instanceof Error && !err.message.includes('server output')) err.message += `\n  server output (tail):\n${out.slice(-3000)}`;
    throw err;
  }
}

const dialog = (page: Page, title: string) => page.locator('.ant-modal:visible').filter({ has: page.locator('.ant-modal-title', { hasText: new RegExp(`^${title}$`) }) });
const okIn = (modal: Locator, label: RegExp) => modal.locator('.ant-modal-footer').getByRole('button', { name: label });

/** The registry record's 上行超速保护装置 value on the elevator's page. */
const overspeedValue = (page: Page) => page.locator('.ant-descriptions-item-label', { hasText: /^上行超速保护装置$/ }).locator('xpath=following-sibling::*[1]');

/** Types a date into an antd DatePicker and confirms it. */
async function typeDate(scope: Locator, id: string, day: string): Promise<void> {
  const input = scope.locator(`#${id}`);
  await input.click();
  await input.fill(day);
  await input.press('Enter');
}

/** A button's name: antd puts a space between the two characters of a two-character label (开 工). */
const spaced = (label: string) => new RegExp(`^${[...label].join('\\s*')}$`);

/** Runs one step of the project from its action bar: the button, its dialog (filled by `fill`), its OK. */
async function runAction(page: Page, label: string, fill: (modal: Locator) => Promise<void> = async () => {}): Promise<void> {
  await page.getByTestId('renovation-actions').getByRole('button', { name: spaced(label) }).click();
  const modal = dialog(page, label);
  await expectVisible(modal);
  await fill(modal);
  await okIn(modal, spaced(label)).click();
  await expectVisible(page.getByText(`已办理：${label}`).first());
}

describe('LiftSafe renovation project in the browser', { concurrency: 1 }, () => {
  let projectPath = '';

  before(
    async () => {
      fs.mkdirSync(OUT_DIR, { recursive: true });
      server = await startServer();
      browser = await launchBrowser();
      const admin = await apiLogin(server.baseUrl);
      const seed = await apiImportCsv(server.baseUrl, admin, toCsv([elevator]));
      assert.equal(seed.imported, 1, `seed import: ${JSON.stringify(seed.rejected)}`);
      const units = await api<{ items: { id: number; name: string }[] }>(admin, 'GET', `/api/orgs?type=use_unit&q=${encodeURIComponent(USE_UNIT)}`);
      const unitId = units.items.find((o) => o.name === USE_UNIT)?.id;
      assert.ok(unitId, `use unit from the import: ${JSON.stringify(units.items)}`);
      const finance = await api<{ id: number }>(admin, 'POST', '/api/orgs', { name: '济南市财政局', type: 'finance', regionCode: '370100' });
      const regulator = await api<{ id: number }>(admin, 'POST', '/api/orgs', { name: '济南市市场监督管理局', type: 'regulator', regionCode: '370100' });
      const agency = await api<{ id: number }>(admin, 'POST', '/api/orgs', { name: '济南特检院', type: 'inspection', regionCode: '370100', creditCode: AGENCY_CODE });
      await api(admin, 'POST', '/api/users', { ...USE_UNIT_USER, displayName: '春风物业安全员', orgId: unitId, roles: ['use_unit'] });
      await api(admin, 'POST', '/api/users', { ...FINANCE, displayName: '财政局经办人', orgId: finance.id, roles: ['finance'] });
      await api(admin, 'POST', '/api/users', { ...REGULATOR, displayName: '济南市局登记员', orgId: regulator.id, roles: ['regulator'] });
      await api(admin, 'POST', '/api/users', { ...INSPECTOR, displayName: '监检员', orgId: agency.id, roles: ['inspector'] });
    },
    { timeout: 180_000 },
  );

  after(async () => {
    await browser?.close().catch(() => {});
    await server?.stop();
  });

  test('create → vote → funding → subsidy applied → finance approves → construction → acceptance → the elevator’s record shows the change', { timeout: 300_000 }, async (t) => {
    await inBrowser(t, `${t.name}-use-unit`, async (page) => {
      await step(page, t.name, 'the use unit creates the project from 改造项目 → 新建项目', async () => {
        await signInAs(page, USE_UNIT_USER.username, USE_UNIT_USER.password);
        await menuItem(page, '改造项目').click();
        await expectPath(page, '/renovation/projects');
        await page.getByRole('button', { name: '新建项目' }).click();
        const modal = dialog(page, '新建改造更新项目');
        await modal.locator('#kind').click();
        await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: /^加装上行超速保护$/ }).click();
        await modal.locator('#title').fill('春风小区3号楼加装上行超速保护');
        await modal.locator('#codes').fill(elevator.registrationCode);
        await modal.locator('#plan').fill('加装轿厢上行超速保护装置（夹绳器），更换限速器');
        await modal.locator('#budget').fill('180000');
        await okIn(modal, /确\s*定|OK/).click();
        await expectPath(page, /\/renovation\/projects\/\d+$/);
        projectPath = new URL(page.url()).pathname;
        await expectText(page.getByTestId('renovation-status'), '草拟');
        await expectText(page.getByTestId('renovation-vote'), '尚未记录业主表决');
      });

      await step(page, t.name, 'the owners’ vote is recorded and shown against the rule, then the decision', async () => {
        await page.getByTestId('renovation-vote').getByRole('button', { name: '记录表决' }).click();
        const modal = dialog(page, '记录业主表决');
        await typeDate(modal, 'heldOn', TODAY);
        for (const [id, v] of [['totalArea', '9000'], ['totalOwners', '90'], ['participatingArea', '6000'], ['participatingOwners', '60'], ['consentingArea', '4500'], ['consentingOwners', '45']])
          await modal.locator(`#${id}`).fill(v);
        await okIn(modal, /确\s*定|OK/).click();
        await expectText(page.getByTestId('renovation-vote-result'), '表决通过');
        await expectText(page.getByTestId('renovation-vote'), '66.67%');
        await runAction(page, '形成实施决定');
        await expectText(page.getByTestId('renovation-status'), '已决定');
      });

      await step(page, t.name, 'the funding plan: the running sum against the budget, then confirmed', async () => {
        await page.getByTestId('renovation-funding').getByRole('button', { name: '填报资金来源' }).click();
        const modal = dialog(page, '填报资金来源');
        await modal.locator('#maintenance_fund').fill('100000');
        await modal.locator('#subsidy').fill('50000');
        await expectText(page.getByTestId('renovation-funding-live'), '差额 30,000.00');
        await modal.locator('#owners').fill('30000');
        await expectText(page.getByTestId('renovation-funding-live'), '合计与预算一致');
        await okIn(modal, /确\s*定|OK/).click();
        await expectText(page.getByTestId('renovation-funding-total'), '180,000.00');
        await expectText(page.getByTestId('renovation-funding-check'), '合计与预算一致');
        await runAction(page, '确认资金方案');
        await expectText(page.getByTestId('renovation-status'), '资金已落实');
        await runAction(page, '申请财政补贴');
        await expectText(page.getByTestId('renovation-subsidy'), '审批中');
      });
    });

    await inBrowser(t, `${t.name}-finance`, async (page) => {
      await step(page, t.name, 'the city’s finance department approves the subsidy', async () => {
        await signInAs(page, FINANCE.username, FINANCE.password);
        await menuItem(page, '改造项目').click();
        await page.getByTestId('renovation-project-table').getByRole('link', { name: '春风小区3号楼加装上行超速保护' }).click();
        await expectPath(page, projectPath);
        await expectVisible(page.getByTestId('renovation-actions').getByRole('button', { name: '不予补贴' }));
        await runAction(page, '核定补贴', async (modal) => {
          await modal.locator('#amount').fill('50000');
          await modal.locator('#note').fill('按老旧电梯改造补贴标准核定');
        });
        await expectText(page.getByTestId('renovation-subsidy'), '已核定');
        await expectText(page.getByTestId('renovation-subsidy'), '50,000.00');
      });
    });

    await inBrowser(t, `${t.name}-construction`, async (page) => {
      await step(page, t.name, 'the use unit starts construction', async () => {
        await signInAs(page, USE_UNIT_USER.username, USE_UNIT_USER.password);
        await page.goto(projectPath);
        await runAction(page, '开工', async (modal) => {
          await typeDate(modal, 'startedOn', TODAY);
          await modal.locator('#installerName').fill('济南安泰电梯工程有限公司');
        });
        await expectText(page.getByTestId('renovation-status'), '施工中');
      });

      await step(page, t.name, 'acceptance is refused without the supervisory inspection, then accepted once the agency has filed it', async () => {
        await page.getByTestId('renovation-actions').getByRole('button', { name: spaced('验收') }).click();
        const modal = dialog(page, '验收');
        await typeDate(modal, 'acceptedOn', TODAY);
        await okIn(modal, spaced('验收')).click();
        await expectText(modal.locator('.ant-alert'), new RegExp(`尚无开工（${TODAY}）后合格的监督检验报告.*${elevator.registrationCode}`));
        const inspector = await apiLogin(server.baseUrl, INSPECTOR.username, INSPECTOR.password);
        await api(inspector, 'POST', '/api/inspection/reports', {
          registrationCode: elevator.registrationCode,
          reportNo: `JD-E2E-${Date.now() % 100000}`,
          agencyCreditCode: AGENCY_CODE,
          type: 'acceptance',
          supervisoryKind: 'modernisation',
          date: TODAY,
          conclusion: 'pass',
          inspectors: [{ name: '王监检', certificateNo: 'TS7-E2E-0101' }],
          signer: { name: '李签发', certificateNo: 'TS7-E2E-0102' },
        });
        await okIn(modal, spaced('验收')).click();
        await expectVisible(page.getByText('已办理：验收').first());
        await expectText(page.getByTestId('renovation-status'), '已验收');
        await expectText(page.getByTestId('renovation-construction'), 'ascendingOverspeedProtection');
      });
    });

    await inBrowser(t, `${t.name}-regulator`, async (page) => {
      await step(page, t.name, 'the city’s regulator makes the 变更登记; the elevator’s page shows the protection fitted', async () => {
        await signInAs(page, REGULATOR.username, REGULATOR.password);
        await page.goto(`/elevators/${elevator.registrationCode}`);
        await expectText(overspeedValue(page), '否');
        await page.goto(projectPath);
        await runAction(page, '变更登记');
        await expectText(page.getByTestId('renovation-status'), '已变更登记');
        await expectText(page.getByTestId('renovation-construction'), '已变更登记');
        await page.goto(`/elevators/${elevator.registrationCode}`);
        await expectText(overspeedValue(page), '是');
      });
    });
  });
});
