// Browser flow of the maintenance module (智慧维保): a maintenance worker on a phone finds an elevator of its company
// on 维保作业, starts (GPS ~10 km away from the elevator, granted in the browser context), answers the half-month items,
// photographs a key item (hashed in the browser, uploaded under its SHA-256), survives a reload (the visit is kept in
// localStorage), ends and submits; the platform's flags come back (FAR_FROM_ELEVATOR among them) with the next due
// dates. Then a Jinan regulator finds that flag on 核查提示 with its evidence and records the outcome. One real server
// (fresh PGlite store, no broker) and one headless Chromium; the organisations and logins are made through the API.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test, type TestContext } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { buildRow, toCsv } from '../src/test/factories.ts';
import { launchBrowser, OUT_DIR, step, withPage } from './support/browser.ts';
import { menuItem, signInAs } from './support/flows.ts';
import { expectCount, expectPath, expectText, expectVisible } from './support/expect.ts';
import { apiImportCsv, apiLogin, startServer, type RunningServer } from './support/server.ts';

const MAINTENANCE = '济南安达电梯维保有限公司';
const elevator = buildRow({
  rescueCode: '7340101',
  address: '山东省济南市历下区解放路88号',
  maintenanceName: MAINTENANCE,
  category: '3110',
  longitude: '117.021',
  latitude: '36.662',
});
/** About 10 km north-east of the elevator: both ends of the visit are flagged as far from it. */
const FAR = { latitude: 36.74, longitude: 117.1 };

const WORKER = { username: 'e2e-mworker', password: 'MWorker123', displayName: '维保工老李' };
const REGULATOR = { username: 'e2e-jinan', password: 'Regulator123' };
const CERTIFICATE = 'TSM-E2E-0001';
/** The smallest JPEG-looking body the photo upload accepts (it checks the SOI marker and the hash). */
const PHOTO = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xff, 0xd9]);

let server: RunningServer;
let browser: Browser;

async function inBrowser(t: TestContext, label: string, body: (page: Page) => Promise<void>, options?: Parameters<typeof withPage>[4]): Promise<void> {
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

const dialog = (page: Page, title: string) => page.locator('.ant-modal:visible').filter({ has: page.locator('.ant-modal-title', { hasText: new RegExp(`^${title}$`) }) });

describe('LiftSafe maintenance in the browser', { concurrency: 1 }, () => {
  before(
    async () => {
      fs.mkdirSync(OUT_DIR, { recursive: true });
      server = await startServer();
      browser = await launchBrowser();
      const admin = await apiLogin(server.baseUrl);
      const seed = await apiImportCsv(server.baseUrl, admin, toCsv([elevator]));
      assert.equal(seed.imported, 1, `seed import: ${JSON.stringify(seed.rejected)}`);
      const maint = await api<{ items: { id: number; name: string }[] }>(admin, 'GET', `/api/orgs?type=maintenance&q=${encodeURIComponent(MAINTENANCE)}`);
      const maintId = maint.items.find((o) => o.name === MAINTENANCE)?.id;
      assert.ok(maintId, `maintenance company from the import: ${JSON.stringify(maint.items)}`);
      const regulator = await api<{ id: number }>(admin, 'POST', '/api/orgs', { name: '济南市市场监督管理局', type: 'regulator', regionCode: '370100' });
      await api(admin, 'POST', '/api/users', { ...WORKER, orgId: maintId, roles: ['maintenance'] });
      await api(admin, 'POST', '/api/users', { ...REGULATOR, displayName: '济南市局监管员', orgId: regulator.id, roles: ['regulator'] });
      // The worker's certificate is registered with the company (so the only flags are about the visit itself).
      const worker = await apiLogin(server.baseUrl, WORKER.username, WORKER.password);
      await api(worker, 'POST', '/api/maintenance/workers', { name: WORKER.displayName, certificateNo: CERTIFICATE, employedFrom: '2020-01-01' });
    },
    { timeout: 180_000 },
  );

  after(async () => {
    await browser?.close().catch(() => {});
    await server?.stop();
  });

  test('a worker files a half-month visit on a phone far from the elevator; the regulator sees the location flag on 核查提示 and reviews it', { timeout: 240_000 }, async (t) => {
    await inBrowser(
      t,
      `${t.name}-worker`,
      async (phone) => {
        const progress = phone.getByTestId('visit-progress');

        await step(phone, t.name, 'the worker signs in on a phone into 维保作业 and finds the elevator by its registration code', async () => {
          // On a phone the side menu is folded away: the sign-in comes back to the page asked for.
          await phone.goto(`/login?next=${encodeURIComponent('/maintenance/visit')}`);
          await phone.getByLabel('用户名', { exact: true }).fill(WORKER.username);
          await phone.getByLabel('密码', { exact: true }).fill(WORKER.password);
          await phone.getByRole('button', { name: /登\s*录/ }).click();
          await expectPath(phone, '/maintenance/visit');
          await expectVisible(phone.getByRole('heading', { name: '维保作业' }));
          await phone.getByPlaceholder('扫描或输入 20 位注册代码').fill(elevator.registrationCode);
          await phone.getByRole('button', { name: '查询电梯' }).click();
          const found = phone.getByTestId('visit-elevator');
          await expectText(found, elevator.address);
          await expectText(found, '附件 A');
          await expectText(found, MAINTENANCE);
          await expectText(phone.getByTestId('visit-page'), /本次共 \d+ 项/);
        });

        await step(phone, t.name, '开始作业 records the time and the phone’s GPS position', async () => {
          await phone.getByRole('button', { name: '开始作业' }).click();
          await expectText(phone.getByTestId('visit-started'), `GPS 定位 ${FAR.latitude.toFixed(5)}, ${FAR.longitude.toFixed(5)}`);
          await expectText(progress, /已完成 0 \/ \d+ 项/);
        });

        let total = 0;
        let keyCode = '';
        await step(phone, t.name, 'one item by its big button, a photo of a key item (hashed and uploaded), the rest normal', async () => {
          const first = phone.locator('[data-testid^="item-"]').first();
          await first.getByRole('button', { name: /^调\s*整$/ }).click();
          await expectText(progress, /已完成 1 \/ \d+ 项/);
          const photo = phone.locator('[data-testid^="photo-"]').first();
          keyCode = (await photo.getAttribute('data-testid'))!.slice('photo-'.length);
          const keyItem = phone.getByTestId(`item-${keyCode}`);
          await photo.setInputFiles({ name: 'brake.jpg', mimeType: 'image/jpeg', buffer: PHOTO });
          await expectText(keyItem, '已拍 1 张（已上传）');
          await phone.getByRole('button', { name: '未填项目设为正常' }).click();
          const text = await expectText(progress, /已完成 (\d+) \/ \1 项/);
          total = Number(/\/ (\d+)/.exec(text)![1]);
          assert.ok(total > 10, `half-month items: ${total}`);
          assert.equal(await first.getAttribute('data-result'), 'adjusted');
        });

        await step(phone, t.name, 'a reload keeps the visit in progress (localStorage)', async () => {
          await phone.reload();
          await expectText(progress, `已完成 ${total} / ${total} 项`);
          await expectVisible(phone.getByTestId('visit-started'));
          await expectText(phone.getByTestId(`item-${keyCode}`), '已拍 1 张（已上传）');
        });

        await step(phone, t.name, 'the signed-in worker is prefilled; the certificate number is typed; 结束作业 takes the end position', async () => {
          const workers = phone.getByTestId('visit-workers');
          assert.equal(await workers.getByLabel('姓名 1').inputValue(), WORKER.displayName);
          await workers.getByLabel('证书编号 1').fill(CERTIFICATE);
          await phone.getByRole('button', { name: '结束作业' }).click();
          await expectText(phone.getByTestId('visit-ended'), 'GPS 定位');
        });

        await step(phone, t.name, 'submitting shows the platform’s flags with evidence — far from the elevator — and the next due dates', async () => {
          await phone.getByRole('button', { name: '提交维保记录' }).click();
          const result = phone.getByTestId('visit-result');
          await expectText(result, /维保记录已提交（编号 \d+）/);
          await expectText(result, /平台核查发现 \d+ 条提示/);
          const far = phone.getByTestId('visit-flags').locator('[data-flag-code="FAR_FROM_ELEVATOR"]');
          await expectCount(far, 2);
          await expectText(far.first(), '定位偏离电梯');
          await expectText(far.first(), /开始定位距电梯 \d+ 米（上限 300 米）/);
          await expectText(phone.getByTestId('visit-next-due'), '半月');
          assert.equal(await phone.evaluate(() => localStorage.getItem('liftsafe.maintenance.visit')), null);
        });
      },
      { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, geolocation: FAR, permissions: ['geolocation'] },
    );

    await inBrowser(t, `${t.name}-regulator`, async (desk) => {
      const table = desk.getByTestId('maintenance-flag-table');
      const farRow = table.locator('tr[data-flag-code="FAR_FROM_ELEVATOR"]');

      await step(desk, t.name, 'the Jinan regulator opens 核查提示 and finds the location flags with their evidence', async () => {
        await signInAs(desk, REGULATOR.username, REGULATOR.password);
        await menuItem(desk, '核查提示').click();
        await expectPath(desk, '/maintenance/flags');
        await expectVisible(desk.getByRole('heading', { name: '核查提示' }));
        await expectCount(farRow, 2);
        await expectText(farRow.first(), elevator.registrationCode);
        await expectText(farRow.first(), MAINTENANCE);
        await expectText(farRow.first(), /metres：\d+/);
      });

      await step(desk, t.name, '核实: upheld with an outcome; the flag leaves the open list', async () => {
        await farRow.first().getByRole('button', { name: /核\s*实/ }).click();
        const review = dialog(desk, '核实维保提示');
        await review.getByRole('radio', { name: '属实', exact: true }).check();
        await review.getByLabel('处理结论').fill('现场核查：维保人员未到达现场，责令整改');
        await review.getByRole('button', { name: /确\s*定|OK/ }).click();
        await expectCount(farRow, 1);
      });

      await step(desk, t.name, '维保记录: the record’s drawer shows the uploaded key-item photo (read with the session’s token)', async () => {
        await menuItem(desk, '维保记录').click();
        await expectPath(desk, '/maintenance/records');
        const row = desk.getByTestId('record-table').locator('tr[data-record-id]').filter({ hasText: elevator.registrationCode }).first();
        await row.getByRole('button').first().click();
        await expectVisible(desk.getByTestId('record-detail'));
        await expectVisible(desk.getByTestId('record-photo').first());
      });
    });
  });
});
