import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { readParquetFile, writeParquetFile } from '../../src/core/dataset/parquet';
import { sharedSeifDataDir } from '../../src/core/util/paths';
import { writeGeneratedWorkspace } from '../support/fixtures';
import { duckDiffCount, duckKv, duckSchema, duckCount } from '../support/duckdb';
import { PROJECT_ROOT, tempDir } from '../support/tmp';

function parquetFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...parquetFiles(full));
    else if (e.name.endsWith('.parquet')) out.push(full);
  }
  return out.sort();
}

async function assertRoundTrip(file: string, outDir: string): Promise<void> {
  const table = await readParquetFile(file);
  const out = path.join(outDir, path.basename(path.dirname(file)) + '-' + path.basename(file));
  await writeParquetFile(out, table, table.rows);
  // Independent reader: schema elements, key/value metadata and every value must match.
  assert.deepEqual(await duckSchema(out), await duckSchema(file), `schema of ${file}`);
  assert.deepEqual(await duckKv(out), await duckKv(file), `kv metadata of ${file}`);
  assert.equal(await duckCount(out), table.rows.length);
  assert.equal(await duckDiffCount(file, out), 0, `values of ${file}`);
  // And our own reader agrees with itself after the trip.
  const again = await readParquetFile(out);
  assert.deepEqual(again.rows, table.rows);
}

test('generated SEIF files round-trip with schema and values intact (checked by DuckDB)', async () => {
  const dir = tempDir();
  await writeGeneratedWorkspace(dir, { rows: 30, rounds: 2 });
  const files = parquetFiles(dir);
  assert.equal(files.length, 4);
  for (const f of files) await assertRoundTrip(f, tempDir());
});

const shared = sharedSeifDataDir(PROJECT_ROOT);
test('every parquet file of SEIF\'s released data round-trips exactly (DuckDB as independent reader)', { skip: !shared && 'no ../shared/seif-data here' }, async () => {
  const files = parquetFiles(shared!);
  assert.ok(files.length >= 9, `expected SEIF's files, found ${files.length}`);
  const out = tempDir();
  for (const f of files) await assertRoundTrip(f, out);
});
