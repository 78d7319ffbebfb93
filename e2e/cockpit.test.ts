// Browser flow of 监管驾驶舱 and a department view: a provincial regulator opens the cockpit, clicks 济南 on the map's
// region list (the cockpit narrows to Jinan), clicks 逾期未检 and lands on the overdue-inspection list filtered to
// Jinan, showing the same count. An education department user lands on its own dashboard, which counts school
// elevators only, and the registry list behind its number lists only schools. One real server (fresh PGlite store,
// no broker) and one headless Chromium; the organisations and logins are made through the API.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test, type TestContext } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { buildRow, toCsv } from '../src/test/factories.ts';
import { launchBrowser, OUT_DIR, screenshot, step, withPage } from './support/browser.ts';
import { eventually, expectCount, expectPath, expectText, expectVisible } from './support/expect.ts';
import { menuItem, signInAs } from './support/flows.ts';
import { apiImportCsv, apiLogin, startServer, type RunningServer } from './support/server.ts';

// Accepted in 2019 with no inspection on record: each is overdue once its schedule is computed.
const jinanSchool = buildRow({ regionCode: '370102', placeType: '学校', address: '山东省济南市历下区文化东路61号实验小学' });
const jinanHomes = [buildRow({ regionCode: '370102', placeType: '住宅' }), buildRow({ regionCode: '370103', placeType: '住宅' })];
const qingdaoSchool = buildRow({ regionCode: '370202', placeType: '学校', address: '山东省青岛市市南区香港中路8号幼儿园' });
const qingdaoHome = buildRow({ regionCode: '370202', placeType: '住宅' });

const REGULATOR = { username: 'e2e-sd-regulator', password: 'Regulator123', displayName: '省局监管员' };
const EDUCATION = { username: 'e2e-education', password: 'Education123', displayName: '教育厅工作人员' };

let server: RunningServer;
let browser: Browser;

async function inBrowser(label: string, body: (page: Page) => Promise<void>): Promise<void> {
  try {
    await withPage(browser, server.baseUrl, label, body);
  } catch (err) {
    const out = server.output().trim();
    if (out && err instanceof Error) err.message += `\n  server output (tail):\n${out.slice(-3000)}`;
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

describe('LiftSafe cockpit and department views in the browser', { concurrency: 1 }, () => {
  before(
    async () => {
      fs.mkdirSync(OUT_DIR, { recursive: true });
      server = await startServer();
      browser = await launchBrowser();
      const admin = await apiLogin(server.baseUrl);
      const seed = await apiImportCsv(server.baseUrl, admin, toCsv([jinanSchool, ...jinanHomes, qingdaoSchool, qingdaoHome]));
      assert.equal(seed.imported, 5, `seed import: ${JSON.stringify(seed.rejected)}`);
      const province = await api<{ id: number }>(admin, 'POST', '/api/orgs', { name: '山东省市场监督管理局', type: 'regulator', regionCode: '370000' });
      await api(admin, 'POST', '/api/users', { ...REGULATOR, orgId: province.id, roles: ['regulator'] });
      const education = await api<{ id: number }>(admin, 'POST', '/api/orgs', { name: '山东省教育厅', type: 'education', regionCode: '370000' });
      await api(admin, 'POST', '/api/users', { ...EDUCATION, orgId: education.id, roles: ['department'] });
      // The inspection runtime gives imported elevators their schedule within a minute.
      const regulator = await apiLogin(server.baseUrl, REGULATOR.username, REGULATOR.password);
      await eventually(async () => {
        const overdue = await api<{ total: number }>(regulator, 'GET', '/api/inspection/overdue?pageSize=1');
        assert.equal(overdue.total, 5);
      }, 90_000);
    },
    { timeout: 240_000 },
  );

  after(async () => {
    await browser?.close().catch(() => {});
    await server?.stop();
  });

  test('a regulator narrows the cockpit to 济南 on the map and opens 逾期未检: the overdue list of Jinan with the same count', { timeout: 180_000 }, async (t: TestContext) => {
    await inBrowser(t.name, async (page) => {
      await step(page, t.name, '监管驾驶舱 shows the province: 5 overdue, the map lists 济南 and 青岛', async () => {
        await signInAs(page, REGULATOR.username, REGULATOR.password);
        await menuItem(page, '监管驾驶舱').click();
        await expectPath(page, '/cockpit');
        await expectText(page.getByTestId('stat-inspectionOverdue'), /逾期未检\s*5/);
        await expectText(page.getByTestId('stat-total'), /登记总数\s*5/);
        await expectText(page.getByTestId('region-370100'), '济南市 3');
        await expectText(page.getByTestId('region-370200'), '青岛市 2');
        await expectVisible(page.getByTestId('cockpit-map').locator('canvas'));
      });

      await step(page, t.name, 'clicking 济南 narrows every panel to Jinan and the map to its counties', async () => {
        await page.getByTestId('region-370100').click();
        await expectPath(page, '/cockpit?regionCode=370100');
        await expectText(page.getByTestId('cockpit-trail'), /济南市/);
        await expectText(page.getByTestId('stat-total'), /登记总数\s*3/);
        await expectText(page.getByTestId('stat-inspectionOverdue'), /逾期未检\s*3/);
        await expectText(page.getByTestId('region-370102'), '历下区 2');
        // The map is redrawn with Jinan's county outlines.
        await expectVisible(page.getByTestId('cockpit-map').locator('canvas'));
        await screenshot(page, 'cockpit-jinan');
      });

      await step(page, t.name, '逾期未检 opens the overdue list filtered to Jinan, with the same count', async () => {
        await page.getByTestId('stat-inspectionOverdue').click();
        await expectPath(page, '/inspection/overdue?regionCode=370100');
        const table = page.getByTestId('overdue-table');
        await expectCount(table.locator('tbody tr.ant-table-row'), 3);
        await expectVisible(page.getByText('共 3 条'));
        await expectCount(table.getByText(qingdaoSchool.registrationCode), 0);
      });
    });
  });

  test('an education user lands on its own dashboard and sees school elevators only', { timeout: 120_000 }, async (t: TestContext) => {
    await inBrowser(t.name, async (page) => {
      await step(page, t.name, '/ opens 本部门概览 with the schools’ figures', async () => {
        await signInAs(page, EDUCATION.username, EDUCATION.password);
        await expectPath(page, '/department');
        await expectVisible(page.getByRole('heading', { name: '教育部门 · 校园电梯安全概览' }));
        await expectText(page.getByTestId('stat-total'), /登记总数\s*2/);
        await expectText(page.getByTestId('stat-inspectionOverdue'), /逾期未检\s*2/);
        await expectCount(page.getByTestId('cockpit-map'), 0);
        await expectCount(menuItem(page, '监管驾驶舱'), 0);
      });

      await step(page, t.name, 'the registry behind 登记总数 lists the two schools and nothing else', async () => {
        await page.getByTestId('stat-total').click();
        await expectPath(page, '/elevators');
        await expectVisible(page.getByText(jinanSchool.registrationCode));
        await expectVisible(page.getByText(qingdaoSchool.registrationCode));
        await expectVisible(page.getByText('共 2 条'));
        for (const home of [...jinanHomes, qingdaoHome]) await expectCount(page.getByText(home.registrationCode), 0);
      });

      await step(page, t.name, 'a residential elevator’s page is not found for education', async () => {
        await page.goto(`/elevators/${qingdaoHome.registrationCode}`);
        await expectVisible(page.getByText(/不存在|未找到|没有找到/).first());
      });
    });
  });
});
