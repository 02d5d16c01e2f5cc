import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { SeifWorkspace } from '../../src/core/workspace/workspace';
import { readParquetFile } from '../../src/core/dataset/parquet';
import { parseJsonl } from '../../src/core/util/jsonl';
import { writeGeneratedWorkspace } from '../support/fixtures';
import { duckSchema, duckRows } from '../support/duckdb';
import { tempDir } from '../support/tmp';

const Q1 = 'data/Self-IF-Self-TINY-0.5B/q_T1.parquet';

test('a SEIF layout is detected as rounds and a manifest is created and kept', async () => {
  const root = tempDir();
  await writeGeneratedWorkspace(root, { rows: 10, rounds: 3 });
  const ws = new SeifWorkspace(root);
  await ws.open();
  assert.deepEqual(ws.rounds().map((r) => [r.family, r.t, r.datasets]), [
    ['TINY-0.5B', 1, [Q1]],
    ['TINY-0.5B', 2, ['data/Self-IF-Self-TINY-0.5B/q_T2.parquet']],
    ['TINY-0.5B', 3, ['data/Self-IF-Self-TINY-0.5B/q_T3.parquet']],
  ]);
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'seif.json'), 'utf8'));
  assert.equal(manifest.family, 'TINY-0.5B');
  assert.equal(manifest.seed, 'data/seed.parquet');
  assert.equal(manifest.test, 'data/test.parquet');
  // A researcher's own note survives a reopen; a new round file is added.
  manifest.rounds[0].notes = 'first try';
  fs.writeFileSync(path.join(root, 'seif.json'), JSON.stringify(manifest));
  fs.copyFileSync(path.join(root, Q1), path.join(root, 'data/Self-IF-Self-TINY-0.5B/q_T4.parquet'));
  await ws.open();
  const again = JSON.parse(fs.readFileSync(path.join(root, 'seif.json'), 'utf8'));
  assert.equal(again.rounds[0].notes, 'first try');
  assert.equal(again.rounds.length, 4);
});

test('a broken manifest is reported with its place and never overwritten; the data still loads', async () => {
  const root = tempDir();
  await writeGeneratedWorkspace(root, { rows: 5, rounds: 1 });
  const text = '{\n  "version": 1,\n  "family": "X",\n  "rounds": [ { "t": "one" } ]\n}\n';
  fs.writeFileSync(path.join(root, 'seif.json'), text);
  const ws = new SeifWorkspace(root);
  await ws.open();
  assert.ok(ws.manifestError);
  assert.equal(ws.manifestError.issues[0]!.path, 'rounds[0].t');
  assert.equal(ws.manifestError.issues[0]!.line, 4);
  assert.match(ws.manifestError.toString(), /seif\.json \(line 4, column \d+\): invalid manifest: rounds\[0\]\.t/);
  assert.equal(fs.readFileSync(path.join(root, 'seif.json'), 'utf8'), text);
  assert.equal(ws.rounds().length, 1, 'rounds still come from the layout');
});

test('accept / reject / edit / undo, then export: accepted rows, edits applied, prompt rebuilt, exact schema', async () => {
  const root = tempDir();
  await writeGeneratedWorkspace(root, { rows: 12, rounds: 1 });
  const ws = new SeifWorkspace(root);
  await ws.open();
  const { dataset } = await ws.dataset(Q1);
  const k = (i: number) => dataset.rowKey(i);
  await ws.decide(Q1, [k(0), k(1), k(2), k(3)], 'accept', 'test');
  await ws.decide(Q1, [k(4)], 'reject', 'test');
  const row1 = dataset.rows[1] as { constraint: string[]; instruction_id_list: string[]; kwargs: object[] };
  await ws.edit(
    Q1,
    k(1),
    { constraints: row1.constraint, ids: row1.instruction_id_list, kwargs: row1.kwargs as Record<string, unknown>[] },
    { constraints: ['Answer in exactly two sentences.', row1.constraint[1]!], ids: ['soft', 'soft'], kwargs: [{ num_bullets: 3n }, { num_bullets: 3n }] },
  );
  await ws.decide(Q1, [k(5)], 'accept');
  await ws.undo(); // takes back the accept of row 5
  // Reload from disk: nothing lost.
  const ws2 = new SeifWorkspace(root);
  await ws2.open();
  const summary = await ws2.exportCurated(Q1);
  assert.equal(summary.exported, 4);
  assert.equal(summary.rejected, 1);
  assert.equal(summary.pending, 7);
  const out = await readParquetFile(summary.parquet);
  assert.deepEqual(out.rows.map((r) => r.seed_question), [0, 1, 2, 3].map((i) => dataset.rows[i]!.seed_question));
  assert.deepEqual(out.rows[1]!.constraint, ['Answer in exactly two sentences.', row1.constraint[1]]);
  assert.equal(out.rows[1]!.prompt, `${String(dataset.rows[1]!.seed_question).trim()}\nAnswer in exactly two sentences.\n${row1.constraint[1]}`);
  assert.deepEqual(await duckSchema(summary.parquet), await duckSchema(path.join(root, Q1)));
  const [{ n }] = (await duckRows(`select count(*) as n from read_parquet('${summary.parquet}') where len("constraint") = len(kwargs) and len(kwargs) = len(instruction_id_list)`)) as [{ n: unknown }];
  assert.equal(Number(n), 4);
  const jsonl = parseJsonl<Record<string, unknown>>(fs.readFileSync(summary.jsonl, 'utf8'));
  assert.equal(jsonl.errors.length, 0);
  assert.deepEqual(jsonl.values.map((v) => v.value.prompt), out.rows.map((r) => r.prompt));
  assert.deepEqual((jsonl.values[0]!.value.kwargs as unknown[])[0], { num_bullets: 3 });
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'seif.json'), 'utf8'));
  assert.equal(manifest.rounds[0].curated, 'data/Self-IF-Self-TINY-0.5B/q_T1.curated.parquet');
});

test('export with nothing accepted is refused and writes nothing', async () => {
  const root = tempDir();
  await writeGeneratedWorkspace(root, { rows: 4, rounds: 1 });
  const ws = new SeifWorkspace(root);
  await ws.open();
  await assert.rejects(ws.exportCurated(Q1), /nothing to export: no accepted rows \(4 pending, 0 rejected\)/);
  assert.ok(!fs.existsSync(path.join(root, 'data/Self-IF-Self-TINY-0.5B/q_T1.curated.parquet')));
});

test('a decision made while the workspace reloads is in the reloaded state (reloads and decisions take turns)', async () => {
  const root = tempDir();
  await writeGeneratedWorkspace(root, { rows: 6, rounds: 1 });
  const ws = new SeifWorkspace(root);
  await ws.open();
  const { dataset } = await ws.dataset(Q1);
  const keys = [0, 1, 2].map((i) => dataset.rowKey(i));
  // Start a reload and, without waiting, three decisions; then another reload.
  const reload = ws.open();
  const decisions = keys.map((k) => ws.decide(Q1, [k], 'accept'));
  const again = ws.open();
  await Promise.all([reload, again, ...decisions]);
  const { state } = await ws.dataset(Q1);
  assert.deepEqual(keys.map((k) => state.status(k)), ['accepted', 'accepted', 'accepted']);
  assert.equal(ws.allEntries().length, 3);
});
