// Web-first assertions for playwright-core (which has no `expect`): each one retries until the page shows what
// is expected or the timeout passes, then fails with what the page showed last. No fixed sleeps anywhere.
import { AssertionError } from 'node:assert';
import type { Locator, Page } from 'playwright-core';
import { DEFAULT_TIMEOUT_MS } from './browser.ts';

const POLL_MS = [50, 100, 200, 300, 500];

/** Retries `check` (which throws while the condition does not hold) until it passes or time runs out. */
export async function eventually<T>(check: () => Promise<T> | T, timeout = DEFAULT_TIMEOUT_MS): Promise<T> {
  const deadline = Date.now() + timeout;
  for (let i = 0; ; i++) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() >= deadline) throw err;
      await new Promise((r) => setTimeout(r, POLL_MS[Math.min(i, POLL_MS.length - 1)]));
    }
  }
}

const show = (v: unknown) => JSON.stringify(v);
const matches = (text: string, expected: string | RegExp) => (typeof expected === 'string' ? text.includes(expected) : expected.test(text));

/** Exactly one element matches and it is visible. */
export async function expectVisible(locator: Locator, timeout = DEFAULT_TIMEOUT_MS): Promise<void> {
  await eventually(async () => {
    const n = await locator.count();
    if (n !== 1) throw new AssertionError({ message: `expected one visible ${locator}, found ${n}` });
    if (!(await locator.isVisible())) throw new AssertionError({ message: `expected ${locator} to be visible` });
  }, timeout);
}

/** Nothing matching is visible (gone or never there). */
export async function expectHidden(locator: Locator, timeout = DEFAULT_TIMEOUT_MS): Promise<void> {
  await locator.first().waitFor({ state: 'hidden', timeout });
}

/** Exactly one element matches and its visible text contains the string (or matches the pattern). */
export async function expectText(locator: Locator, expected: string | RegExp, timeout = DEFAULT_TIMEOUT_MS): Promise<string> {
  return eventually(async () => {
    const texts = await locator.allInnerTexts();
    if (texts.length !== 1) throw new AssertionError({ message: `expected one ${locator} with text ${show(String(expected))}, found ${texts.length}: ${show(texts)}` });
    if (!matches(texts[0], expected)) throw new AssertionError({ message: `${locator}: expected text ${show(String(expected))}, page shows ${show(texts[0])}` });
    return texts[0];
  }, timeout);
}

/** The locator matches exactly `n` elements. */
export async function expectCount(locator: Locator, n: number, timeout = DEFAULT_TIMEOUT_MS): Promise<void> {
  await eventually(async () => {
    const count = await locator.count();
    if (count !== n) throw new AssertionError({ message: `expected ${n} × ${locator}, found ${count}` });
  }, timeout);
}

/** The page's path (and query) matches. */
export async function expectPath(page: Page, expected: string | RegExp, timeout = DEFAULT_TIMEOUT_MS): Promise<void> {
  await eventually(() => {
    const url = new URL(page.url());
    const actual = url.pathname + url.search;
    const ok = typeof expected === 'string' ? actual === expected : expected.test(actual);
    if (!ok) throw new AssertionError({ message: `expected the page at ${show(String(expected))}, it is at ${show(actual)}` });
  }, timeout);
}

/** An attribute of the single matching element equals the value. */
export async function expectAttribute(locator: Locator, name: string, value: string, timeout = DEFAULT_TIMEOUT_MS): Promise<void> {
  await eventually(async () => {
    const n = await locator.count();
    if (n !== 1) throw new AssertionError({ message: `expected one ${locator}, found ${n}` });
    const actual = await locator.getAttribute(name);
    if (actual !== value) throw new AssertionError({ message: `${locator}: expected ${name}=${show(value)}, found ${show(actual)}` });
  }, timeout);
}
