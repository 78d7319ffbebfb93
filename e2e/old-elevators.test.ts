// Browser flow of old elevators and hazards (老旧电梯 / 隐患整治): a Jinan regulator opens 老旧电梯, finds an elevator
// registered in 2002 (over 20 years, made before 2005 without ascending-overspeed protection) on the 20-year tab,
// opens its page and reads the 风险评分 card with each factor's input and points; then on 隐患整治 records a hazard for
// it from a supervision check. The elevator's maintenance company fixes it on a phone with a note and a photo's
// fingerprint; the regulator verifies and closes it, and the timeline shows the three steps. One real server (fresh
// PGlite store, no broker) and one headless Chromium; the organisations and logins are made through the API.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test, type TestContext } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { buildRow, regCode, toCsv } from '../src/test/factories.ts';
import { launchBrowser, OUT_DIR, screenshot, step, withPage } from './support/browser.ts';
import { expectAttribute, expectCount, expectPath, expectText, expectVisible } from './support/expect.ts';
import { menuItem, signIn, signInAs } from './support/flows.ts';
import { apiImportCsv, apiLogin, startServer, type RunningServer } from './support/server.ts';

const MAINTENANCE = '济南老城电梯维保有限公司';
const old = buildRow({
  registrationCode: regCode({ ym: '200204' }),
  address: '山东省济南市历下区文化东路16号',
  maintenanceName: MAINTENANCE,
  useUnitName: '济南文化东路物业有限公司',
  manufactureDate: '2001-03-01',
  acceptanceDate: '2002-04-10',
  commissioningDate: '2002-04-20',
  registrationDate: '2002-05-01',
  ascendingOverspeedProtection: '无',
});
const recent = buildRow({ maintenanceName: MAINTENANCE });

const REGULATOR = { username: 'e2e-jn-regulator', password: 'Regulator123', displayName: '济南市局监管员' };
const WORKER = { username: 'e2e-laocheng', password: 'Maint12345', displayName: '老城维保员' };
const PHOTO = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xff, 0xd9]);

let server: RunningServer;
let browser: Browser;

async function inBrowser(label: string, body: (page: Page) => Promise<void>, options?: Parameters<typeof withPage>[4]): Promise<void> {
  try {
    await withPage(browser, server.baseUrl, label, body, options);
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

/** The open dialog with this title (the drawer behind it has buttons of the same name). */
const dialog = (page: Page, title: string | RegExp) => page.locator('.ant-modal:visible').filter({ has: page.locator('.ant-modal-title', { hasText: title }) });

/** Takes one step from the open hazard drawer: the step's button, a note in its dialog, its OK button. */
async function takeStep(page: Page, action: string, note: string, before?: (d: ReturnType<typeof dialog>) => Promise<void>): Promise<void> {
  await page.getByTestId('hazard-actions').getByRole('button', { name: action }).click();
  const d = dialog(page, new RegExp(`^${action} · `));
  await expectVisible(d);
  await d.getByLabel('说明').fill(note);
  await before?.(d);
  await d.getByRole('button', { name: action }).click();
  await expectCount(d, 0);
}

describe('LiftSafe old elevators and hazards in the browser', { concurrency: 1 }, () => {
  let hazardId = '';

  before(
    async () => {
      fs.mkdirSync(OUT_DIR, { recursive: true });
      server = await startServer();
      browser = await launchBrowser();
      const admin = await apiLogin(server.baseUrl);
      const seed = await apiImportCsv(server.baseUrl, admin, toCsv([old, recent]));
      assert.equal(seed.imported, 2, `seed import: ${JSON.stringify(seed.rejected)}`);
      const maint = await api<{ items: { id: number; name: string }[] }>(admin, 'GET', `/api/orgs?type=maintenance&q=${encodeURIComponent(MAINTENANCE)}`);
      const maintId = maint.items.find((o) => o.name === MAINTENANCE)?.id;
      assert.ok(maintId, `maintenance company from the import: ${JSON.stringify(maint.items)}`);
      const regulator = await api<{ id: number }>(admin, 'POST', '/api/orgs', { name: '济南市市场监督管理局', type: 'regulator', regionCode: '370100' });
      await api(admin, 'POST', '/api/users', { ...REGULATOR, orgId: regulator.id, roles: ['regulator'] });
      await api(admin, 'POST', '/api/users', { ...WORKER, orgId: maintId, roles: ['maintenance'] });
    },
    { timeout: 180_000 },
  );

  after(async () => {
    await browser?.close().catch(() => {});
    await server?.stop();
  });

  test('a regulator finds an old elevator and its risk factors, raises a hazard; the maintenance company fixes it on a phone; the regulator verifies and closes it', { timeout: 300_000 }, async (t: TestContext) => {
    await inBrowser(`${t.name}-regulator`, async (desk) => {
      await step(desk, t.name, '老旧电梯: the 20-year tab lists the elevator registered in 2002 with its tiers', async () => {
        await signInAs(desk, REGULATOR.username, REGULATOR.password);
        await menuItem(desk, '老旧电梯').click();
        await expectPath(desk, '/risk/old-elevators');
        await expectVisible(desk.getByRole('heading', { name: '老旧电梯' }));
        await expectText(desk.getByTestId('old-totals'), /20 年以上\s*1/);
        await desk.getByRole('tab', { name: /使用超过 20 年/ }).click();
        await expectPath(desk, '/risk/old-elevators?tier=20');
        await expectText(desk.getByTestId('tier-hint'), '2004-01-01 前办理使用登记');
        const row = desk.getByTestId('old-elevator-table').locator(`tr[data-code="${old.registrationCode}"]`);
        await expectText(row, old.address);
        await expectText(row, '2002-05-01');
        await expectText(row, '15 年以上');
        await expectText(row, '20 年以上');
        await expectText(row, '待加装超速保护');
        await expectCount(desk.getByTestId('old-elevator-table').locator(`tr[data-code="${recent.registrationCode}"]`), 0);
        await row.getByRole('link', { name: old.registrationCode }).click();
      });

      await step(desk, t.name, 'the elevator’s page shows 风险评分 with every factor in Chinese, its input and points', async () => {
        await expectPath(desk, `/elevators/${old.registrationCode}`);
        const card = desk.getByTestId('elevator-risk');
        await expectCount(card.locator('[data-factor]'), 8);
        await expectText(card.getByTestId('risk-input-age'), /^2\d\.\d 年$/);
        await expectText(card.locator('[data-factor="usage"]'), '住宅');
        await expectText(card.locator('[data-factor="faults"]'), '近 12 个月 0 次故障');
        await expectText(card.locator('[data-factor="inspection"]'), '无检验报告');
        await expectText(card.getByTestId('risk-total'), /合计 [\d.]+ 分/);
        await expectText(card, /[1-4] 级/);
        await expectText(desk.getByTestId('elevator-hazards'), '暂无未完成的隐患');
        await screenshot(desk, 'elevator-risk');
      });

      await step(desk, t.name, '隐患整治: 登记隐患 from the elevator page records a supervision hazard for the maintenance company', async () => {
        await desk.getByTestId('elevator-hazards').getByRole('link', { name: '登记隐患' }).click();
        await expectPath(desk, /^\/hazards\?/);
        const d = dialog(desk, '登记隐患');
        await expectVisible(d);
        assert.equal(await d.getByLabel('注册代码').inputValue(), old.registrationCode);
        await d.getByLabel('来源编号').fill('JC-2026-0101');
        await d.getByLabel('隐患项目').fill('层门门锁');
        await d.getByLabel('隐患描述').fill('三层层门门锁啮合深度不足 7 mm');
        await d.getByRole('radio', { name: '一般', exact: true }).check();
        await d.getByRole('button', { name: '登记隐患' }).click();
        await expectCount(d, 0);
        const detail = desk.getByTestId('hazard-detail');
        await expectAttribute(detail, 'data-status', 'open');
        await expectText(detail, '层门门锁');
        await expectText(detail, MAINTENANCE);
        await expectText(detail, '监督检查');
        hazardId = new URL(desk.url()).searchParams.get('id') ?? '';
        assert.match(hazardId, /^\d+$/);
      });
    });

    await inBrowser(
      `${t.name}-maintenance`,
      async (phone) => {
        await step(phone, t.name, 'the maintenance company opens the hazard on a phone and marks it fixed with a note and a photo', async () => {
          await phone.goto(`/login?next=${encodeURIComponent('/hazards')}`);
          await phone.getByLabel('用户名', { exact: true }).fill(WORKER.username);
          await phone.getByLabel('密码', { exact: true }).fill(WORKER.password);
          await phone.getByRole('button', { name: /登\s*录/ }).click();
          await expectPath(phone, '/hazards');
          const card = phone.getByTestId('hazard-list').locator(`[data-hazard-id="${hazardId}"]`);
          await expectText(card, '层门门锁');
          await card.click();
          const detail = phone.getByTestId('hazard-detail');
          await expectAttribute(detail, 'data-status', 'open');
          await takeStep(phone, '整改完成', '已调整三层层门门锁啮合深度至 8 mm，试验正常', async (d) => {
            await d.getByTestId('hazard-evidence-file').setInputFiles({ name: 'lock.jpg', mimeType: 'image/jpeg', buffer: PHOTO });
            await expectText(d.getByTestId('hazard-evidence-hash'), /lock\.jpg：[0-9a-f]{16}…/);
          });
          await expectAttribute(detail, 'data-status', 'fixed');
          await expectText(phone.getByTestId('hazard-timeline'), '已调整三层层门门锁啮合深度至 8 mm');
          await expectText(phone.getByTestId('hazard-actions'), '当前状态下您没有可执行的操作');
          await screenshot(phone, 'hazard-fixed-mobile');
        });
      },
      { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
    );

    await inBrowser(`${t.name}-verify`, async (desk) => {
      await step(desk, t.name, 'the regulator verifies the fix and closes the hazard; the timeline shows the three steps', async () => {
        await signInAs(desk, REGULATOR.username, REGULATOR.password);
        await desk.goto(`/hazards?id=${hazardId}`);
        const detail = desk.getByTestId('hazard-detail');
        await expectAttribute(detail, 'data-status', 'fixed');
        await takeStep(desk, '验证通过', '现场复查门锁啮合深度 8 mm，符合要求');
        await expectAttribute(detail, 'data-status', 'verified');
        await takeStep(desk, '关闭隐患', '整改完毕，予以关闭');
        await expectAttribute(detail, 'data-status', 'closed');
        const steps = desk.getByTestId('hazard-timeline').locator('[data-action]');
        await expectCount(steps, 3);
        assert.deepEqual(await steps.evaluateAll((els) => els.map((e) => e.getAttribute('data-action'))), ['fix', 'verify', 'close']);
        await expectText(steps.nth(0), WORKER.displayName);
        await expectText(steps.nth(2), REGULATOR.displayName);
      });

      await step(desk, t.name, 'the closed hazard leaves the open list and counts as closed in the summary', async () => {
        await desk.getByRole('button', { name: 'Close' }).or(desk.locator('.ant-drawer-close')).first().click();
        await expectCount(desk.getByTestId('hazard-table').locator(`tr[data-hazard-id="${hazardId}"]`), 0);
        await expectText(desk.getByTestId('summary-supervision'), /已验证\/关闭\s*1/);
        await desk.goto('/risk/old-elevators?tier=20');
        await expectVisible(desk.getByTestId('old-elevator-table').locator(`tr[data-code="${old.registrationCode}"]`));
        await screenshot(desk, 'old-elevators');
      });
    });

    await inBrowser(`${t.name}-model`, async (desk) => {
      await step(desk, t.name, 'the administrator recomputes every score from 风险模型 and follows it to the end; 风险排名 then lists both elevators', async () => {
        await signIn(desk);
        await menuItem(desk, '风险模型').click();
        await expectPath(desk, '/risk/model');
        await expectText(desk.getByTestId('model-version'), /当前版本 v\d+/);
        await expectText(desk.getByTestId('weight-sum'), '合计 100');
        await desk.getByRole('button', { name: /重新计算全部评分/ }).click();
        await expectAttribute(desk.getByTestId('recompute-status'), 'data-status', 'done', 60_000);
        await expectText(desk.getByTestId('recompute-status'), /已处理 2 \/ 2 台/);
        await menuItem(desk, '风险排名').click();
        await expectPath(desk, '/risk/ranking');
        await expectCount(desk.getByTestId('ranking-table').locator('tbody tr.ant-table-row'), 2);
        await expectText(desk.getByTestId('ranking-table').locator('tbody tr.ant-table-row').first(), old.registrationCode);
        await expectText(desk.getByTestId('grade-filter'), '全部 2');
      });
    });
  });
});
