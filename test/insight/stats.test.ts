// Round stats checked against counts DuckDB computes independently from the same parquet files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { writeParquetFile } from '../../src/core/dataset/parquet';
import { instructionsShape } from '../../src/core/dataset/seif-shapes';
import { roundStatsOfFile, type RoundStats } from '../../src/core/insight';
import { sharedSeifDataDir } from '../../src/core/util/paths';
import { duckRows } from '../support/duckdb';
import { instructionRows } from '../support/fixtures';
import { PROJECT_ROOT, tempDir } from '../support/tmp';

const q = (file: string) => `'${file.replace(/'/g, "''")}'`;

async function duckCounts(file: string) {
  const [r] = await duckRows(
    `select count(*) as rows, sum(len("constraint")) as constraints,
            sum(len(list_filter("constraint", c -> regexp_matches(c, '(?i)\\bexactly\\b')))) as exactly
     from read_parquet(${q(file)})`,
  );
  const histogram = await duckRows(`select len("constraint") as n, count(*) as rows from read_parquet(${q(file)}) group by 1`);
  return {
    rows: Number(r!.rows),
    constraints: Number(r!.constraints),
    exactly: Number(r!.exactly),
    histogram: Object.fromEntries(histogram.map((h) => [String(h.n), Number(h.rows)])),
  };
}

async function assertMatchesDuck(file: string, stats: RoundStats): Promise<void> {
  const d = await duckCounts(file);
  assert.equal(stats.rows, d.rows, `${file}: rows`);
  assert.equal(stats.constraints, d.constraints, `${file}: constraints`);
  assert.equal(Math.round(stats.exactlyShare * stats.constraints), d.exactly, `${file}: constraints with "exactly"`);
  assert.deepEqual(stats.constraintsPerRowHistogram, d.histogram, `${file}: constraints per row`);
  assert.equal(stats.constraintsPerRow, d.constraints / d.rows);
  const mapped = Object.values(stats.mappedIds).reduce((a, b) => a + b, 0);
  const categorised = Object.values(stats.categoryMix).reduce((a, b) => a + b, 0);
  assert.equal(mapped + categorised, stats.constraints, `${file}: every constraint is mapped, categorised or unrecognised`);
  assert.equal(Math.round(stats.verifiableShare * stats.constraints), mapped);
}

test('stats of generated rounds match DuckDB counts; the generator\'s verifiable constraints are mapped', async () => {
  const dir = tempDir();
  const file = path.join(dir, 'q_T1.parquet');
  await writeParquetFile(file, instructionsShape(), instructionRows(60, 1));
  const stats = await roundStatsOfFile(file);
  await assertMatchesDuck(file, stats);
  // Of the generator's 12 constraint texts, 9 are single IFEval checks on the whole response.
  assert.ok(stats.mappedIds['detectable_format:number_bullet_lists']! > 0);
  assert.ok(stats.mappedIds['punctuation:no_comma']! > 0);
  assert.ok(stats.mappedIds['length_constraints:number_words']! > 0);
  assert.equal(stats.mappedIds['soft'], undefined);
});

const shared = sharedSeifDataDir(PROJECT_ROOT);
const ROUNDS = ['QWEN-7B/q_T1', 'QWEN-7B/q_T2', 'QWEN-7B/q_T3', 'QWEN-7B/q_T4', 'QWEN-1.5B/q_T1', 'QWEN-1.5B/q_T2', 'QWEN-1.5B/q_T3'];

test('stats of the 7 shared rounds match DuckDB; 1.5B drifts, 7B leaks category names', { skip: !shared && 'no shared data' }, async (t) => {
  const byRound: Record<string, RoundStats> = {};
  for (const round of ROUNDS) {
    const file = path.join(shared!, `${round}.parquet`);
    byRound[round] = await roundStatsOfFile(file);
    await assertMatchesDuck(file, byRound[round]!);
    const s = byRound[round]!;
    t.diagnostic(`${round}: exactly ${(s.exactlyShare * 100).toFixed(1)} %, verifiable ${(s.verifiableShare * 100).toFixed(1)} %, drift ${s.drift.map((d) => `${d.kind}:${d.rows.length}`).join(' ')}`);
  }
  assert.equal(ROUNDS.reduce((n, r) => n + byRound[r]!.rows, 0), 35532);
  const noConstraint = (r: string) => byRound[r]!.drift.find((d) => d.kind === 'no-constraint')?.rows.length ?? 0;
  // QWEN-1.5B's Instructor drifts: rows without any recognisable constraint grow every round.
  assert.ok(noConstraint('QWEN-1.5B/q_T1') < noConstraint('QWEN-1.5B/q_T2'));
  assert.ok(noConstraint('QWEN-1.5B/q_T2') < noConstraint('QWEN-1.5B/q_T3'));
  assert.equal(noConstraint('QWEN-7B/q_T1'), 0, 'healthy rounds stay under the alarm threshold');
  const leak = (r: string) => byRound[r]!.drift.find((d) => d.kind === 'category-leak')?.rows.length ?? 0;
  assert.ok(leak('QWEN-7B/q_T4') > leak('QWEN-7B/q_T2'));
  assert.ok(byRound['QWEN-7B/q_T1']!.verifiableShare > byRound['QWEN-1.5B/q_T1']!.verifiableShare);
});

test('stats of IFEval test.parquet count its real ids exactly as DuckDB does', { skip: !shared && 'no shared data' }, async () => {
  const file = path.join(shared!, 'test.parquet');
  const stats = await roundStatsOfFile(file);
  const ids = await duckRows(`select id, count(*) as n from (select unnest(instruction_id_list) as id from read_parquet(${q(file)})) group by id`);
  assert.deepEqual(stats.mappedIds, Object.fromEntries(ids.map((x) => [String(x.id), Number(x.n)])));
  assert.equal(stats.verifiableShare, 1);
  assert.equal(stats.rows, 541);
});

test('a dataset that is not a round of instructions is refused with the file named', async () => {
  const dir = tempDir();
  const file = path.join(dir, 'notes.jsonl');
  fs.writeFileSync(file, '{"prompt":"hello"}\n');
  await assert.rejects(roundStatsOfFile(file), (e: Error) => {
    assert.match(String(e), /notes\.jsonl.*not a round of instructions: found a seed dataset/);
    return true;
  });
});
