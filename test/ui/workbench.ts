// Small helpers for driving the code-server workbench (selectors written for the pinned code-server).
import type { Page } from 'playwright-core';

export const FIRST_LOAD = { timeout: 120_000 }; // the first workbench load starts the extension host
export const UI = { timeout: 20_000 };

/** A row of the side bar's tree whose text matches. */
export const treeRow = (page: Page, text: string | RegExp) => page.locator('.sidebar .monaco-list-row', { hasText: text }).first();

/** F1, type the command title, pick it, Enter. */
export async function runFromPalette(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor(UI);
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor(UI);
  await page.keyboard.press('Enter');
}
