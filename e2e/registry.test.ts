// Browser flows of the registry: sign-in, CSV import, search and detail, and the public elevator page.
// One real server (fresh PGlite store) and one headless Chromium for the whole file; every test opens its own
// browser context, so none depends on another's cookies or storage. Data the read-only flows need is imported
// through the API in `before`, so each test also runs alone (--test-name-pattern).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test, type TestContext } from 'node:test';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { buildRow, toCsv } from '../src/test/factories.ts';
import { launchBrowser, OUT_DIR, step, withPage } from './support/browser.ts';
import { menuItem, signIn } from './support/flows.ts';
import { expectAttribute, expectCount, expectHidden, expectPath, expectText, expectVisible } from './support/expect.ts';
import { ADMIN_PASSWORD, ADMIN_USERNAME, apiImportCsv, apiLogin, startServer, type RunningServer } from './support/server.ts';

/** A distinctive elevator the search, detail and public flows look for. */
const landmark = buildRow({
  address: '山东省济南市历下区泉城路188号',
  placeName: '泉城广场东塔',
  useUnitName: '济南泉城广场物业管理有限公司',
  maintenanceName: '山东鲁通电梯维保有限公司',
  maintenancePhone: '0531-86661234',
});
/** A code of the right shape that names no elevator. */
const UNKNOWN_CODE = '31103701022019069999';

let server: RunningServer;
let browser: Browser;
let tmpDir: string;

/**
 * Runs a test body on a fresh page (own context: no login, no storage). A failure carries a screenshot path and,
 * when the server printed warnings or errors, the tail of its output.
 */
async function inBrowser(t: TestContext, body: (page: Page) => Promise<void>, options?: BrowserContextOptions, label = t.name): Promise<void> {
  try {
    await withPage(browser, server.baseUrl, label, body, options);
  } catch (err) {
    const out = server.output().trim();
    if (out && err instanceof Error) err.message += `\n  server output (tail):\n${out.slice(-3000)}`;
    throw err;
  }
}


/** The value cell right of a label (row header) in the detail page's descriptions. */
const described = (page: Page, label: string) => page.getByRole('rowheader', { name: label, exact: true }).locator('xpath=following-sibling::td[1]');

/** The value next to a label in the public page's record list (<dt>label</dt><dd>value</dd>). */
const publicField = (page: Page, label: string) => page.locator(`dt:text-is("${label}") + dd`);

describe('LiftSafe registry in the browser', { concurrency: 1 }, () => {
  before(
    async () => {
      tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'liftsafe-e2e-files-'));
      fs.mkdirSync(OUT_DIR, { recursive: true });
      server = await startServer();
      browser = await launchBrowser();
      const seed = await apiImportCsv(server.baseUrl, await apiLogin(server.baseUrl), toCsv([landmark, buildRow(), buildRow()]));
      assert.equal(seed.status, 'done', `seed import: ${JSON.stringify(seed)}`);
      assert.equal(seed.imported, 3, `seed import: ${JSON.stringify(seed.rejected)}`);
    },
    { timeout: 180_000 },
  );

  after(async () => {
    await browser?.close().catch(() => {});
    await server?.stop();
    if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
  });

  test('signs in as admin through the login form, landing on the dashboard with the side menu; a wrong password shows 用户名或密码错误', { timeout: 60_000 }, async (t) => {
    await inBrowser(t, async (page) => {
      await step(page, t.name, 'open the login form', async () => {
        await page.goto('/login');
        await expectVisible(page.getByRole('button', { name: /登\s*录/ }));
      });

      await step(page, t.name, 'wrong password is refused with the server message', async () => {
        await page.getByLabel('用户名', { exact: true }).fill(ADMIN_USERNAME);
        await page.getByLabel('密码', { exact: true }).fill('not-the-password');
        await page.getByRole('button', { name: /登\s*录/ }).click();
        await expectText(page.getByRole('alert'), '用户名或密码错误');
        await expectPath(page, '/login');
        await expectCount(page.getByRole('menu'), 0);
      });

      await step(page, t.name, 'right password lands on the dashboard', async () => {
        await page.getByLabel('密码', { exact: true }).fill(ADMIN_PASSWORD);
        await page.getByRole('button', { name: /登\s*录/ }).click();
        await expectPath(page, '/');
        await expectVisible(page.getByRole('heading', { name: '首页概览' }));
        await expectVisible(page.getByText('电梯总数', { exact: true }));
        await expectCount(page.getByRole('alert'), 0);
      });

      await step(page, t.name, 'side menu shows the admin modules', async () => {
        await expectVisible(page.getByRole('complementary').getByRole('menu'));
        for (const item of ['首页概览', '电梯档案', '批量导入', '单位管理', '用户管理', '审计日志']) await expectVisible(menuItem(page, item));
        await expectVisible(page.getByRole('button', { name: /退出登录/ }));
      });
    });
  });

  test('imports a CSV through the upload, showing progress, then the counts and exactly the rejected lines with their field messages', { timeout: 90_000 }, async (t) => {
    // 303 data rows (lines 2–304); three are invalid, at lines 7, 154 and 301.
    const invalid = new Map([
      [7, { row: buildRow({ regionCode: 'abc' }), message: '所在区划代码：“abc”不是已知的县级行政区划或开发区代码' }],
      [154, { row: buildRow({ ratedSpeed: '99' }), message: '额定速度：99 m/s 超出合理范围（0.1–21 m/s）' }],
      [301, { row: buildRow({ status: '拆除' }), message: '设备状态：“拆除”应为 在用/停用/报废/注销 之一' }],
    ]);
    const rows = Array.from({ length: 303 }, (_, i) => invalid.get(i + 2)?.row ?? buildRow());
    const fileName = '济南市电梯台账-e2e.csv';
    const file = path.join(tmpDir, fileName);
    fs.writeFileSync(file, toCsv(rows, 'zh'));

    await inBrowser(t, async (page) => {
      await step(page, t.name, 'open the import page from the menu', async () => {
        await signIn(page);
        await menuItem(page, '批量导入').click();
        await expectPath(page, '/imports');
        await expectVisible(page.getByRole('heading', { name: '批量导入' }));
        await expectVisible(page.getByText('点击或拖拽文件到此处上传'));
      });

      // The job's card, titled with the uploaded file's name (antd cards have no role of their own).
      const job = page.locator('.ant-card').filter({ has: page.locator('.ant-card-head-title', { hasText: fileName }) });

      await step(page, t.name, 'upload the file and see the progress bar', async () => {
        // Watch from before the upload: the bar shows only while the job runs (about a second for this file).
        const appeared = page.getByRole('progressbar').waitFor({ state: 'visible' });
        appeared.catch(() => {}); // awaited below; never an unhandled rejection if the upload itself fails
        await page.locator('input[type=file]').setInputFiles(file);
        await appeared;
        await expectVisible(job);
      });

      await step(page, t.name, 'the job reaches done and the progress bar goes away', async () => {
        await expectText(job.locator('.ant-card-head-title'), '已完成', 60_000);
        await expectHidden(page.getByRole('progressbar'));
      });

      await step(page, t.name, 'summary counts', async () => {
        const stat = (title: string) => job.locator('.ant-statistic').filter({ has: page.getByText(title, { exact: true }) });
        await expectText(stat('总行数'), /^总行数\s*303$/);
        await expectText(stat('新增'), /^新增\s*300$/);
        await expectText(stat('更新'), /^更新\s*0$/);
        await expectText(stat('拒绝'), /^拒绝\s*3$/);
      });

      await step(page, t.name, 'rejected rows table lists exactly the three bad lines', async () => {
        await expectVisible(job.getByRole('heading', { name: '被拒绝的行' }));
        const table = job.getByRole('table').filter({ has: page.getByRole('columnheader', { name: '行号' }) });
        await expectVisible(table);
        const dataRows = table.getByRole('row').filter({ has: page.getByRole('cell') });
        await expectCount(dataRows, 3);
        const lines = await Promise.all((await dataRows.all()).map((row) => row.getByRole('cell').first().innerText()));
        assert.deepEqual(lines, ['7', '154', '301'], 'rejected lines (行号), in file order');
        for (const [line, bad] of invalid) {
          const row = dataRows.filter({ has: page.getByRole('cell', { name: String(line), exact: true }) });
          await expectText(row, bad.row.registrationCode);
          const problems = row.getByRole('listitem');
          await expectCount(problems, 1);
          await expectText(problems, bad.message);
        }
      });

      await step(page, t.name, 'the job is listed under recent imports', async () => {
        const recent = page.getByRole('row').filter({ hasText: fileName }).filter({ has: page.getByRole('button', { name: /查\s*看/ }) });
        await expectText(recent, '已完成');
      });
    });
  });

  test('finds an imported elevator by an address fragment, opens it, and the detail page shows its 注册代码, address and use unit', { timeout: 60_000 }, async (t) => {
    await inBrowser(t, async (page) => {
      await step(page, t.name, 'open the registry from the menu', async () => {
        await signIn(page);
        await menuItem(page, '电梯档案').click();
        await expectPath(page, '/elevators');
        await expectVisible(page.getByRole('heading', { name: '电梯档案' }));
      });

      // Result rows: each links its 注册代码 (the empty table's placeholder row has no link).
      const resultRows = page.getByRole('row').filter({ has: page.getByRole('link') });

      await step(page, t.name, 'search by address fragment', async () => {
        const search = page.getByPlaceholder('注册代码/救援识别码/地址/单位名称');
        await search.fill('泉城路188');
        await search.press('Enter');
        await expectPath(page, /[?&]q=/);
        await expectText(page.getByText(/^共 \d+ 条$/), '共 1 条');
        await expectText(page.getByText(/^符合条件 \d+ 台$/), '符合条件 1 台');
        await expectCount(resultRows, 1);
        await expectText(resultRows, landmark.registrationCode);
        await expectText(resultRows, landmark.address);
        await expectText(resultRows, landmark.useUnitName);
      });

      await step(page, t.name, 'open the elevator', async () => {
        await resultRows.getByRole('link', { name: landmark.registrationCode }).click();
        await expectPath(page, `/elevators/${landmark.registrationCode}`);
        await expectVisible(page.getByRole('heading', { name: landmark.registrationCode }));
      });

      await step(page, t.name, 'detail shows the record', async () => {
        await expectText(described(page, '注册代码'), landmark.registrationCode);
        await expectText(described(page, '应急救援识别码'), landmark.rescueCode);
        await expectText(described(page, '安装地址'), landmark.address);
        await expectText(described(page, '使用单位'), landmark.useUnitName);
        await expectText(described(page, '维保单位'), landmark.maintenanceName);
      });

      await step(page, t.name, 'search by rescue code finds the same elevator', async () => {
        await page.goto(`/elevators?q=${landmark.rescueCode}`);
        await expectText(page.getByText(/^共 \d+ 条$/), '共 1 条');
        await expectText(resultRows, landmark.registrationCode);
      });
    });
  });

  test(
    'opens the dashboard at the site root directly: a signed-out visit to / goes to the login form, and reloading the dashboard keeps it',
    { timeout: 60_000 },
    async (t) => {
      await inBrowser(t, async (page) => {
        await step(page, t.name, 'signed-out visit to the root', async () => {
          const res = await page.goto('/');
          assert.equal(res?.status(), 200, `GET / answered ${res?.status()} ${await res?.text()}`);
          await expectPath(page, '/login?next=%2F');
          await expectVisible(page.getByRole('button', { name: /登\s*录/ }));
        });
        await step(page, t.name, 'reload the dashboard', async () => {
          await signIn(page);
          await expectPath(page, '/');
          const res = await page.reload();
          assert.equal(res?.status(), 200, `reloading / answered ${res?.status()} ${await res?.text()}`);
          await expectVisible(page.getByRole('heading', { name: '首页概览' }));
        });
      });
    },
  );

  test('shows the public record at /e/<rescueCode> without login (address, maintenance company, 96333 call link) and a Chinese not-found message for unknown codes', { timeout: 60_000 }, async (t) => {
    await inBrowser(t, async (page) => {
      await step(page, t.name, 'public record by rescue code', async () => {
        await page.goto(`/e/${landmark.rescueCode}`);
        await expectVisible(page.getByText(landmark.address));
        await expectText(publicField(page, '维保单位'), landmark.maintenanceName);
        await expectText(publicField(page, '使用单位'), landmark.useUnitName);
        await expectText(publicField(page, '救援识别码'), landmark.rescueCode);
        const call = page.getByRole('link', { name: /困人请拨\s*96333/ });
        await expectAttribute(call, 'href', 'tel:96333');
        await expectAttribute(page.getByRole('link', { name: `拨打 ${landmark.maintenancePhone}` }), 'href', `tel:${landmark.maintenancePhone}`);
        await expectPath(page, `/e/${landmark.rescueCode}`);
        await expectCount(page.getByRole('button', { name: /登\s*录/ }), 0);
      });

      await step(page, t.name, 'unknown code shows the not-found message', async () => {
        await page.goto(`/e/${UNKNOWN_CODE}`);
        const text = await expectText(page.getByRole('alert'), '未查询到该电梯');
        assert.match(text, /^未查询到该电梯/);
        await expectAttribute(page.getByRole('link', { name: /困人请拨\s*96333/ }), 'href', 'tel:96333');
        await expectCount(page.getByText(landmark.address), 0);
      });
    });

    await inBrowser(
      t,
      async (page) => {
        await page.goto(`/e/${landmark.rescueCode}`);
        await expectVisible(page.getByText(landmark.address));
        await expectVisible(page.getByRole('link', { name: /困人请拨\s*96333/ }));
        await page.evaluate(() => document.fonts.ready);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `the public page is ${overflow}px wider than a 390px phone screen`);
        const shot = path.join(OUT_DIR, 'public-mobile.png');
        await page.screenshot({ path: shot, fullPage: true });
        assert.ok(fs.statSync(shot).size > 10_000, `${shot} looks empty`);
      },
      { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
      `${t.name} (mobile)`,
    );
  });
});
