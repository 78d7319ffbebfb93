// Browser flows of the 96333 module: a dispatcher takes a call on the dispatch board (the lookup by rescue code shows
// the maintenance company), dispatches tier 1; the maintenance company's rescuer accepts, arrives and frees the people
// from the task list on a phone-sized screen; the dispatcher closes with a cause and the incident leaves the board.
// The dispatcher's page stays open throughout and follows the rescuer's steps through the stream (no reload). Then
// the public QR page's 我被困了 reaches the same board. One real server (fresh PGlite store, no broker) and one
// headless Chromium for the file; the organisations and logins are made through the API in `before`.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test, type TestContext } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { buildRow, toCsv } from '../src/test/factories.ts';
import { launchBrowser, OUT_DIR, screenshot, step, withPage } from './support/browser.ts';
import { menuItem, signInAs } from './support/flows.ts';
import { eventually, expectAttribute, expectCount, expectHidden, expectPath, expectText, expectVisible } from './support/expect.ts';
import { apiImportCsv, apiLogin, startServer, type RunningServer } from './support/server.ts';

const MAINTENANCE = '山东鲁安电梯维保有限公司';
const MAINTENANCE_PHONE = '0531-86669999';
const elevator = buildRow({
  rescueCode: '7330101',
  address: '山东省济南市历下区泉城路296号',
  placeName: '泉城广场北塔',
  useUnitName: '济南泉城物业管理有限公司',
  maintenanceName: MAINTENANCE,
  maintenancePhone: MAINTENANCE_PHONE,
  longitude: '117.021',
  latitude: '36.662',
});
/** A second elevator for the QR report, so it opens its own incident. */
const qrElevator = buildRow({ rescueCode: '7330102', address: '山东省济南市历下区泉城路298号', maintenanceName: MAINTENANCE, maintenancePhone: MAINTENANCE_PHONE });

const DISPATCHER = { username: 'e2e-dispatcher', password: 'Dispatch123' };
const RESCUER = { username: 'e2e-rescuer', password: 'Rescuer123' };

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

/** The open antd dialog with this title (its title stays while it fades out, so hidden means gone). */
const dialog = (page: Page, title: string) => page.locator('.ant-modal:visible').filter({ has: page.locator('.ant-modal-title', { hasText: new RegExp(`^${title}$`) }) });
/**
 * Clicks a button that opens a dialog and returns the dialog once it shows. The task list re-renders when the live
 * feed reports the previous step; a click landing on a card being replaced opens nothing, so it is tried again.
 */
async function openDialog(page: Page, trigger: Locator, title: string): Promise<Locator> {
  const d = dialog(page, title);
  for (let attempt = 1; ; attempt++) {
    await trigger.click();
    try {
      await d.waitFor({ state: 'visible', timeout: 3000 });
      return d;
    } catch (err) {
      if (attempt >= 3) throw err;
    }
  }
}
/** No dialog on the page any more, fade-out included: the next button must not be clicked into a closing one. */
const noDialog = (page: Page) => expectCount(page.locator('.ant-modal:visible'), 0);
/** A button whose label is two Chinese characters (antd puts a space between them). */
const twoChar = (label: string) => new RegExp(`^${label.split('').join('\\s*')}$`);
/** Picks an option of the antd Select inside `scope`. */
async function choose(page: Page, scope: Locator, option: string): Promise<void> {
  await scope.locator('.ant-select').first().click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: new RegExp(`^${option}$`) }).click();
}

describe('LiftSafe 96333 emergency response in the browser', { concurrency: 1 }, () => {
  before(
    async () => {
      fs.mkdirSync(OUT_DIR, { recursive: true });
      server = await startServer();
      browser = await launchBrowser();
      const admin = await apiLogin(server.baseUrl);
      const seed = await apiImportCsv(server.baseUrl, admin, toCsv([elevator, qrElevator]));
      assert.equal(seed.imported, 2, `seed import: ${JSON.stringify(seed.rejected)}`);
      const centre = await api<{ id: number }>(admin, 'POST', '/api/orgs', { name: '济南市96333电梯应急处置服务中心', type: 'emergency_center', regionCode: '370100', hotline: '0531-96333' });
      const maint = await api<{ items: { id: number; name: string }[] }>(admin, 'GET', `/api/orgs?type=maintenance&q=${encodeURIComponent(MAINTENANCE)}`);
      const maintId = maint.items.find((o) => o.name === MAINTENANCE)?.id;
      assert.ok(maintId, `maintenance company from the import: ${JSON.stringify(maint.items)}`);
      await api(admin, 'POST', '/api/users', { ...DISPATCHER, displayName: '调度员小李', orgId: centre.id, roles: ['dispatcher'] });
      await api(admin, 'POST', '/api/users', { ...RESCUER, displayName: '救援员老王', orgId: maintId, roles: ['rescuer'] });
    },
    { timeout: 180_000 },
  );

  after(async () => {
    await browser?.close().catch(() => {});
    await server?.stop();
  });

  test('a call taken on the board goes to tier 1, the rescuer accepts, arrives and frees the people, the dispatcher closes it and it leaves the board', { timeout: 180_000 }, async (t) => {
    await inBrowser(t, `${t.name}-dispatcher`, async (desk) => {
      const board = desk.getByTestId('board-table');
      const drawer = desk.getByTestId('incident-drawer');
      let id = '';
      const row = () => board.locator(`tr[data-incident-id="${id}"]`);

      await step(desk, t.name, 'the dispatcher opens the empty board from the menu, the stream connected', async () => {
        await signInAs(desk, DISPATCHER.username, DISPATCHER.password);
        await menuItem(desk, '调度台').click();
        await expectPath(desk, '/emergency');
        await expectVisible(desk.getByRole('heading', { name: '96333 调度台' }));
        await expectAttribute(desk.getByTestId('emergency-stream-state'), 'data-state', 'open');
        await expectText(board, '当前没有进行中的救援事件');
        await expectCount(desk.getByTestId('incident-map').locator('canvas'), 1);
      });

      await step(desk, t.name, '接警: the rescue code finds the elevator with its maintenance company and hotline at once', async () => {
        await desk.getByRole('button', { name: /接\s*警/ }).click();
        const form = desk.getByTestId('call-form');
        await form.getByPlaceholder('输入救援识别码、注册代码或地址关键词').fill(elevator.rescueCode);
        const result = form.getByTestId('lookup-result');
        await expectCount(result, 1);
        await expectText(result, elevator.registrationCode);
        await expectText(result, MAINTENANCE);
        await expectText(result, MAINTENANCE_PHONE);
        await expectText(result, '济南泉城物业管理有限公司');
        await expectText(result, '已选择');
      });

      await step(desk, t.name, 'two people trapped, the caller’s number: the incident opens with its dispatch clock running', async () => {
        const call = dialog(desk, '接警登记');
        await call.getByLabel('被困人数').fill('2');
        await call.getByLabel('来电号码').fill('13805310001');
        await call.getByLabel('情况描述').fill('电梯停在12楼和13楼之间');
        await call.getByRole('button', { name: '接警建单' }).click();
        await expectHidden(call);
        await expectVisible(drawer);
        await expectAttribute(drawer, 'data-status', 'received');
        id = (await drawer.getAttribute('data-incident-id')) ?? '';
        assert.match(id, /^\d+$/);
        await expectText(drawer.getByTestId('incident-elevator'), MAINTENANCE_PHONE);
        await expectText(drawer.locator('[data-testid=countdown][data-kind=dispatch]'), /^剩余 0[0-2]:\d\d$/);
      });

      await step(desk, t.name, 'the board shows the call with ticking countdowns per leg', async () => {
        await expectCount(row(), 1);
        await expectText(row(), '已接警');
        await expectText(row(), '困 2 人');
        const clock = row().locator('[data-testid=countdown][data-kind=dispatch]');
        const first = await expectText(clock, /^0[0-2]:\d\d$/);
        await eventually(async () => assert.notEqual(await clock.innerText(), first, 'the countdown ticks'), 5_000);
        await expectText(row().locator('[data-testid=countdown][data-kind=arrive]'), /^[0-2]\d:\d\d$/);
      });

      await step(desk, t.name, '派单 to tier 1: the maintenance company is called out, the accept clock starts', async () => {
        await drawer.getByTestId('incident-actions').getByRole('button', { name: twoChar('派单') }).click();
        const d = dialog(desk, '派单');
        await choose(desk, d, '一级：维保单位');
        await d.getByRole('button', { name: twoChar('派单') }).click();
        await expectHidden(d);
        await noDialog(desk);
        await expectAttribute(drawer, 'data-status', 'dispatched');
        await expectVisible(drawer.locator('[data-testid=countdown][data-kind=accept]'));
        await expectText(row(), '一级：维保单位');
        await expectText(row(), MAINTENANCE);
        await desk.locator('.ant-drawer-close').click();
        await expectHidden(drawer);
      });

      await inBrowser(
        t,
        `${t.name}-rescuer`,
        async (phone) => {
          const card = () => phone.locator(`[data-testid=task-card][data-incident-id="${id}"]`);
          // Each step: open its dialog from the card and confirm, until the card shows the new status. The task list
          // re-renders when the live feed reports the previous step, which can close a dialog just opened; then the
          // step is simply done again (the server refuses nothing twice: the status check comes first).
          const act = async (label: string, status: string) => {
            await eventually(async () => {
              if ((await card().getAttribute('data-status')) === status) return;
              await noDialog(phone);
              const d = await openDialog(phone, card().getByRole('button', { name: twoChar(label) }), label);
              await d.getByRole('button', { name: twoChar(label) }).click({ timeout: 3000 });
              await expectHidden(d);
              await expectAttribute(card(), 'data-status', status, 3000);
            }, 30_000);
            await noDialog(phone);
          };

          await step(phone, t.name, 'the rescuer signs in on a phone and lands on the task list', async () => {
            await phone.goto('/login');
            await phone.getByLabel('用户名', { exact: true }).fill(RESCUER.username);
            await phone.getByLabel('密码', { exact: true }).fill(RESCUER.password);
            await phone.getByRole('button', { name: /登\s*录/ }).click();
            await expectPath(phone, '/emergency/tasks');
            await expectVisible(phone.getByRole('heading', { name: '我的救援任务' }));
            await expectCount(card(), 1);
            await expectText(card(), elevator.address);
            await expectText(card(), '困 2 人');
            await expectVisible(card().locator('[data-testid=countdown][data-kind=accept]'));
          });

          await step(phone, t.name, '接单, 到场, then 解救 of both people', async () => {
            await act('接单', 'accepted');
            await act('到场', 'arrived');
            await eventually(async () => {
              if ((await card().getAttribute('data-status')) === 'rescued') return;
              await noDialog(phone);
              const d = await openDialog(phone, card().getByRole('button', { name: twoChar('解救') }), '解救');
              await expectAttribute(d.getByLabel('解救人数'), 'value', '2', 3000);
              await d.getByRole('button', { name: twoChar('解救') }).click({ timeout: 3000 });
              await expectHidden(d);
              await expectAttribute(card(), 'data-status', 'rescued', 3000);
            }, 30_000);
            await noDialog(phone);
            // Closing is left to the dispatcher here; the rescuer could close too.
            await expectVisible(card().getByRole('button', { name: twoChar('结案') }));
          });
          await screenshot(phone, 'emergency-tasks-mobile');
        },
        { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
      );

      await step(desk, t.name, 'the board followed the rescuer live, without a reload', async () => {
        await expectText(row(), '已解救', 10_000);
        await expectCount(row().locator('[data-testid=countdown]'), 0);
      });

      await step(desk, t.name, '结案 needs a cause; with one, the incident leaves the board', async () => {
        await row().click();
        await expectAttribute(drawer, 'data-status', 'rescued');
        await expectText(drawer.getByTestId('incident-timeline'), '人员解救');
        await drawer.getByTestId('incident-actions').getByRole('button', { name: twoChar('结案') }).click();
        const d = dialog(desk, '结案');
        await d.getByRole('button', { name: twoChar('结案') }).click();
        await expectText(d, '请选择原因类别');
        await choose(desk, d, '人为原因');
        await d.getByLabel('备注').fill('乘客扒门导致安全回路断开');
        await d.getByRole('button', { name: twoChar('结案') }).click();
        await expectHidden(d);
        await expectAttribute(drawer, 'data-status', 'closed');
        await expectText(drawer.getByTestId('incident-timeline'), '原因：人为原因');
        await expectCount(row(), 0);
        await desk.locator('.ant-drawer-close').click();
        await expectText(board, '当前没有进行中的救援事件');
      });

      await step(desk, t.name, 'the closed incident is in the incident list with its cause', async () => {
        await menuItem(desk, '救援事件').click();
        const listed = desk.getByTestId('incident-table').locator(`tr[data-incident-id="${id}"]`);
        await expectText(listed, '已结案');
        await expectText(listed, '人为原因');
      });
    });
  });

  test('the QR page’s 我被困了 is acknowledged with its number and appears on the dispatch board', { timeout: 120_000 }, async (t) => {
    let number = '';
    await inBrowser(
      t,
      `${t.name}-public`,
      async (page) => {
        await step(page, t.name, 'a passenger scans the label and reports being trapped', async () => {
          await page.goto(`/e/${qrElevator.rescueCode}`);
          await expectText(page.locator('.pub-address'), qrElevator.address);
          await page.getByRole('button', { name: '我被困了' }).click();
          await page.getByRole('button', { name: '+' }).click();
          await page.getByLabel('您的手机号（选填，便于救援人员联系您）').fill('13905310002');
          await page.getByRole('button', { name: '发送求助' }).click();
          const ack = page.getByTestId('public-ack');
          await expectText(ack, '96333 已收到');
          const text = await expectText(ack, /#\d+/);
          number = /#(\d+)/.exec(text)![1];
          await screenshot(page, 'public-report-mobile');
        });
      },
      { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
    );
    await inBrowser(t, `${t.name}-dispatcher`, async (desk) => {
      await step(desk, t.name, 'the dispatcher sees it waiting for dispatch, reported by 扫码', async () => {
        await signInAs(desk, DISPATCHER.username, DISPATCHER.password);
        await desk.goto('/emergency');
        const row = desk.getByTestId('board-table').locator(`tr[data-incident-id="${number}"]`);
        await expectText(row, '已接警');
        await expectText(row, '扫码');
        await expectText(row, '困 2 人');
        await expectVisible(row.locator('[data-testid=countdown][data-kind=dispatch]'));
      });
    });
  });
});
