// Browser flow of the inspection module (应检尽检): an agency's inspector signs in, looks at an elevator's 检验 card
// (its current due date), uploads a report for it through 上传报告 — the lookup finds the elevator, a field the server
// rejects is shown next to the field, the corrected report is accepted with the platform's quality flags and the
// elevator's new due date — and the elevator's page then shows the new due date and links the report. One real
// server (fresh PGlite store, no broker) and one headless Chromium; the agency, its login and one registered
// inspector are made through the API in `before`.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { buildRow, toCsv, uscc } from '../src/test/factories.ts';
import { launchBrowser, OUT_DIR, step, withPage } from './support/browser.ts';
import { menuItem, signInAs } from './support/flows.ts';
import { expectCount, expectPath, expectText, expectVisible } from './support/expect.ts';
import { apiImportCsv, apiLogin, startServer, type RunningServer } from './support/server.ts';

const AGENCY = '济南市特种设备检验研究所（E2E）';
const AGENCY_CODE = uscc('370102');
const INSPECTOR = { username: 'e2e-inspector', password: 'Inspect123' };
const REGISTERED = { name: '张检验', certificateNo: 'TS7-E2E-0001' };
const elevator = buildRow({ address: '山东省济南市历下区泉城路300号', acceptanceDate: '2019-06-10', commissioningDate: '2019-06-20' });
const REPORT_NO = `JN-DJ-E2E-${Date.now() % 100000}`;

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

/** The form item holding the control with this id (antd: name path joined by `_`). */
const item = (scope: Locator, id: string) => scope.locator('.ant-form-item').filter({ has: scope.page().locator(`[id="${id}"]`) });

async function chooseIn(page: Page, scope: Locator, option: string): Promise<void> {
  await scope.locator('.ant-select').first().click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: new RegExp(`^${option}$`) }).click();
}

describe('LiftSafe inspection reports in the browser', { concurrency: 1 }, () => {
  let dueBefore = '';

  before(
    async () => {
      fs.mkdirSync(OUT_DIR, { recursive: true });
      server = await startServer();
      browser = await launchBrowser();
      const admin = await apiLogin(server.baseUrl);
      const seed = await apiImportCsv(server.baseUrl, admin, toCsv([elevator]));
      assert.equal(seed.imported, 1, `seed import: ${JSON.stringify(seed.rejected)}`);
      const agency = await api<{ id: number }>(admin, 'POST', '/api/orgs', { name: AGENCY, type: 'inspection', regionCode: '370100', creditCode: AGENCY_CODE });
      await api(admin, 'POST', '/api/users', { ...INSPECTOR, displayName: '检验员小张', orgId: agency.id, roles: ['inspector'] });
      const inspector = await apiLogin(server.baseUrl, INSPECTOR.username, INSPECTOR.password);
      await api(inspector, 'POST', '/api/inspection/inspectors', { ...REGISTERED, qualification: '电梯检验员', validFrom: '2020-01-01', validTo: '2030-12-31', employedFrom: '2020-01-01' });
      const before = await api<{ inspection?: { nextDueDate: string | null } }>(admin, 'GET', `/api/elevators/${elevator.registrationCode}`);
      dueBefore = before.inspection?.nextDueDate ?? '';
      assert.ok(dueBefore, `the elevator has a schedule before any report: ${JSON.stringify(before.inspection)}`);
    },
    { timeout: 180_000 },
  );

  after(async () => {
    await browser?.close().catch(() => {});
    await server?.stop();
  });

  test('an inspector uploads a report through the form, sees its flags and the new due date, and the elevator page follows', { timeout: 180_000 }, async (t) => {
    try {
      await withPage(browser, server.baseUrl, t.name, async (page) => {
        await step(page, t.name, 'the elevator page shows the due date before the report', async () => {
          await signInAs(page, INSPECTOR.username, INSPECTOR.password);
          await page.goto(`/elevators/${elevator.registrationCode}`);
          const card = page.getByTestId('elevator-inspection');
          await expectText(card.getByTestId('next-due-date'), dueBefore);
          await expectText(card, '平台暂无检验报告');
        });

        await step(page, t.name, '检验报告 in the 检验检测 menu opens the list, 上传报告 the form', async () => {
          await menuItem(page, '检验报告').click();
          await expectPath(page, '/inspection/reports');
          await expectVisible(page.getByRole('heading', { name: '检验报告' }));
          await page.getByRole('button', { name: /上传报告/ }).click();
          await expectVisible(page.getByTestId('report-form'));
        });

        const form = page.getByTestId('report-form');
        await step(page, t.name, 'the registration code finds the elevator and its current due date; the agency code is the inspector’s own', async () => {
          await form.locator('#registrationCode').fill(elevator.registrationCode);
          await form.locator('#registrationCode').press('Enter');
          const found = form.getByTestId('lookup-elevator');
          await expectText(found, elevator.address);
          await expectText(found, dueBefore);
          assert.equal(await form.locator('#agencyCreditCode').inputValue(), AGENCY_CODE);
        });

        await step(page, t.name, 'the form is filled: type, conclusion, people, key data (balance coefficient out of range)', async () => {
          await form.locator('#reportNo').fill(REPORT_NO);
          assert.equal(await form.locator('#type').locator('xpath=ancestor::div[contains(@class,"ant-select")][1]').innerText(), '定期检验');
          await form.locator('#inspectors_0_name').fill(REGISTERED.name);
          await form.locator('#inspectors_0_certificateNo').fill(REGISTERED.certificateNo);
          await form.locator('#inspectors_1_name').fill('王外聘');
          await form.locator('#inspectors_1_certificateNo').fill('TS7-E2E-0999');
          await form.locator('#signer_name').fill('李签发');
          await form.locator('#signer_certificateNo').fill('TS');
          await form.locator('#measurements_balanceCoefficient').fill('0.62');
          await chooseIn(page, item(form, 'measurements_brakeTest'), '合格');
          await form.locator('#measurements_doorLockEngagementMm').fill('9');
          await form.locator('#measurements_insulationResistanceMOhm').fill('5');
          await form.locator('#measurements_ratedSpeedDeviationPct').fill('1.5');
        });

        await step(page, t.name, 'the server’s 400 shows next to the field it concerns', async () => {
          await page.getByTestId('report-submit').click();
          await expectVisible(page.getByTestId('report-error'));
          await expectText(item(form, 'signer_certificateNo').locator('.ant-form-item-explain-error'), '证书编号过短');
        });

        await step(page, t.name, 'the corrected report is accepted: flags and the new due date', async () => {
          await form.locator('#signer_certificateNo').fill('TS7-E2E-0500');
          await expectCount(item(form, 'signer_certificateNo').locator('.ant-form-item-explain-error'), 0);
          await page.getByTestId('report-submit').click();
          const result = page.getByTestId('report-result');
          await expectText(result, `报告 ${REPORT_NO} 已提交`);
          const flags = result.getByTestId('result-flags');
          await expectText(flags, '关键数据异常');
          await expectText(flags, '检验人员未登记');
          const due = await expectText(result.getByTestId('report-result-due').getByTestId('due-date').first(), /^\d{4}-\d{2}-\d{2}$/);
          assert.notEqual(due, dueBefore, 'the due date moved');
        });

        await step(page, t.name, 'the elevator page shows the new due date and links the report', async () => {
          const result = page.getByTestId('report-result');
          const dueAfter = (await result.getByTestId('report-result-due').getByTestId('due-date').first().innerText()).trim();
          await page.goto(`/elevators/${elevator.registrationCode}`);
          const card = page.getByTestId('elevator-inspection');
          await expectText(card.getByTestId('next-due-date'), dueAfter);
          await expectText(card.getByTestId('last-report'), REPORT_NO);
          await card.getByTestId('last-report').getByRole('link', { name: REPORT_NO }).click();
          await expectPath(page, /^\/inspection\/reports\?id=\d+$/);
          const drawer = page.getByTestId('report-drawer');
          await expectText(drawer, REPORT_NO);
          await expectText(drawer.getByTestId('report-flags'), '关键数据异常');
        });
      });
    } catch (err) {
      const out = server.output().trim();
      if (out && err instanceof Error) err.message += `\n  server output (tail):\n${out.slice(-3000)}`;
      throw err;
    }
  });
});
