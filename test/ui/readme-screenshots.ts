// Takes the README's screenshots in the real workbench (not part of `npm test`): the Rounds view on SEIF's
// released data with an instruction document open, and the round insight dashboard.
// Usage: bash test/ui/run-readme-screenshots.sh   (installs the .vsix into a fresh code-server first)
import fs from 'node:fs';
import path from 'node:path';
import { launchChromium } from '../host/chromium';
import { repoRoot } from '../host/workspace';
import { makeWorkspace } from '../support/make-workspace';
import { UI, runFromPalette, treeRow } from './workbench';

const out = path.join(repoRoot, 'docs/screenshots');
const baseUrl = process.argv[2]!;
const LONG = { timeout: 120_000 };

async function main(): Promise<void> {
  const workspace = path.join(process.env.SEIF_TEST_TMP ?? '/tmp', 'readme-workspace');
  fs.rmSync(workspace, { recursive: true, force: true });
  const kind = await makeWorkspace(workspace, { shared: true });
  const browser = await launchChromium({ width: 1500, height: 900 });
  const { page } = browser;
  try {
    await page.goto(`${baseUrl}/?folder=${encodeURIComponent(workspace)}`);
    await page.locator('.monaco-workbench').waitFor(LONG);
    await page.locator('.activitybar .action-item a[aria-label^="SEIF"]').first().click();
    await treeRow(page, /Round 1/).waitFor(LONG);
    await treeRow(page, /Round 2.*pending/).waitFor(LONG);
    await treeRow(page, /Round 1/).click();
    await treeRow(page, /q_T1\.parquet/).click();
    const first = page.locator('.sidebar .monaco-list-row[aria-label^="pending instruction"]').nth(2);
    await first.waitFor(UI);
    await first.click();
    await page.locator('.monaco-editor .codelens-decoration', { hasText: 'Accept' }).first().waitFor(UI);
    await runFromPalette(page, 'SEIF: Accept Instruction');
    await page.locator('.monaco-editor .codelens-decoration', { hasText: 'Accept' }).first().waitFor(UI);
    // A wider side bar, so round counts and instruction descriptions are readable.
    const side = await page.locator('.part.sidebar').boundingBox();
    if (side) {
      const x = side.x + side.width + 1;
      const y = side.y + side.height / 2;
      await page.mouse.move(x, y);
      await page.mouse.down();
      await page.mouse.move(x + 260, y, { steps: 10 });
      await page.mouse.up();
    }
    // Scroll to the very top so the code lenses above line 1 are in view.
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+Home');
    await page.mouse.wheel(0, -2000);
    await page.waitForTimeout(1500);
    fs.mkdirSync(out, { recursive: true });
    await page.screenshot({ path: path.join(out, 'curation.png') });
    console.log(`[shots] curation.png (${kind} data)`);
    await runFromPalette(page, 'SEIF: Open Round Insight Dashboard');
    const frame = page.frameLocator('iframe.webview').frameLocator('iframe');
    await frame.locator('canvas').first().waitFor(LONG);
    await page.waitForTimeout(3000);
    await page.screenshot({ path: path.join(out, 'dashboard.png') });
    console.log('[shots] dashboard.png');
  } finally {
    await browser.close();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error('[shots] failed:', e);
    process.exit(1);
  },
);
