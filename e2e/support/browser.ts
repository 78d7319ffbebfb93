// Headless Debian Chromium through playwright-core, set up as a person in Shandong would have it (zh-CN,
// Asia/Shanghai). Failed steps leave a screenshot in e2e/out/ so a red run can be looked at.
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';

export const OUT_DIR = path.resolve(import.meta.dirname, '../out');
export const DEFAULT_TIMEOUT_MS = 15_000;

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
      // Without a zygote every helper is the browser's own child and is reaped when it closes; with one, the
      // zygotes outlive the browser as <defunct> entries until PID 1 collects them (seconds, but `ps` shows them).
      '--no-zygote',
    ],
    timeout: 30_000,
  });
}

/** A fresh context (no cookies, no storage: a new visitor) with the Chinese locale and Shanghai time. */
export async function newContext(browser: Browser, baseURL: string, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  // Reduced motion: the app then opens and closes dialogs without animation, so steps do not race a fade.
  const context = await browser.newContext({ baseURL, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1440, height: 900 }, reducedMotion: 'reduce', ...options });
  context.setDefaultTimeout(DEFAULT_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(DEFAULT_TIMEOUT_MS);
  return context;
}

/** A file-name-safe form of a test or step name, kept short. */
export function slug(name: string, max = 60): string {
  return name
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .slice(0, max)
    .replace(/^-+|-+$/g, '');
}

/** Saves a full-page screenshot to e2e/out/<part>--<part>.png; returns the path (undefined if the page is gone). */
export async function screenshot(page: Page, ...nameParts: string[]): Promise<string | undefined> {
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const file = path.join(OUT_DIR, `${nameParts.map((p) => slug(p)).join('--')}.png`);
  try {
    await page.screenshot({ path: file, fullPage: true, timeout: 5_000 });
    return file;
  } catch {
    return undefined;
  }
}

const captured = new WeakSet<object>();

function withNotes(err: unknown, notes: string[]): unknown {
  if (err instanceof Error && notes.length) err.message += `\n${notes.join('\n')}`;
  return err;
}

/**
 * One page in its own context for one test. If the body throws, the page is photographed (unless a step already
 * did) and the browser's uncaught errors are added to the message; the context is always closed.
 */
export async function withPage(
  browser: Browser,
  baseURL: string,
  testName: string,
  body: (page: Page) => Promise<void>,
  options: BrowserContextOptions = {},
): Promise<void> {
  const context = await newContext(browser, baseURL, options);
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(`  page error: ${e.message}`));
  try {
    await body(page);
  } catch (err) {
    const notes = [...pageErrors];
    if (!(err instanceof Object && captured.has(err))) {
      const shot = await screenshot(page, testName, 'failed');
      if (shot) notes.unshift(`  screenshot: ${path.relative(process.cwd(), shot)} (url ${page.url()})`);
    }
    throw withNotes(err, notes);
  } finally {
    await context.close().catch(() => {});
  }
}

/** A named step of a test: on failure its page is photographed as e2e/out/<test>--<step>.png. */
export async function step<T>(page: Page, testName: string, stepName: string, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (err) {
    if (err instanceof Object && !captured.has(err)) {
      const shot = await screenshot(page, testName, stepName);
      captured.add(err);
      withNotes(err, [`  failed step: ${stepName}`, ...(shot ? [`  screenshot: ${path.relative(process.cwd(), shot)} (url ${page.url()})`] : [])]);
    }
    throw err;
  }
}
