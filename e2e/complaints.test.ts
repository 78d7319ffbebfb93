// Browser flow of 投诉举报: a member of the public scans an elevator's QR code on a phone, reports missing maintenance
// from the public page with a contact and gets a tracking code; the tracking page shows it received with both
// countdowns running. The 历下区 regulator (routed there by the elevator's county) finds it on 投诉举报 and, in the
// drawer, acknowledges, investigates, uploads a photo as evidence, confirms it (raising a hazard), grants a reward and
// records its payment, then closes it. The public tracking page then shows the outcome, the answer and the paid reward,
// and never the contact. One real server (fresh PGlite store, no broker) and one headless Chromium; the organisation,
// login and elevator are made through the API.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test, type TestContext } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { buildRow, toCsv } from '../src/test/factories.ts';
import { launchBrowser, OUT_DIR, screenshot, step, withPage } from './support/browser.ts';
import { expectAttribute, expectText, expectVisible } from './support/expect.ts';
import { menuItem, signInAs } from './support/flows.ts';
import { apiImportCsv, apiLogin, startServer, type RunningServer } from './support/server.ts';

const REGULATOR = { username: 'e2e-lixia', password: 'Lixia12345', displayName: '历下区监管员' };
const CONTACT = '13812349876';
const elevator = buildRow({ regionCode: '370102', address: '山东省济南市历下区泉城路99号', useUnitName: '泉城路物业有限公司', maintenanceName: '泉城电梯维保有限公司' });
/** A tiny PNG (the server checks the signature and stores it under its SHA-256). */
const PHOTO = Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), Buffer.from('e2e-complaint-evidence')]);

let server: RunningServer;
let browser: Browser;

async function inBrowser(t: TestContext, label: string, body: (page: Page) => Promise<void>, options = {}): Promise<void> {
  try {
    await withPage(browser, server.baseUrl, label, body, options);
  } catch (err) {
    const out = server.output().trim();
    if (out && err instanceof Error && !err.message.includes('server output')) err.message += `\n  server output (tail):\n${out.slice(-3000)}`;
    throw err;
  }
  void t;
}

async function api<T>(token: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${server.baseUrl}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

const dialog = (page: Page, title: string) => page.locator('.ant-modal:visible').filter({ has: page.locator('.ant-modal-title', { hasText: new RegExp(`^${title}$`) }) });
const ok = (d: Locator) => d.locator('.ant-modal-footer .ant-btn-primary').click();
const button = (scope: Locator, label: string) => scope.getByRole('button', { name: new RegExp(`^${label.split('').join('\\s*')}$`) });

describe('LiftSafe complaints in the browser', { concurrency: 1 }, () => {
  before(
    async () => {
      fs.mkdirSync(OUT_DIR, { recursive: true });
      server = await startServer();
      browser = await launchBrowser();
      const admin = await apiLogin(server.baseUrl);
      await apiImportCsv(server.baseUrl, admin, toCsv([elevator]));
      const org = await api<{ id: number }>(admin, 'POST', '/api/orgs', { name: '济南市历下区市场监督管理局', type: 'regulator', regionCode: '370102' });
      await api(admin, 'POST', '/api/users', { ...REGULATOR, orgId: org.id, roles: ['regulator'] });
    },
    { timeout: 180_000 },
  );

  after(async () => {
    await browser?.close().catch(() => {});
    await server?.stop();
  });

  test('a public report from the QR page to its outcome on the tracking page', { timeout: 300_000 }, async (t) => {
    let trackingCode = '';
    await inBrowser(
      t,
      `${t.name}-public`,
      async (phone) => {
        await step(phone, t.name, 'the QR page: 投诉举报 with a category, a description and a phone number', async () => {
          await phone.goto(`/e/${elevator.rescueCode}`);
          await expectText(phone.locator('.pub-address'), '泉城路99号');
          await phone.getByRole('button', { name: '投诉举报' }).click();
          const form = phone.getByTestId('complaint-form');
          await form.getByLabel('未按规定维护保养').check();
          await form.getByLabel('问题描述').fill('电梯两个月没见维保人员，轿厢里的维保记录也没更新');
          await form.getByLabel('联系电话或邮箱（选填）').fill(CONTACT);
          await form.getByRole('button', { name: '提交举报' }).click();
          trackingCode = (await expectText(phone.getByTestId('tracking-code'), /^[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}$/)).trim();
          await screenshot(phone, 'complaint-ack-mobile');
        });

        await step(phone, t.name, 'the tracking page: received, the regulator of the county, both countdowns running', async () => {
          await phone.getByRole('link', { name: '查询办理进度' }).click();
          const status = phone.getByTestId('tracking-status');
          await expectAttribute(status, 'data-status', 'received');
          await expectText(status, '济南市历下区市场监督管理局');
          await expectAttribute(phone.getByTestId('ack-countdown'), 'data-tone', 'soon');
          await expectText(phone.getByTestId('ack-countdown'), /^剩余 2[34] 小时/);
          await expectText(phone.getByTestId('outcome-countdown'), /^剩余 1[45] 天/);
        });
      },
      { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
    );

    await inBrowser(t, `${t.name}-regulator`, async (desk) => {
      await step(desk, t.name, 'the regulator finds it on 投诉举报 and acknowledges, then investigates', async () => {
        await signInAs(desk, REGULATOR.username, REGULATOR.password);
        await menuItem(desk, '投诉举报').first().click();
        const row = desk.getByTestId('complaint-table').locator('tr', { hasText: trackingCode });
        await expectVisible(row);
        await button(row, '办理').click();
        const detail = desk.getByTestId('complaint-detail');
        await expectAttribute(detail, 'data-status', 'received');
        await expectText(detail, CONTACT);
        await button(desk.getByTestId('complaint-actions'), '受理').click();
        let d = dialog(desk, '受理');
        await d.getByLabel('办理意见（内部）').fill('已受理，安排现场核查');
        await ok(d);
        await expectAttribute(detail, 'data-status', 'acknowledged');
        await button(desk.getByTestId('complaint-actions'), '开始调查').click();
        d = dialog(desk, '开始调查');
        await d.getByLabel('办理意见（内部）').fill('调取维保记录，现场检查');
        await ok(d);
        await expectAttribute(detail, 'data-status', 'investigating');
      });

      await step(desk, t.name, 'a photo as evidence, stored under its SHA-256', async () => {
        await desk.getByTestId('evidence-input').setInputFiles({ name: '现场照片.png', mimeType: 'image/png', buffer: PHOTO });
        await expectText(desk.getByTestId('complaint-evidence'), '现场照片.png');
      });

      await step(desk, t.name, 'confirmed with an answer for the reporter and a hazard; the reward granted and paid; closed', async () => {
        const detail = desk.getByTestId('complaint-detail');
        await button(desk.getByTestId('complaint-actions'), '认定属实').click();
        const d = dialog(desk, '认定属实');
        await d.getByLabel('给举报人的答复（公开可见）').fill('经现场核查，举报属实，已责令维保单位限期整改。');
        await d.getByLabel('同时登记隐患，责令整改').check();
        await d.getByLabel('隐患项目').fill('维保不到位');
        await d.getByLabel('办理意见（内部）').fill('维保记录与物联网数据不符');
        await ok(d);
        await expectAttribute(detail, 'data-status', 'confirmed');
        await expectText(detail, /已登记隐患 #\d+/);
        await button(desk.getByTestId('complaint-reward'), '决定奖励').click();
        const g = dialog(desk, '决定奖励');
        await g.getByLabel('奖励金额（元）').fill('500');
        await ok(g);
        await expectText(desk.getByTestId('complaint-reward'), '已决定奖励 500 元');
        await button(desk.getByTestId('complaint-reward'), '登记发放').click();
        const pay = dialog(desk, '登记发放');
        await pay.getByLabel('凭证号').fill('ZF-E2E-0001');
        await ok(pay);
        await expectText(desk.getByTestId('complaint-reward'), '已发放 500 元');
        await button(desk.getByTestId('complaint-actions'), '办结').click();
        const c = dialog(desk, '办结');
        await c.getByLabel('办理意见（内部）').fill('隐患已登记，奖励已发放');
        await ok(c);
        await expectAttribute(detail, 'data-status', 'closed');
        const timeline = desk.getByTestId('complaint-timeline');
        for (const s of ['收到举报', '受理', '开始调查', '上传证据', '认定属实', '决定奖励', '发放奖励', '办结']) await expectText(timeline, s);
      });
    });

    await inBrowser(
      t,
      `${t.name}-outcome`,
      async (phone) => {
        await step(phone, t.name, 'the tracking page, the code typed in: the outcome, the answer and the paid reward; no contact', async () => {
          await phone.goto('/public/reports');
          await phone.getByLabel('查询码').fill(trackingCode.toLowerCase());
          await phone.getByRole('button', { name: '查询' }).click();
          const status = phone.getByTestId('tracking-status');
          await expectAttribute(status, 'data-status', 'closed');
          await expectText(phone.getByTestId('tracking-result'), '经现场核查，举报属实，已责令维保单位限期整改。');
          await expectText(phone.getByTestId('tracking-reward'), '已发放 500 元');
          await expectAttribute(phone.getByTestId('ack-countdown'), 'data-tone', 'done');
          const text = await phone.locator('body').innerText();
          for (const leak of [CONTACT, '维保记录与物联网数据不符', REGULATOR.displayName, '泉城电梯维保有限公司']) assert.ok(!text.includes(leak), `the public page shows ${leak}`);
          await screenshot(phone, 'complaint-outcome-mobile');
        });
      },
      { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
    );
  });
});
