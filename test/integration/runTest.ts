// Runs the extension-host tests (out/test/integration/, built by scripts/build-tests.js) through
// @vscode/test-electron's runTests. Here and in CI the "VS Code executable" is test/host/code-shim, which
// runs the suite in code-server's extension host; SEIF_VSCODE_EXECUTABLE=<path to code> uses a desktop
// VS Code instead, and SEIF_VSCODE_EXECUTABLE=download lets test-electron fetch one (needs internet).
// Each run opens a fresh fixture workspace (test/host/workspace.ts), passed to the tests as SEIF_TEST_WORKSPACE.
// Usage: node --import tsx test/integration/runTest.ts   (SEIF_KEEP_STATE=1 keeps the workspace afterwards)
import fs from 'node:fs';
import path from 'node:path';
import { runTests, TestRunFailedError } from '@vscode/test-electron';
import { createTestWorkspace, repoRoot } from '../host/workspace';

function vscodeExecutable(): string | undefined {
  const chosen = process.env.SEIF_VSCODE_EXECUTABLE;
  if (chosen === 'download') return undefined; // test-electron downloads stable VS Code into .vscode-test/
  return chosen || path.join(repoRoot, 'test/host/code-shim');
}

async function main(): Promise<number> {
  const extensionTestsPath = path.join(repoRoot, 'out/test/integration/index.js');
  if (!fs.existsSync(extensionTestsPath)) throw new Error(`${extensionTestsPath} is missing: run node scripts/build-tests.js`);
  if (!fs.existsSync(path.join(repoRoot, 'dist/extension.js'))) throw new Error('dist/extension.js is missing: run npm run build');
  const { runDir, workspace } = createTestWorkspace('integration');
  const resultFile = process.env.SEIF_TEST_RESULT_FILE || path.join(runDir, 'result.json');
  try {
    const executable = vscodeExecutable();
    console.log(`[integration] workspace ${workspace}; VS Code: ${executable ?? 'downloaded stable'}`);
    await runTests({
      ...(executable ? { vscodeExecutablePath: executable } : {}),
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath,
      // --disable-extensions keeps a desktop VS Code's own extensions out of the run (the shim ignores it)
      launchArgs: [workspace, '--disable-extensions'],
      extensionTestsEnv: { SEIF_TEST_WORKSPACE: workspace, SEIF_TEST_RESULT_FILE: resultFile },
    });
    return 0;
  } catch (e) {
    if (!(e instanceof TestRunFailedError)) throw e;
    console.error(`[integration] ${e.message}`);
    return e.code && e.code > 0 ? e.code : 1;
  } finally {
    if (process.env.SEIF_KEEP_STATE) console.log(`[integration] kept ${runDir}`);
    else fs.rmSync(runDir, { recursive: true, force: true });
  }
}

main().then((code) => process.exit(code), (e) => {
  console.error(`[integration] ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
