// Browser flows of the IoT monitoring view: a terminal publishes over MQTT to the server's embedded broker and
// the pages follow it live (server-sent events), without a reload. One real server (fresh PGlite store, embedded
// aedes broker on a free port) and one headless Chromium for the file; each test opens its own browser context.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { after, before, describe, test, type TestContext } from 'node:test';
import mqtt from 'mqtt';
import type { Browser, Page } from 'playwright-core';
import { buildRow, toCsv } from '../src/test/factories.ts';
import { launchBrowser, OUT_DIR, step, withPage } from './support/browser.ts';
import { menuItem, signIn } from './support/flows.ts';
import { expectAttribute, expectCount, expectText, expectVisible } from './support/expect.ts';
import { apiImportCsv, apiLogin, freePort, startServer, type RunningServer } from './support/server.ts';

const DEVICE_ID = 'E2E-DEV-1';
const SECRET = 's3cret-s3cret-s3cret';
const elevator = buildRow({ address: '山东省济南市历下区泉城路100号', placeName: '泉城广场西塔' });

let server: RunningServer;
let browser: Browser;
let mqttPort: number;

async function inBrowser(t: TestContext, body: (page: Page) => Promise<void>): Promise<void> {
  try {
    await withPage(browser, server.baseUrl, t.name, body);
  } catch (err) {
    const out = server.output().trim();
    if (out && err instanceof Error) err.message += `\n  server output (tail):\n${out.slice(-3000)}`;
    throw err;
  }
}


/** Publishes as the terminal (MQTT 3.1.1, its id and secret as the login), waiting for the broker's PUBACK. */
async function publish(topicSuffix: 'event' | 'status', payload: Record<string, unknown>): Promise<void> {
  const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${mqttPort}`, {
    protocolVersion: 4,
    clientId: `${DEVICE_ID}-${crypto.randomBytes(3).toString('hex')}`,
    username: DEVICE_ID,
    password: SECRET,
    reconnectPeriod: 0,
    connectTimeout: 5_000,
  });
  try {
    await client.publishAsync(`liftsafe/v1/${DEVICE_ID}/${topicSuffix}`, JSON.stringify({ v: 1, ts: Date.now(), ...payload }), { qos: 1 });
  } finally {
    await client.endAsync();
  }
}

/** Marks the document; `expectSameDocument` fails if the page was reloaded or navigated away since. */
async function markDocument(page: Page): Promise<void> {
  await page.evaluate(() => Object.assign(window, { __e2eSameDocument: true }));
}
async function expectSameDocument(page: Page): Promise<void> {
  assert.equal(await page.evaluate(() => (window as { __e2eSameDocument?: boolean }).__e2eSameDocument === true), true, 'the page was reloaded');
}

describe('LiftSafe IoT monitoring in the browser', { concurrency: 1 }, () => {
  before(
    async () => {
      fs.mkdirSync(OUT_DIR, { recursive: true });
      mqttPort = await freePort();
      server = await startServer({ env: { MQTT_ENABLED: 'true', MQTT_PORT: String(mqttPort) } });
      browser = await launchBrowser();
      const token = await apiLogin(server.baseUrl);
      const seed = await apiImportCsv(server.baseUrl, token, toCsv([elevator]));
      assert.equal(seed.imported, 1, `seed import: ${JSON.stringify(seed)}`);
      const res = await fetch(`${server.baseUrl}/api/devices`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ deviceId: DEVICE_ID, protocol: 'native', secret: SECRET, registrationCode: elevator.registrationCode }),
      });
      assert.equal(res.status, 201, `register the terminal: ${res.status} ${await res.text()}`);
    },
    { timeout: 180_000 },
  );

  after(async () => {
    await browser?.close().catch(() => {});
    await server?.stop();
  });

  test('a 困人 event published by the terminal over MQTT appears in the live alarm feed of 实时监测 within seconds, without a reload', { timeout: 90_000 }, async (t) => {
    await inBrowser(t, async (page) => {
      const feed = page.getByTestId('live-alarm-feed');
      const rows = feed.locator('[data-alarm-id]');

      await step(page, t.name, 'open 实时监测 from the menu, the stream connected and the feed empty', async () => {
        await signIn(page);
        await menuItem(page, '实时监测').click();
        await expectVisible(page.getByRole('heading', { name: '实时监测' }));
        await expectAttribute(page.getByTestId('stream-state'), 'data-state', 'open');
        await expectText(feed, '暂无告警');
        await expectCount(rows, 0);
        await expectVisible(page.getByText('各地市在线率（按您的管辖范围统计）'));
        await expectCount(page.locator('.ant-card').filter({ hasText: '各地市在线率（按您的管辖范围统计）' }).locator('canvas'), 1);
        await markDocument(page);
      });

      await step(page, t.name, 'the terminal publishes a trapped-passenger event (QoS 1)', async () => {
        await publish('event', { id: 'e2e-1', phase: 'open', fault: 'trapped' });
      });

      await step(page, t.name, 'the alarm appears in the feed with its Chinese label, elevator and address', async () => {
        await expectCount(rows, 1, 10_000);
        const row = rows.first();
        await expectText(row, '困人');
        await expectText(row, '紧急');
        await expectText(row, elevator.registrationCode);
        await expectText(row, elevator.address);
        await expectAttribute(row.getByRole('link', { name: elevator.registrationCode }), 'href', `/elevators/${elevator.registrationCode}`);
        await expectSameDocument(page);
      });

      await step(page, t.name, 'the summary counts it (pushed every 2 s)', async () => {
        const stat = (title: string) => page.locator('.ant-statistic').filter({ has: page.getByText(title, { exact: true }) });
        await expectText(stat('活跃告警'), /活跃告警\s*1\s*条/, 10_000);
        await expectText(stat('监测终端'), /监测终端\s*1\s*台/, 10_000);
        await expectSameDocument(page);
      });
    });
  });

  test('the elevator page shows the terminal’s live state (online, floor) as it reports it', { timeout: 90_000 }, async (t) => {
    await inBrowser(t, async (page) => {
      const card = page.getByTestId('live-status');
      await step(page, t.name, 'open the elevator', async () => {
        await signIn(page);
        await page.goto(`/elevators/${elevator.registrationCode}`);
        await expectVisible(page.getByRole('heading', { name: elevator.registrationCode }));
        await expectVisible(card);
        await expectText(card, '实时状态');
        await markDocument(page);
      });

      await step(page, t.name, 'the terminal reports floor 12 going up: the card follows', async () => {
        await publish('status', { id: 's-1', floor: '12', direction: 'up', doorOpen: false, occupied: true, mode: 'normal' });
        await expectText(page.getByTestId('live-floor'), '12', 10_000);
        await expectAttribute(card.locator('[data-direction]'), 'data-direction', 'up');
        await expectText(card, '在线');
        await expectText(card, '有人');
        await expectText(card, `终端 ${DEVICE_ID}`);
        await expectSameDocument(page);
      });
    });
  });
});
