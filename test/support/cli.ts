import { runCli } from '../../src/cli/main';

/** Runs the CLI in-process with captured output (same code path as dist/cli.js). */
export async function cli(args: string[], cwd = process.cwd()): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd, env: process.env });
  return { code, stdout, stderr };
}
