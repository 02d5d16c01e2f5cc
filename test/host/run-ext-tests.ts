// Runs an extension's test module inside code-server's real Node extension host: opens the workbench with
// ?payload=[["extensionDevelopmentPath",…],["extensionTestsPath",…]] (honoured because code-server was
// started with --vscode-option enable-smoke-test-driver) and waits for window.codeAutomationExit(code),
// which the workbench calls when the module's run() settles. The suite's console output is printed here.
// Usage: node --import tsx test/host/run-ext-tests.ts <baseUrl> <extensionDir> <testsModule.js> <workspaceDir>
// Exit code: the suite's (0 = passed), 2 = timeout (SEIF_TEST_TIMEOUT_MS, default 300000), 1 = runner error.
import fs from 'node:fs';
import path from 'node:path';
import util from 'node:util';
import { launchChromium } from './chromium';

const [baseUrl, extensionDir, testsModule, workspace] = process.argv.slice(2);
if (!baseUrl || !extensionDir || !testsModule || !workspace) {
  console.error('usage: run-ext-tests.ts <baseUrl> <extensionDir> <testsModule.js> <workspaceDir>');
  process.exit(1);
}
const remote = (p: string) => `vscode-remote://remote${path.resolve(p)}`; // "remote" = code-server's authority
const payload = [['extensionDevelopmentPath', remote(extensionDir)], ['extensionTestsPath', remote(testsModule)]];
const url = `${baseUrl}/?folder=${encodeURIComponent(path.resolve(workspace))}&payload=${encodeURIComponent(JSON.stringify(payload))}`;

// Workbench chatter that also arrives through codeAutomationLog; SEIF_TEST_VERBOSE=1 shows it.
const NOISE = [/^Resolv(ing|ed) connection token/, /^Creating a socket/, /^\[reconnection-grace-time\]/,
  /^Creation of workbench contribution/, /^Ignoring fetching additional builtin/, /^\[Service Worker\]/,
  /^\[AgentHost/, /^\[AccountPolicyGate\]/, /^Updating additional builtin extensions cache/,
  /^No search provider registered/, /^Timed out waiting for authentication provider/,
  /^Canceled(: Canceled)*\s/];
const timeoutMs = Number(process.env.SEIF_TEST_TIMEOUT_MS || 300_000);
const started = Date.now();

async function main(): Promise<number> {
  const browser = await launchChromium();
  try {
    const { page } = browser;
    let exited = false;
    let reportExit: (code: number) => void = () => {};
    const exitCode = new Promise<number>((resolve) => { reportExit = resolve; });
    await page.exposeFunction('codeAutomationExit', (code: number) => { exited = true; reportExit(code); });
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown) => {
      if (exited) return; // shutdown chatter after the suite reported
      const line = util.format(...(Array.isArray(args) ? args : [args]));
      if (!process.env.SEIF_TEST_VERBOSE && NOISE.some((re) => re.test(line))) return;
      (type === 'error' ? console.error : console.log)(line);
    });
    page.on('pageerror', (e) => console.error('[workbench error]', e.message));
    await page.goto(url);
    console.log(`[runner] workbench page loaded after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<number>((resolve) => { timer = setTimeout(() => resolve(-1), timeoutMs); });
    const code = await Promise.race([exitCode, timeout]);
    clearTimeout(timer);
    if (code === -1) {
      console.error(`[runner] the suite did not finish within ${timeoutMs} ms (SEIF_TEST_TIMEOUT_MS)`);
      const shot = path.resolve('out/screenshots/integration-timeout.png');
      fs.mkdirSync(path.dirname(shot), { recursive: true });
      await page.screenshot({ path: shot }).then(() => console.error(`[runner] workbench at timeout: ${shot}`), () => {});
      return 2;
    }
    return code;
  } finally {
    await browser.close();
  }
}

main().then(
  (code) => {
    console.log(`[runner] extension tests exit code ${code} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    process.exit(code);
  },
  (e) => {
    console.error('[runner] error:', e);
    process.exit(1);
  },
);
