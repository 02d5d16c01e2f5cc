import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { loadDataset } from '../../src/core/dataset/dataset';
import { readParquetFile, writeParquetFile } from '../../src/core/dataset/parquet';
import { SeifError } from '../../src/core/errors';
import { instructionsShape } from '../../src/core/dataset/seif-shapes';
import { instructionRows } from '../support/fixtures';
import { tempDir } from '../support/tmp';

test('a truncated parquet file is a clear error naming the file and the byte', async () => {
  const dir = tempDir();
  const good = path.join(dir, 'q_T1.parquet');
  await writeParquetFile(good, instructionsShape(), instructionRows(10));
  const bytes = fs.readFileSync(good);
  const cut = path.join(dir, 'cut.parquet');
  fs.writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
  await assert.rejects(readParquetFile(cut), (e: unknown) => {
    assert.ok(e instanceof SeifError);
    assert.equal(e.file, cut);
    assert.match(e.message, /truncated or corrupt/);
    assert.match(String(e.place), /^byte \d+$/);
    return true;
  });
});

test('a file that is not parquet at all says so', async () => {
  const dir = tempDir();
  const f = path.join(dir, 'x.parquet');
  fs.writeFileSync(f, 'seed_question,constraint\nhello,world\n');
  await assert.rejects(loadDataset(f), /not a parquet file: missing PAR1 magic/);
});

test('a corrupt footer is reported as such', async () => {
  const dir = tempDir();
  const good = path.join(dir, 'g.parquet');
  await writeParquetFile(good, instructionsShape(), instructionRows(4));
  const bytes = Buffer.from(fs.readFileSync(good));
  // Overwrite footer bytes (before the 8-byte length+magic trailer) with garbage.
  bytes.fill(0xff, bytes.length - 60, bytes.length - 8);
  const bad = path.join(dir, 'bad.parquet');
  fs.writeFileSync(bad, bytes);
  await assert.rejects(loadDataset(bad), (e: unknown) => e instanceof SeifError && /corrupt parquet/.test(e.message) && e.file === bad);
});

test('unexpected columns: the dataset loads as unknown with a schema problem, nothing thrown', async () => {
  const dir = tempDir();
  const f = path.join(dir, 'odd.jsonl');
  fs.writeFileSync(f, JSON.stringify({ question: 'q', answer: 'a' }) + '\n');
  const ds = await loadDataset(f);
  assert.equal(ds.kind, 'unknown');
  assert.match(ds.problems[0]!.message, /unexpected columns \[question, answer\]/);
  assert.equal(ds.problems[0]!.place, 'schema');
});

test('a JSONL with a broken line keeps the other rows and names the line; a torn last line is called torn', async () => {
  const dir = tempDir();
  const f = path.join(dir, 'q_T1.jsonl');
  const rows = instructionRows(3).map((r) => JSON.stringify({ ...r, kwargs: (r.kwargs as object[]).map(() => ({ num_bullets: 3 })) }));
  fs.writeFileSync(f, `${rows[0]}\n{broken\n${rows[1]}\n${rows[2]!.slice(0, 30)}`);
  const ds = await loadDataset(f);
  assert.equal(ds.kind, 'instructions');
  assert.equal(ds.rows.length, 2);
  assert.deepEqual(ds.problems.map((p) => p.place), ['line 2', 'line 4']);
  assert.match(ds.problems[1]!.message, /torn last line/);
});

test('a row with misaligned lists is flagged invalid with its row and column', async () => {
  const dir = tempDir();
  const f = path.join(dir, 'q_T2.jsonl');
  const row = { seed_question: 's', constraint: ['a', 'b'], prompt: 's\na\nb', kwargs: [{}], instruction_id_list: ['soft', 'soft'] };
  fs.writeFileSync(f, JSON.stringify(row) + '\n');
  const ds = await loadDataset(f);
  assert.ok(ds.invalidRows.has(0));
  assert.match(ds.problems[0]!.message, /equal lengths/);
  assert.equal(ds.problems[0]!.place, 'row 0, column instruction_id_list');
});

test('a write that cannot encode leaves the existing target untouched', async () => {
  const dir = tempDir();
  const f = path.join(dir, 'q_T1.parquet');
  await writeParquetFile(f, instructionsShape(), instructionRows(5));
  const before = fs.readFileSync(f);
  const bad = instructionRows(5);
  (bad[3] as Record<string, unknown>).constraint = 'not a list';
  await assert.rejects(writeParquetFile(f, instructionsShape(), bad), (e: unknown) => {
    assert.ok(e instanceof SeifError);
    assert.equal(e.place, 'row 3, column constraint');
    return true;
  });
  assert.deepEqual(fs.readFileSync(f), before);
  assert.deepEqual(fs.readdirSync(dir), ['q_T1.parquet'], 'no temp file left behind');
});

test('int64 values keep full precision (2^53 + 1) through a write and read', async () => {
  const dir = tempDir();
  const f = path.join(dir, 'q.parquet');
  const rows = instructionRows(1);
  (rows[0] as { kwargs: object[] }).kwargs = (rows[0] as { kwargs: object[] }).kwargs.map(() => ({ num_bullets: 9007199254740993n }));
  await writeParquetFile(f, instructionsShape(), rows);
  const back = await readParquetFile(f);
  assert.equal((back.rows[0]!.kwargs as { num_bullets: bigint }[])[0]!.num_bullets, 9007199254740993n);
});
