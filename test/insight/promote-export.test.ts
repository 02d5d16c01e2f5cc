// Promotions (soft constraint → IFEval id + kwargs) are journal decisions; export must still write parquet
// that an independent reader (DuckDB) accepts, with kwargs widened to IFEval's union only when needed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SeifWorkspace } from '../../src/core/workspace/workspace';
import { loadDataset } from '../../src/core/dataset/dataset';
import { readParquetFile } from '../../src/core/dataset/parquet';
import { IFEVAL_KWARGS_FIELDS } from '../../src/core/dataset/seif-shapes';
import { mapConstraint, isIdMapping, promotionCandidates, describePromotion } from '../../src/core/insight';
import { writeGeneratedWorkspace } from '../support/fixtures';
import { duckRows, duckSchema } from '../support/duckdb';
import { tempDir } from '../support/tmp';

const Q1 = 'data/Self-IF-Self-TINY-0.5B/q_T1.parquet';

async function workspace() {
  const root = tempDir();
  await writeGeneratedWorkspace(root, { rows: 8, rounds: 1 });
  const ws = new SeifWorkspace(root);
  await ws.open();
  const { dataset } = await ws.dataset(Q1);
  return { ws, dataset };
}

/** The first constraint of a row that the rules map to an IFEval id (what the Promote action offers). */
function firstMapped(constraints: string[]) {
  for (let i = 0; i < constraints.length; i++) {
    const m = mapConstraint(constraints[i]!);
    if (isIdMapping(m)) return { index: i, ...m };
  }
  return undefined;
}

test('export with a promotion widens kwargs to IFEval\'s 24 fields, DuckDB reads the promoted id and kwargs', async () => {
  const { ws, dataset } = await workspace();
  const row0 = dataset.rows[0]!.constraint as string[];
  const m = firstMapped(row0);
  assert.ok(m, `a mappable constraint in ${JSON.stringify(row0)}`);
  await ws.promote(Q1, dataset.rowKey(0), m.index, m.id, m.kwargs, 'test');
  await ws.decide(Q1, [dataset.rowKey(0), dataset.rowKey(1)], 'accept', 'test');
  const summary = await ws.exportCurated(Q1);
  assert.equal(summary.exported, 2);
  assert.equal(summary.promoted, 1);

  const schema = await duckSchema(summary.parquet);
  const names = schema.map((r) => String(r.name));
  const kwargsAt = names.indexOf('kwargs');
  const element = schema[kwargsAt + 2]!;
  assert.equal(Number(element.num_children), 24, 'the kwargs struct has IFEval\'s 24 fields');
  for (const f of IFEVAL_KWARGS_FIELDS) assert.ok(names.includes(f), `field ${f}`);

  const rows = await duckRows(`select instruction_id_list as ids, to_json(kwargs) as kw from read_parquet('${summary.parquet}')`);
  assert.equal(rows.length, 2);
  const ids0 = rows[0]!.ids as string[];
  const kw0 = JSON.parse(String(rows[0]!.kw)) as Record<string, unknown>[];
  assert.equal(ids0[m.index], m.id);
  for (const [k, v] of Object.entries(m.kwargs)) assert.deepEqual(kw0[m.index]![k], v, `kwargs.${k}`);
  // Every other field of the promoted constraint is null; the soft ones keep SEIF's dummy num_bullets 3.
  const unused = IFEVAL_KWARGS_FIELDS.filter((f) => !(f in m.kwargs));
  for (const f of unused) assert.equal(kw0[m.index]![f], null, `kwargs.${f} is null`);
  const soft = ids0.findIndex((id, i) => id === 'soft' && i !== m.index);
  assert.equal(kw0[soft]!.num_bullets, 3);
  assert.equal(kw0[soft]!.num_words, null);
  const kw1 = JSON.parse(String(rows[1]!.kw)) as Record<string, unknown>[];
  assert.ok(kw1.every((k) => k.num_bullets === 3 && k.relation === null));

  // Our own reader loads it back as a q_T dataset with the promotion in place.
  const back = await loadDataset(summary.parquet);
  assert.equal(back.kind, 'instructions');
  assert.equal(back.problems.filter((p) => p.severity === 'error').length, 0, JSON.stringify(back.problems));
  assert.equal((back.rows[0]!.instruction_id_list as string[])[m.index], m.id);
});

test('export without promotions keeps the exact source schema (kwargs struct of num_bullets only)', async () => {
  const { ws, dataset } = await workspace();
  const row0 = dataset.rows[0]!.constraint as string[];
  const m = firstMapped(row0)!;
  await ws.promote(Q1, dataset.rowKey(0), m.index, m.id, m.kwargs, 'test');
  await ws.undo(Q1, dataset.rowKey(0));
  await ws.decide(Q1, [dataset.rowKey(0), dataset.rowKey(1)], 'accept', 'test');
  const summary = await ws.exportCurated(Q1);
  assert.equal(summary.promoted, 0);
  const source = await readParquetFile(dataset.file);
  const out = await readParquetFile(summary.parquet);
  assert.deepEqual(out.schema, source.schema);
  assert.deepEqual(await duckSchema(summary.parquet), await duckSchema(dataset.file));
});

test('a promotion on a row that is not exported does not widen the schema', async () => {
  const { ws, dataset } = await workspace();
  const m = firstMapped(dataset.rows[0]!.constraint as string[])!;
  await ws.promote(Q1, dataset.rowKey(0), m.index, m.id, m.kwargs, 'test');
  await ws.decide(Q1, [dataset.rowKey(1)], 'accept', 'test');
  await ws.decide(Q1, [dataset.rowKey(0)], 'reject', 'test');
  const summary = await ws.exportCurated(Q1);
  assert.equal(summary.exported, 1);
  assert.deepEqual((await readParquetFile(summary.parquet)).schema, (await readParquetFile(dataset.file)).schema);
});

test('promotion candidates: mapped soft constraints only, rejected rows and promoted constraints skipped; promoteAll is one append', async () => {
  const { ws, dataset } = await workspace();
  const { state } = await ws.dataset(Q1);
  const all = promotionCandidates(dataset, state);
  assert.ok(all.length > 0);
  for (const c of all) {
    const row = dataset.rows[c.row]!;
    assert.equal((row.instruction_id_list as string[])[c.index], 'soft');
    assert.equal((row.constraint as string[])[c.index], c.constraint);
    const m = mapConstraint(c.constraint, { seed: String(row.seed_question) });
    assert.ok(isIdMapping(m) && m.id === c.id);
    assert.deepEqual(c.kwargs, m.kwargs);
  }
  // Constraints the rules leave unmapped are never offered.
  const offered = new Set(all.map((c) => `${c.row}:${c.index}`));
  dataset.rows.forEach((row, r) =>
    (row.constraint as string[]).forEach((text, i) => {
      if (!offered.has(`${r}:${i}`)) assert.ok(!isIdMapping(mapConstraint(text, { seed: String(row.seed_question) })), text);
    }),
  );
  await ws.decide(Q1, [dataset.rowKey(0)], 'reject', 'test');
  const first = all.find((c) => c.row === 1)!;
  await ws.promote(Q1, first.rowKey, first.index, first.id, first.kwargs, 'test');
  const left = promotionCandidates(dataset, state);
  assert.ok(!left.some((c) => c.row === 0), 'rejected rows are skipped');
  assert.ok(!left.some((c) => c.row === 1 && c.index === first.index), 'a promoted constraint is not offered again');
  const before = ws.allEntries().length;
  const entries = await ws.promoteAll(Q1, left.map((c) => ({ rowKey: c.rowKey, index: c.index, id: c.id, kwargs: c.kwargs })), 'bulk');
  assert.equal(entries.length, left.length);
  assert.equal(ws.allEntries().length, before + left.length);
  assert.equal(promotionCandidates(dataset, state).length, 0);
  assert.equal(describePromotion('keywords:frequency', { keyword: 'tea', frequency: 2, relation: 'at least' }), 'keywords:frequency {keyword: "tea", frequency: 2, relation: "at least"}');
});
