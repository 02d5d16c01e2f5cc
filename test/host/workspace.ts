// A fresh fixture workspace per test run (tests may write into it): a copy of SEIF_TEST_FIXTURE when set,
// else one made by test/support/make-workspace.ts (small generated data; SEIF's released files with
// SEIF_TEST_SHARED_DATA=1). Returns the workspace and the run folder that holds it (remove that when done).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const repoRoot = path.resolve(__dirname, '../..');
export const runsDir = path.join(repoRoot, '.vscode-test/runs');

export function createTestWorkspace(prefix: string): { runDir: string; workspace: string } {
  fs.mkdirSync(runsDir, { recursive: true });
  const runDir = fs.mkdtempSync(path.join(runsDir, `${prefix}-`));
  const workspace = path.join(runDir, 'workspace');
  const fixture = process.env.SEIF_TEST_FIXTURE;
  if (fixture) {
    fs.cpSync(fixture, workspace, { recursive: true });
    return { runDir, workspace };
  }
  const args = ['--import', 'tsx', 'test/support/make-workspace.ts', workspace];
  if (process.env.SEIF_TEST_SHARED_DATA === '1') args.push('--shared');
  const made = spawnSync(process.execPath, args, { cwd: repoRoot, stdio: 'inherit' });
  if (made.status !== 0) {
    fs.rmSync(runDir, { recursive: true, force: true });
    throw new Error(`test/support/make-workspace.ts failed (exit ${made.status ?? made.signal})`);
  }
  return { runDir, workspace };
}
