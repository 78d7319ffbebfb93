// Browser flow of enforcement and credit files: the Jinan regulator issues a published warning (警示通报) to a use
// unit on 执法措施, runs a 隐患排查专项行动 from criteria (preview: the unit's two Lixia elevators) to one recorded
// result that raises a hazard; the use unit then reads 我的信用: the warning's −3 points and the score history.
// One real server (fresh PGlite store, no broker) and one headless Chromium; organisations and logins via the API.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test, type TestContext } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { buildRow, toCsv, uscc } from '../src/test/factories.ts';
import { launchBrowser, OUT_DIR, screenshot, step, withPage } from './support/browser.ts';
import { expectCount, expectPath, expectText, expectVisible } from './support/expect.ts';
import { menuItem, signInAs } from './support/flows.ts';
import { apiImportCsv, apiLogin, startServer, type RunningServer } from './support/server.ts';

const REGULATOR = { username: 'e2e-jinan', password: 'Regulator123', displayName: '济南监管员' };
const USE_UNIT = { username: 'e2e-unit', password: 'UseUnit123', name: '济南泉城物业服务有限公司' };
const UNIT_CODE = uscc('370102');
const rows = [0, 1].map(() => buildRow({ regionCode: '370102', useUnitName: USE_UNIT.name, useUnitCreditCode: UNIT_CODE }));

let server: RunningServer;
let browser: Browser;

async function inBrowser(t: TestContext, label: string, body: (page: Page) => Promise<void>): Promise<void> {
  try {
    await withPage(browser, server.baseUrl, label, body);
  } catch (err) {
    const out = server.output().trim();
    if (out && err instanceof Error) err.message += `\n  server output (tail):\n${out.slice(-3000)}`;
    throw err;
  }
}

async function api<T>(token: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${server.baseUrl}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

const dialog = (page: Page, title: string) => page.locator('.ant-modal:visible').filter({ has: page.locator('.ant-modal-title', { hasText: new RegExp(`^${title}$`) }) });
const button = (scope: Page | Locator, label: string) => scope.getByRole('button', { name: new RegExp(`^${label.split('').join('\\s*')}$`) });

describe('LiftSafe enforcement and credit files in the browser', { concurrency: 1 }, () => {
  before(
    async () => {
      fs.mkdirSync(OUT_DIR, { recursive: true });
      server = await startServer();
      browser = await launchBrowser();
      const admin = await apiLogin(server.baseUrl);
      await apiImportCsv(server.baseUrl, admin, toCsv(rows));
      const orgs = await api<{ items: { id: number; creditCode: string | null }[] }>(admin, 'GET', `/api/orgs?q=${encodeURIComponent(USE_UNIT.name)}`);
      const unit = orgs.items.find((o) => o.creditCode === UNIT_CODE)!;
      const jinan = await api<{ id: number }>(admin, 'POST', '/api/orgs', { name: '济南市市场监督管理局', type: 'regulator', regionCode: '370100' });
      await api(admin, 'POST', '/api/users', { ...REGULATOR, orgId: jinan.id, roles: ['regulator'] });
      await api(admin, 'POST', '/api/users', { username: USE_UNIT.username, password: USE_UNIT.password, displayName: '安全管理员', orgId: unit.id, roles: ['use_unit'] });
    },
    { timeout: 180_000 },
  );

  after(async () => {
    await browser?.close().catch(() => {});
    await server?.stop();
  });

  test('a published warning and a campaign result; the use unit’s credit page reflects the warning', { timeout: 240_000 }, async (t) => {
    await inBrowser(t, `${t.name}-regulator`, async (page) => {
      await step(page, t.name, 'the regulator issues a published warning to the use unit', async () => {
        await signInAs(page, REGULATOR.username, REGULATOR.password);
        await menuItem(page, '执法措施').click();
        await expectPath(page, '/enforcement/actions');
        await button(page, '采取执法措施').click();
        const d = dialog(page, '采取执法措施');
        await d.getByLabel('对象统一社会信用代码').fill(UNIT_CODE);
        await d.getByLabel('事由').fill('电梯应急通话装置失效未及时修复');
        await d.getByLabel('法律依据').fill('《中华人民共和国特种设备安全法》第三十九条');
        await d.getByLabel('同时公示').click();
        await button(d, '确定').click();
        const row = page.getByTestId('actions-table').locator('tr', { hasText: USE_UNIT.name });
        await expectText(row, '警示通报');
        await expectText(row, '已公示');
      });

      await step(page, t.name, 'a campaign from criteria: preview counts the Lixia elevators, the regulator assigns them to itself', async () => {
        await menuItem(page, '专项行动').click();
        await button(page, '发起专项行动').click();
        const d = dialog(page, '发起专项行动');
        await d.getByLabel('场所类型').click();
        await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: /^住宅$/ }).click();
        await button(d, '预览').click();
        await expectText(d.getByTestId('campaign-preview-total'), '2');
        await button(d, '下一步').click();
        await d.getByLabel('行动名称').fill('住宅电梯隐患排查');
        await d.getByLabel('检查人员').click();
        await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: REGULATOR.displayName }).click();
        await page.keyboard.press('Escape');
        await button(d, '创建行动').click();
        await expectPath(page, /\/enforcement\/campaigns\/\d+$/);
        await expectText(page.getByTestId('campaign-progress'), '0/2');
      });

      await step(page, t.name, 'the inspector records a hazard on the first elevator: progress 1/2', async () => {
        await button(page.getByTestId('campaign-elevators').locator('tbody tr.ant-table-row').first(), '发现隐患').click();
        const d = dialog(page, '发现隐患');
        await d.getByLabel('隐患描述').fill('轿厢应急照明不亮');
        await button(d, '确定').click();
        await expectText(page.getByTestId('campaign-progress'), '1/2');
        await expectCount(page.getByTestId('campaign-elevators').locator('.ant-tag', { hasText: /^发现隐患$/ }), 1);
        await screenshot(page, 'enforcement-campaign');
      });
    });

    await inBrowser(t, `${t.name}-useunit`, async (page) => {
      await step(page, t.name, 'the use unit reads 我的信用: 97 points, the warning and the history chart', async () => {
        await signInAs(page, USE_UNIT.username, USE_UNIT.password);
        await menuItem(page, '我的信用').click();
        await expectPath(page, '/credit/me');
        await expectText(page.getByTestId('credit-score'), '97');
        await expectText(page.getByTestId('credit-grade'), 'A');
        await expectText(page.getByTestId('credit-events'), '警示通报');
        await expectVisible(page.getByTestId('credit-history'));
        assert.match(await page.getByTestId('credit-events').innerText(), /−3/);
      });
    });
  });
});
