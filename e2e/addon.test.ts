// Browser flow of 既有住宅加装电梯: the implementing use unit creates a project for one building unit, pastes the
// households with the consultation's votes (short of the thresholds: the tally says so), records one more vote (now
// exactly 2/3 take part and 3/4 of them agree), confirms, signs the cost-sharing agreement (two households do not
// sign), completes design and selection, records the notice posted 12 days ago and submits; the Jinan housing
// department approves; construction and acceptance; the Jinan regulator registers the elevator (使用登记), which
// creates the registry record; the use unit records the maintenance contract, enrols it in 96333 and applies for the
// subsidy (150,000 − 2 × 5,000). One real server (fresh PGlite store, no broker) and one headless Chromium; the
// organisations and logins are made through the API.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test, type TestContext } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchBrowser, OUT_DIR, step, withPage } from './support/browser.ts';
import { menuItem, signInAs } from './support/flows.ts';
import { expectCount, expectPath, expectText, expectVisible } from './support/expect.ts';
import { apiLogin, startServer, type RunningServer } from './support/server.ts';

const USE_UNIT = { username: 'e2e-useunit', password: 'UseUnit123', name: '济南文化东路小区业主委员会' };
const HOUSING = { username: 'e2e-housing', password: 'Housing123' };
const REGULATOR = { username: 'e2e-jinan', password: 'Regulator123' };
const MAINTENANCE = '济南安达电梯维保有限公司';
const ADDRESS = '济南市历下区文化东路12号';
const CODE = '31103701022024010077';
const RESCUE = '7390077';
/** 12 households of 80 m²; 7 took part (6 agree, 1 disagrees): 7/12 < 2/3. */
const HOUSEHOLDS = Array.from({ length: 12 }, (_, i) => {
  const floor = Math.floor(i / 2) + 1;
  const vote = i < 6 ? ',同意' : i === 6 ? ',反对' : '';
  return `${floor}0${(i % 2) + 1},${floor},80,业主${i + 1}${vote}`;
}).join('\n');

let server: RunningServer;
let browser: Browser;

async function inBrowser(t: TestContext, label: string, body: (page: Page) => Promise<void>): Promise<void> {
  try {
    await withPage(browser, server.baseUrl, label, body);
  } catch (err) {
    const out = server.output().trim();
    if (out && err instanceof Error && !err.message.includes('server output')) err.message += `\n  server output (tail):\n${out.slice(-3000)}`;
    throw err;
  }
}

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

const dialog = (page: Page, title: string) => page.locator('.ant-modal:visible').filter({ has: page.locator('.ant-modal-title', { hasText: new RegExp(`^${title}$`) }) });
const noDialog = (page: Page) => expectCount(page.locator('.ant-modal:visible'), 0);
const ok = (d: Locator) => d.getByRole('button', { name: /确\s*定|OK/ }).click();
const status = (page: Page) => page.getByTestId('addon-status');
const action = (page: Page, label: string) => page.getByTestId('addon-actions').getByRole('button', { name: new RegExp(`^${label.split('').join('\\s*')}$`) });
/** Picks an option of the antd Select inside `scope` by its text. */
async function choose(page: Page, scope: Locator, option: string | RegExp): Promise<void> {
  await scope.locator('.ant-select').first().click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: option }).first().click();
}
/** Opens the project page from 加装项目 (one project in the list). */
async function openProject(page: Page): Promise<void> {
  await menuItem(page, '加装项目').click();
  await expectPath(page, '/addon');
  await page.getByTestId('addon-project-table').getByRole('link', { name: new RegExp(ADDRESS) }).click();
  await expectText(page.getByTestId('addon-title'), ADDRESS);
}

describe('LiftSafe added elevators in the browser', { concurrency: 1 }, () => {
  before(
    async () => {
      fs.mkdirSync(OUT_DIR, { recursive: true });
      server = await startServer();
      browser = await launchBrowser();
      const admin = await apiLogin(server.baseUrl);
      const org = (name: string, type: string, regionCode: string, extra: object = {}) => api<{ id: number }>(admin, 'POST', '/api/orgs', { name, type, regionCode, ...extra });
      const user = (u: { username: string; password: string }, orgId: number, roles: string[]) => api(admin, 'POST', '/api/users', { ...u, displayName: u.username, orgId, roles });
      await user(USE_UNIT, (await org(USE_UNIT.name, 'use_unit', '370102')).id, ['use_unit']);
      await user(HOUSING, (await org('济南市住房和城乡建设局', 'housing', '370100')).id, ['housing']);
      await user(REGULATOR, (await org('济南市市场监督管理局', 'regulator', '370100')).id, ['regulator']);
      await org('济南市历下区文东街道办事处', 'street_office', '370102');
      const maint = await org(MAINTENANCE, 'maintenance', '370102', { hotline: '0531-88886666' });
      const maintUser = { username: 'e2e-maint', password: 'Maint12345' };
      await user(maintUser, maint.id, ['maintenance']);
      await api(await apiLogin(server.baseUrl, maintUser.username, maintUser.password), 'POST', '/api/maintenance/notifications', { cityCode: '370100', licenceNo: 'TS3137001-2026' });
    },
    { timeout: 180_000 },
  );

  after(async () => {
    await browser?.close().catch(() => {});
    await server?.stop();
  });

  test('an added-elevator project from consent to use registration: the new elevator is in the registry and enrolled in 96333', { timeout: 300_000 }, async (t) => {
    await inBrowser(t, `${t.name}-useunit`, async (page) => {
      await step(page, t.name, 'the use unit creates the project for 3号楼2单元 (6 storeys)', async () => {
        await signInAs(page, USE_UNIT.username, USE_UNIT.password);
        await menuItem(page, '加装项目').click();
        await page.getByRole('button', { name: '新建项目' }).click();
        const d = dialog(page, '新建加装电梯项目');
        await d.locator('.ant-select').first().click();
        await page.keyboard.type('历下区');
        await page.locator('.ant-select-dropdown:visible .ant-select-tree-title', { hasText: /^历下区$/ }).click();
        await d.getByLabel('小区地址').fill(ADDRESS);
        await d.getByLabel('楼号').fill('3号楼');
        await d.getByLabel('单元').fill('2单元');
        await ok(d);
        await expectText(page.getByTestId('addon-title'), `${ADDRESS} 3号楼2单元`);
        await expectText(status(page), '征求意见');
      });

      await step(page, t.name, 'households pasted with their votes: 7 of 12 took part, the tally shows participation short of 2/3', async () => {
        await page.getByRole('button', { name: '添加住户' }).click();
        const d = dialog(page, '添加住户');
        await d.getByLabel('住户清单').fill(HOUSEHOLDS);
        await ok(d);
        await noDialog(page);
        await expectCount(page.getByTestId('addon-households').locator('tbody tr.ant-table-row'), 12);
        const tally = page.getByTestId('addon-tally');
        await expectText(tally, '未达到规定比例');
        await expectText(tally, '7 户 / 12 户');
      });

      await step(page, t.name, 'one more owner abstains: exactly 2/3 take part, 3/4 of them agree; consent confirmed', async () => {
        await choose(page, page.getByTestId('addon-households').locator('tr', { hasText: '业主8' }), '弃权');
        await expectText(page.getByTestId('addon-tally'), '已达到规定比例');
        await action(page, '确认征询结果').click();
        await expectText(status(page), '签订协议');
      });

      await step(page, t.name, 'the cost-sharing agreement: two households do not sign, the others share 300,000 yuan equally', async () => {
        await action(page, '签订费用分摊协议').click();
        const d = dialog(page, '签订费用分摊协议');
        await d.getByLabel('总费用（元）').fill('300000');
        await d.getByLabel('601 签署').uncheck();
        await d.getByLabel('602 签署').uncheck();
        await d.getByRole('button', { name: '按签约住户平均分摊' }).click();
        await expectText(d.getByTestId('agreement-sum'), '300000');
        await ok(d);
        await expectText(status(page), '设计选型');
      });

      await step(page, t.name, 'design and selection, then the notice posted 12 days ago; submitted to the housing department', async () => {
        await action(page, '完成设计选型').click();
        const d = dialog(page, '完成设计选型');
        await d.getByLabel('设计单位').fill('济南市建筑设计研究院');
        await d.getByLabel('制造单位').fill('日立电梯（中国）有限公司');
        await d.getByLabel('型号').fill('HGP-AE');
        await ok(d);
        await expectText(status(page), '公示');
        await action(page, '开始公示').click();
        const n = dialog(page, '开始公示');
        const posted = new Date(Date.now() + 8 * 3600_000 - 12 * 86_400_000).toISOString().slice(0, 10);
        const input = n.getByLabel('公示开始日期（张贴之日）');
        await input.fill(posted);
        // Enter takes the typed date and submits the form.
        await input.press('Enter');
        await noDialog(page);
        await expectText(page.getByTestId('addon-notice'), `${posted} 起公示 10 天`);
        await action(page, '提交审批').click();
        await expectText(status(page), '待审批');
      });
    });

    await inBrowser(t, `${t.name}-housing`, async (page) => {
      await step(page, t.name, 'the Jinan housing department approves the project', async () => {
        await signInAs(page, HOUSING.username, HOUSING.password);
        await openProject(page);
        await expectText(page.getByTestId('addon-tally'), '已达到规定比例');
        await action(page, '批准').click();
        const d = dialog(page, '批准');
        await d.getByLabel('批准文号').fill('济建加梯〔2026〕18号');
        await ok(d);
        await expectText(status(page), '已批准');
      });
    });

    await inBrowser(t, `${t.name}-construction`, async (page) => {
      await step(page, t.name, 'the use unit starts construction and records the acceptance today (registration due in 30 days)', async () => {
        await signInAs(page, USE_UNIT.username, USE_UNIT.password);
        await openProject(page);
        await action(page, '开工').click();
        await expectText(status(page), '施工');
        await action(page, '竣工验收').click();
        await ok(dialog(page, '竣工验收'));
        await expectText(status(page), '已验收');
      });
    });

    await inBrowser(t, `${t.name}-regulator`, async (page) => {
      await step(page, t.name, 'the Jinan regulator registers the elevator: the registry record is created and opens from the project', async () => {
        await signInAs(page, REGULATOR.username, REGULATOR.password);
        await openProject(page);
        await action(page, '办理使用登记').click();
        const d = dialog(page, '办理使用登记');
        await d.getByLabel('注册代码').fill(CODE);
        await d.getByLabel('应急救援识别码').fill(RESCUE);
        await ok(d);
        await expectText(status(page), '已使用登记');
        await page.getByTestId('addon-elevator-link').click();
        await expectPath(page, `/elevators/${CODE}`);
        await expectText(page.locator('main'), `${ADDRESS}3号楼2单元`);
        await expectText(page.locator('main'), USE_UNIT.name);
      });

      await step(page, t.name, 'the elevator is found in the registry list by its code', async () => {
        await menuItem(page, '电梯档案').click();
        await expectPath(page, '/elevators');
        const search = page.getByPlaceholder('注册代码/救援识别码/地址/单位名称');
        await search.fill(CODE);
        await search.press('Enter');
        await expectText(page.getByText(/^符合条件 \d+ 台$/), '符合条件 1 台');
        await expectVisible(page.getByRole('link', { name: CODE }));
      });
    });

    await inBrowser(t, `${t.name}-service`, async (page) => {
      await step(page, t.name, 'the maintenance contract, 96333 enrolment and the subsidy application (150,000 − 2 × 5,000)', async () => {
        await signInAs(page, USE_UNIT.username, USE_UNIT.password);
        await openProject(page);
        await action(page, '登记维保合同').click();
        const d = dialog(page, '登记维保合同');
        await choose(page, d.locator('.ant-form-item', { hasText: '维保单位' }), MAINTENANCE);
        const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
        const nextYear = `${Number(today.slice(0, 4)) + 1}${today.slice(4, 10)}`;
        const range = d.locator('.ant-picker-range input');
        await range.first().click();
        await range.first().fill(today);
        await range.nth(1).click();
        await range.nth(1).fill(nextYear);
        await range.nth(1).press('Enter');
        await d.getByLabel('年费（元）').fill('6000');
        await ok(d);
        await expectText(status(page), '已签维保');
        await action(page, '纳入96333').click();
        await expectText(status(page), '已纳入96333');
        await page.getByTestId('addon-actions').getByRole('button', { name: '申请补助' }).click();
        await expectText(page.getByTestId('addon-subsidy-calc'), '140,000 元');
        await expectText(page.getByTestId('addon-subsidy-calc'), '未签约住户 2 户');
      });
    });
  });
});
