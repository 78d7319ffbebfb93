// Browser flows of personnel and manufacturers: two maintenance companies register the same person (one ID number)
// at once; the Jinan regulator opens 挂证检测, runs the detections and confirms the finding with a note. A
// manufacturer sends 维保建议 on its model; the use unit of the elevator opens 厂家建议 and acknowledges it. One real
// server (fresh PGlite store, no broker) and one headless Chromium; organisations, logins and elevators via the API.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test, type TestContext } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, OUT_DIR, step, withPage } from './support/browser.ts';
import { menuItem, signInAs } from './support/flows.ts';
import { expectCount, expectText, expectVisible } from './support/expect.ts';
import { apiImportCsv, apiLogin, startServer, type RunningServer } from './support/server.ts';
import { buildRow, toCsv } from '../src/test/factories.ts';
import { idCheckChar } from '../src/modules/personnel/personnel.domain.ts';

const REGULATOR = { username: 'e2e-jinan', password: 'Regulator123' };
const USE_UNIT = { username: 'e2e-useunit', password: 'UseUnit123', name: '济南泉城物业服务有限公司' };
const MAKER = { username: 'e2e-maker', password: 'Maker12345', name: '泰山电梯制造有限公司' };
const MAINT_A = { username: 'e2e-maint-a', password: 'Maint12345', name: '济南安达电梯维保有限公司' };
const MAINT_B = { username: 'e2e-maint-b', password: 'Maint12345', name: '青岛海纳电梯工程有限公司' };
const FIRST17 = '37010219870512123';
const ID = FIRST17 + idCheckChar(FIRST17);

let server: RunningServer;
let browser: Browser;
const tokens: Record<string, string> = {};

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
  const res = await fetch(`${server.baseUrl}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

describe('LiftSafe personnel and manufacturers in the browser', { concurrency: 1 }, () => {
  before(
    async () => {
      fs.mkdirSync(OUT_DIR, { recursive: true });
      server = await startServer();
      browser = await launchBrowser();
      const admin = await apiLogin(server.baseUrl);
      const org = (name: string, type: string, regionCode: string) => api<{ id: number }>(admin, 'POST', '/api/orgs', { name, type, regionCode });
      const user = async (u: { username: string; password: string }, orgId: number, roles: string[]) => {
        await api(admin, 'POST', '/api/users', { ...u, displayName: u.username, orgId, roles });
        tokens[u.username] = await apiLogin(server.baseUrl, u.username, u.password);
      };
      await user(REGULATOR, (await org('济南市市场监督管理局', 'regulator', '370100')).id, ['regulator']);
      await user(USE_UNIT, (await org(USE_UNIT.name, 'use_unit', '370102')).id, ['use_unit']);
      await user(MAKER, (await org(MAKER.name, 'manufacturer', '370100')).id, ['manufacturer']);
      await user(MAINT_A, (await org(MAINT_A.name, 'maintenance', '370102')).id, ['maintenance']);
      await user(MAINT_B, (await org(MAINT_B.name, 'maintenance', '370202')).id, ['maintenance']);
      const row = buildRow({ regionCode: '370102', useUnitName: USE_UNIT.name, maintenanceName: MAINT_A.name, manufacturerName: MAKER.name, model: 'TS-3000' });
      const report = await apiImportCsv(server.baseUrl, admin, toCsv([row]));
      assert.equal(report.imported, 1, JSON.stringify(report.rejected));
      // The same person (one ID number) registered as a maintenance worker by a Jinan and a Qingdao company at once.
      for (const [who, from] of [[MAINT_A.username, '2025-01-01'], [MAINT_B.username, '2025-09-01']] as const)
        await api(tokens[who]!, 'POST', '/api/personnel/people', { name: '张挂证', idNumber: ID, employment: { role: 'maintenance_worker', employedFrom: from } });
      await api(tokens[MAKER.username]!, 'POST', '/api/manufacturers/advice', { kind: 'maintenance', title: 'TS-3000 门机皮带维保建议', body: '建议每季度检查门机皮带张紧度。', models: ['TS-3000'] });
    },
    { timeout: 180_000 },
  );

  after(async () => {
    await browser?.close().catch(() => {});
    await server?.stop();
  });

  test('the regulator runs the 挂证 detections and confirms one person at two companies', { timeout: 180_000 }, async (t) => {
    await inBrowser(t, t.name, async (page) => {
      await step(page, t.name, 'the regulator opens 挂证检测 and runs the detections', async () => {
        await signInAs(page, REGULATOR.username, REGULATOR.password);
        await menuItem(page, '挂证检测').click();
        await page.getByRole('button', { name: '立即检测' }).click();
        const row = page.getByTestId('detections-table').locator('tr.ant-table-row', { hasText: '张挂证' });
        await expectVisible(row);
        await expectText(row, MAINT_A.name);
        await expectText(row, MAINT_B.name);
        await expectText(row, '重叠期：2025-09-01 至 至今');
      });
      await step(page, t.name, 'confirms it with a note: it leaves the list of open findings', async () => {
        await page.getByTestId('detections-table').locator('tr.ant-table-row', { hasText: '张挂证' }).getByRole('button', { name: /核\s*查/ }).click();
        const d = page.locator('.ant-modal:visible');
        await d.getByLabel('核查意见').fill('经核实，该人员同时在两家单位登记，已移交稽查');
        await d.getByRole('button', { name: /确\s*定|OK/ }).click();
        await expectCount(page.getByTestId('detections-table').locator('tr.ant-table-row', { hasText: '张挂证' }), 0);
      });
    });
    const confirmed = await api<{ items: { subjectName: string; status: string; note: string }[] }>(tokens[REGULATOR.username]!, 'GET', '/api/personnel/detections?status=confirmed');
    assert.deepEqual(confirmed.items.map((d) => [d.subjectName, d.status]), [['张挂证', 'confirmed']]);
  });

  test('the use unit acknowledges the manufacturer’s advice from its inbox', { timeout: 180_000 }, async (t) => {
    await inBrowser(t, t.name, async (page) => {
      await step(page, t.name, 'the use unit opens 厂家建议 and the advice', async () => {
        await signInAs(page, USE_UNIT.username, USE_UNIT.password);
        await menuItem(page, '厂家建议').click();
        await page.getByTestId('advice-table').getByText('TS-3000 门机皮带维保建议').click();
        await expectText(page.locator('.ant-drawer'), '建议每季度检查门机皮带张紧度');
      });
      await step(page, t.name, 'acknowledges it with a note', async () => {
        await page.getByPlaceholder('处理说明（可选）').fill('已通知维保单位落实');
        await page.getByRole('button', { name: '确认收到' }).click();
        await expectText(page.locator('.ant-drawer'), /已于 .* 确认收到/);
      });
    });
    const outstanding = await api<{ items: { org: { name: string } }[] }>(tokens[MAKER.username]!, 'GET', '/api/manufacturers/advice-outstanding');
    assert.deepEqual(outstanding.items.map((o) => o.org.name), [MAINT_A.name], 'only the maintenance company has yet to acknowledge');
  });
});
