import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Journal } from '../../src/core/journal/journal';
import { loadDataset } from '../../src/core/dataset/dataset';
import { sharedSeifDataDir } from '../../src/core/util/paths';
import { writeGeneratedWorkspace } from '../support/fixtures';
import { duckRows } from '../support/duckdb';
import { cli } from '../support/cli';
import { PROJECT_ROOT, tempDir } from '../support/tmp';

test('seif inspect prints rows, typed columns and instruction id counts of a q_T file', async () => {
  const root = tempDir();
  await writeGeneratedWorkspace(root, { rows: 7, rounds: 1 });
  const r = await cli(['inspect', path.join(root, 'data/Self-IF-Self-TINY-0.5B/q_T1.parquet')]);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.rows, 7);
  assert.deepEqual(out.columns, [
    { name: 'seed_question', type: 'string' },
    { name: 'constraint', type: 'list<string>' },
    { name: 'prompt', type: 'string' },
    { name: 'kwargs', type: 'list<struct<num_bullets: int64>>' },
    { name: 'instruction_id_list', type: 'list<string>' },
  ]);
  const [{ n }] = (await duckRows(`select sum(len(instruction_id_list)) as n from read_parquet('${root}/data/Self-IF-Self-TINY-0.5B/q_T1.parquet')`)) as [{ n: unknown }];
  assert.deepEqual(out.instructionIds, { soft: Number(n) });
});

const shared = sharedSeifDataDir(PROJECT_ROOT);
test('seif inspect on IFEval test.parquet counts every instruction id as DuckDB does', { skip: !shared && 'no shared data' }, async () => {
  const file = path.join(shared!, 'test.parquet');
  const r = await cli(['inspect', file]);
  assert.equal(r.code, 0);
  const out = JSON.parse(r.stdout);
  assert.equal(out.rows, 541);
  const rows = (await duckRows(`select id, count(*) as n from (select unnest(instruction_id_list) as id from read_parquet('${file}')) group by id`)) as { id: string; n: unknown }[];
  assert.deepEqual(out.instructionIds, Object.fromEntries(rows.map((x) => [x.id, Number(x.n)])));
  assert.equal(out.instructionIds['punctuation:no_comma'], 66);
  assert.equal(out.columns.find((c: { name: string }) => c.name === 'constraint').type, 'list<null>');
});

test('seif inspect: bad input exits non-zero with one clear line', async () => {
  const dir = tempDir();
  const missing = await cli(['inspect', path.join(dir, 'nope.parquet')]);
  assert.equal(missing.code, 1);
  assert.equal(missing.stderr.trim().split('\n').length, 1);
  assert.match(missing.stderr, /nope\.parquet: cannot read: ENOENT/);
  fs.writeFileSync(path.join(dir, 'x.parquet'), 'PAR1 nothing here');
  const bad = await cli(['inspect', path.join(dir, 'x.parquet')]);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /x\.parquet \(byte \d+\): truncated or corrupt parquet file/);
  const usage = await cli(['inspect']);
  assert.equal(usage.code, 2);
  assert.equal((await cli(['frobnicate'])).code, 2);
});

test('seif export applies the journal and writes parquet + JSONL', async () => {
  const root = tempDir();
  await writeGeneratedWorkspace(root, { rows: 6, rounds: 1 });
  const rel = 'data/Self-IF-Self-TINY-0.5B/q_T1.parquet';
  const ds = await loadDataset(path.join(root, rel));
  const journal = new Journal(path.join(root, '.seif', 'journal.jsonl'));
  await journal.append([
    { dataset: rel, rowKey: ds.rowKey(2), action: 'accept' },
    { dataset: rel, rowKey: ds.rowKey(4), action: 'accept' },
    { dataset: rel, rowKey: ds.rowKey(5), action: 'reject' },
  ]);
  const out = path.join(root, 'out', 'q_T1.curated.parquet');
  const r = await cli(['export', '--dataset', path.join(root, rel), '--journal', journal.file, '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  const summary = JSON.parse(r.stdout);
  assert.equal(summary.exported, 2);
  const rows = (await duckRows(`select seed_question from read_parquet('${out}')`)) as { seed_question: string }[];
  assert.deepEqual(rows.map((x) => x.seed_question), [ds.rows[2]!.seed_question, ds.rows[4]!.seed_question]);
  assert.ok(fs.existsSync(path.join(root, 'out', 'q_T1.curated.jsonl')));
  const noJournal = await cli(['export', '--dataset', path.join(root, rel), '--journal', path.join(root, 'none.jsonl'), '--out', out]);
  assert.equal(noJournal.code, 1);
  assert.match(noJournal.stderr, /none\.jsonl: journal not found/);
  const noOut = await cli(['export', '--dataset', path.join(root, rel), '--journal', journal.file]);
  assert.equal(noOut.code, 2);
  assert.match(noOut.stderr, /--out is required/);
});
