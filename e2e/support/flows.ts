// Steps every browser flow shares: signing in and finding a side-menu entry.
import type { Page } from 'playwright-core';
import { expectVisible } from './expect.ts';
import { ADMIN_PASSWORD, ADMIN_USERNAME } from './server.ts';

/** Signs in as admin through the login form and waits for the signed-in shell. */
export async function signIn(page: Page): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('用户名', { exact: true }).fill(ADMIN_USERNAME);
  await page.getByLabel('密码', { exact: true }).fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await expectVisible(page.getByRole('menu'));
}

/** A side-menu entry by its label (its accessible name also carries the icon's name, e.g. "cloud-upload 批量导入"). */
export const menuItem = (page: Page, label: string) => page.getByRole('menu').getByRole('menuitem', { name: new RegExp(`(^|\\s)${label}$`) });
