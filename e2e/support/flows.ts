// Steps every browser flow shares: signing in and finding a side-menu entry.
import type { Page } from 'playwright-core';
import { expectVisible } from './expect.ts';
import { ADMIN_PASSWORD, ADMIN_USERNAME } from './server.ts';

/** Signs in through the login form and waits for the signed-in shell. */
export async function signInAs(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('用户名', { exact: true }).fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await expectVisible(page.getByRole('menu'));
}

/** Signs in as admin through the login form and waits for the signed-in shell. */
export async function signIn(page: Page): Promise<void> {
  await signInAs(page, ADMIN_USERNAME, ADMIN_PASSWORD);
}

/** A side-menu entry by its label (its accessible name also carries the icon's name, e.g. "cloud-upload 批量导入"). */
export const menuItem = (page: Page, label: string) => page.getByRole('menu').getByRole('menuitem', { name: new RegExp(`(^|\\s)${label}$`) });
