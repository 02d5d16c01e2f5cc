import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after } from 'node:test';

/** A fresh temp folder removed when the test file ends. */
export function tempDir(prefix = 'seif-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
