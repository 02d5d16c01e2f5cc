// Creates a SEIF-layout workspace folder for the sample (npm start) and the extension tests.
// Usage: npx tsx test/support/make-workspace.ts <dir> [--shared] [--rows N]
//   --shared: copy SEIF's released files from ../shared/seif-data (or $SEIF_DATA) when present,
//             else fall back to generated data (said on stderr).
import fs from 'node:fs';
import path from 'node:path';
import { sharedSeifDataDir } from '../../src/core/util/paths';
import { writeGeneratedWorkspace } from './fixtures';

export async function makeWorkspace(dir: string, options: { shared?: boolean; rows?: number } = {}): Promise<'shared' | 'generated'> {
  fs.mkdirSync(dir, { recursive: true });
  const shared = options.shared ? sharedSeifDataDir(path.resolve(__dirname, '..', '..')) : undefined;
  if (shared) {
    const data = path.join(dir, 'data');
    fs.mkdirSync(data, { recursive: true });
    for (const f of ['seed.parquet', 'test.parquet']) copy(path.join(shared, f), path.join(data, f));
    for (const family of fs.readdirSync(shared)) {
      const src = path.join(shared, family);
      if (!fs.statSync(src).isDirectory()) continue;
      for (const f of fs.readdirSync(src).filter((n) => /^q_T\d+\.parquet$/.test(n))) {
        copy(path.join(src, f), path.join(data, `Self-IF-Self-${family}`, f));
      }
    }
    return 'shared';
  }
  if (options.shared) process.stderr.write('make-workspace: ../shared/seif-data not found; writing generated data instead\n');
  await writeGeneratedWorkspace(dir, { rows: options.rows ?? 24 });
  return 'generated';
}

function copy(from: string, to: string): void {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.copyFileSync(from, to);
  fs.chmodSync(to, 0o644);
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const dir = args.find((a) => !a.startsWith('--'));
  if (!dir) {
    process.stderr.write('usage: make-workspace.ts <dir> [--shared] [--rows N]\n');
    process.exit(2);
  }
  const rowsAt = args.indexOf('--rows');
  makeWorkspace(path.resolve(dir), { shared: args.includes('--shared'), ...(rowsAt >= 0 ? { rows: Number(args[rowsAt + 1]) } : {}) }).then(
    (kind) => process.stdout.write(`${path.resolve(dir)} (${kind} data)\n`),
    (e) => {
      process.stderr.write(`make-workspace: ${(e as Error).message}\n`);
      process.exit(1);
    },
  );
}
