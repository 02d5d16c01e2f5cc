// `seif stats` prints exactly the documented JSON, one object per file, and fails clearly on bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { writeParquetFile } from '../../src/core/dataset/parquet';
import { instructionsShape } from '../../src/core/dataset/seif-shapes';
import { cli } from '../support/cli';
import { duckRows } from '../support/duckdb';
import { instructionRows } from '../support/fixtures';
import { tempDir } from '../support/tmp';

test('seif stats prints one object per file with exactly the documented keys', async () => {
  const dir = tempDir();
  await writeParquetFile(path.join(dir, 'q_T1.parquet'), instructionsShape(), instructionRows(40, 1));
  await writeParquetFile(path.join(dir, 'q_T2.parquet'), instructionsShape(), instructionRows(30, 2));
  const r = await cli(['stats', 'q_T1.parquet', 'q_T2.parquet'], dir);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as Record<string, unknown>[];
  assert.equal(out.length, 2);
  for (const [i, o] of out.entries()) {
    assert.deepEqual(Object.keys(o), ['file', 'rows', 'constraints', 'exactlyShare', 'mappedIds', 'verifiableShare', 'drift']);
    assert.equal(o.file, `q_T${i + 1}.parquet`);
    const [d] = await duckRows(`select count(*) as rows, sum(len("constraint")) as c from read_parquet('${path.join(dir, o.file as string)}')`);
    assert.equal(o.rows, Number(d!.rows));
    assert.equal(o.constraints, Number(d!.c));
    for (const alarm of o.drift as Record<string, unknown>[]) assert.deepEqual(Object.keys(alarm), ['kind', 'rows']);
  }
});

test('seif stats --all-drift lists kinds under their thresholds too', async () => {
  const dir = tempDir();
  const rows = instructionRows(40, 1);
  (rows[3]!.constraint as string[])[0] = 'Word Count: at least 50 words.';
  fs.writeFileSync(path.join(dir, 'q.jsonl'), rows.map((r) => JSON.stringify({ ...r, kwargs: [] })).join('\n') + '\n');
  // One leaking row in 40 (2.5 %) is under the 5 % category-leak threshold.
  const quiet = JSON.parse((await cli(['stats', 'q.jsonl'], dir)).stdout);
  assert.equal(quiet[0].drift.find((d: { kind: string }) => d.kind === 'category-leak'), undefined);
  const all = JSON.parse((await cli(['stats', '--all-drift', 'q.jsonl'], dir)).stdout);
  assert.deepEqual(all[0].drift.find((d: { kind: string }) => d.kind === 'category-leak'), { kind: 'category-leak', rows: [3] });
});

test('seif stats: no file is a usage error; a missing or wrong file is one clear line naming it', async () => {
  const dir = tempDir();
  const none = await cli(['stats'], dir);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /give at least one dataset file/);
  const missing = await cli(['stats', 'nope.parquet'], dir);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /^seif stats: .*nope\.parquet/);
  fs.writeFileSync(path.join(dir, 'seed.jsonl'), '{"prompt":"hi"}\n');
  const seed = await cli(['stats', 'seed.jsonl'], dir);
  assert.equal(seed.code, 1);
  assert.match(seed.stderr, /seed\.jsonl \(schema\): not a round of instructions/);
  assert.equal(seed.stderr.trim().split('\n').length, 1);
});
