// The tests module the extension host loads (--extensionTestsPath / the payload's extensionTestsPath):
// runs every compiled *.test.js next to it with mocha 11 (TDD: suite/test). SEIF_TEST_GREP narrows the run
// to titles matching that regular expression. Ends with a plain "[integration] N passed, N failed, N pending"
// line and, when SEIF_TEST_RESULT_FILE is set, writes the counts and failures there as JSON for scripts.
import fs from 'node:fs';
import path from 'node:path';
import Mocha from 'mocha';
import { mapStack } from './mapped-stack';

interface Failure { title: string; error: string }

function compiledTestFiles(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.js'))
    .sort()
    .map((f) => path.join(dir, f));
}

export function run(): Promise<void> {
  process.setSourceMapsEnabled?.(true); // lets findSourceMap see the bundles' maps (see mapped-stack.ts)
  const mocha = new Mocha({
    ui: 'tdd',
    color: false,
    reporter: 'spec',
    timeout: Number(process.env.SEIF_TEST_TIMEOUT_PER_TEST_MS || 30_000),
    ...(process.env.SEIF_TEST_GREP ? { grep: process.env.SEIF_TEST_GREP } : {}),
  });
  const files = compiledTestFiles(__dirname);
  if (files.length === 0) return Promise.reject(new Error(`no *.test.js files in ${__dirname}: run node scripts/build-tests.js`));
  for (const f of files) mocha.addFile(f);

  const failures: Failure[] = [];
  let passed = 0;
  let pending = 0;
  return new Promise((resolve, reject) => {
    let runner: Mocha.Runner;
    try {
      runner = mocha.run((failed) => {
        const line = `[integration] ${passed} passed, ${failed} failed, ${pending} pending`;
        console.log(line);
        if (passed + failed === 0) console.log(`[integration] no test ran (SEIF_TEST_GREP=${process.env.SEIF_TEST_GREP ?? ''})`);
        writeResult({ passed, failed, pending, failures });
        if (failed > 0) reject(new Error(`${failed} integration test(s) failed`));
        else resolve();
      });
    } catch (e) {
      // a test file that throws while loading (bad import, top-level error) lands here
      const error = e instanceof Error ? e.stack ?? e.message : String(e);
      console.error(`[integration] could not load the test files: ${error}`);
      writeResult({ passed: 0, failed: 1, pending: 0, failures: [{ title: 'loading test files', error }] });
      reject(e);
      return;
    }
    runner.on('pass', () => { passed++; });
    runner.on('pending', () => { pending++; });
    runner.on('fail', (t, err: unknown) => {
      // the spec reporter prints failures at the end, so the stack it shows is the mapped one
      if (err instanceof Error && err.stack) err.stack = mapStack(err.stack);
      failures.push({ title: t.fullTitle(), error: err instanceof Error ? err.stack ?? err.message : String(err) });
    });
  });
}

function writeResult(result: { passed: number; failed: number; pending: number; failures: Failure[] }): void {
  const file = process.env.SEIF_TEST_RESULT_FILE;
  if (file) fs.writeFileSync(file, JSON.stringify(result, null, 2));
}
