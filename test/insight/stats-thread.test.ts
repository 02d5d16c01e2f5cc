// Round stats in a worker thread: the same stats as computed in-process, the caller's thread left free,
// cancellation of queued and running requests, errors that name the file, clean disposal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadDataset } from '../../src/core/dataset/dataset';
import { writeParquetFile } from '../../src/core/dataset/parquet';
import { instructionsShape } from '../../src/core/dataset/seif-shapes';
import { SeifError } from '../../src/core/errors';
import { computeRoundStats, DRIFT_KINDS, RoundStatsThread, type DriftKind } from '../../src/core/insight';
import { instructionRows } from '../support/fixtures';
import { tempDir } from '../support/tmp';

const EVERY_KIND = Object.fromEntries(DRIFT_KINDS.map((k) => [k, 0])) as Record<DriftKind, number>;

async function round(dir: string, name: string, rows: number, t: number): Promise<string> {
  const file = path.join(dir, name);
  await writeParquetFile(file, instructionsShape(), instructionRows(rows, t));
  return file;
}

test('the worker computes exactly the stats computed in-process, and leaves the calling thread idle', async () => {
  const dir = tempDir();
  const file = await round(dir, 'q_T1.parquet', 5000, 1);
  const thread = new RoundStatsThread();
  try {
    const before = performance.eventLoopUtilization();
    const stats = await thread.stats(file, { label: 'Fam/q_T1.parquet', thresholds: EVERY_KIND });
    const busy = performance.eventLoopUtilization(before).utilization;
    const expected = computeRoundStats((await loadDataset(file)).rows, { file: 'Fam/q_T1.parquet', thresholds: EVERY_KIND });
    assert.deepEqual(stats, expected);
    assert.equal(stats.rows, 5000);
    // Computing 5,000 rows here would keep this thread's event loop busy nearly all the time.
    assert.ok(busy < 0.5, `the calling thread's event loop was busy ${(busy * 100).toFixed(0)} % of the time`);
    // A second request reuses the worker; default thresholds apply without options.
    const again = await thread.stats(file);
    assert.deepEqual(again, computeRoundStats((await loadDataset(file)).rows, { file }));
  } finally {
    await thread.dispose();
  }
});

test('a cancelled running request stops the worker; queued requests still run, a cancelled queued one does not', async () => {
  const dir = tempDir();
  const big = await round(dir, 'q_T1.parquet', 20000, 1);
  const small = await round(dir, 'q_T2.parquet', 50, 2);
  const thread = new RoundStatsThread();
  try {
    const running = new AbortController();
    const queued = new AbortController();
    const first = thread.stats(big, {}, running.signal);
    const second = thread.stats(small, {}, queued.signal);
    const third = thread.stats(small);
    queued.abort(new Error('not needed'));
    await assert.rejects(second, /not needed/);
    running.abort(new Error('dataset changed'));
    await assert.rejects(first, /dataset changed/);
    const stats = await third;
    assert.equal(stats.rows, 50);
    assert.deepEqual(stats, computeRoundStats((await loadDataset(small)).rows, { file: small }));
    // An already aborted signal never reaches the worker.
    await assert.rejects(thread.stats(small, {}, AbortSignal.abort(new Error('too late'))), /too late/);
  } finally {
    await thread.dispose();
  }
});

test('errors come back as SeifError naming the file; dispose rejects what is pending and stops the worker', async () => {
  const dir = tempDir();
  const thread = new RoundStatsThread({ idleMs: 60_000 });
  const missing = path.join(dir, 'q_T9.parquet');
  await assert.rejects(thread.stats(missing), (e: unknown) => e instanceof SeifError && e.file === missing);
  assert.equal(thread.active, true, 'the worker stays up between requests');
  const file = await round(dir, 'q_T1.parquet', 20000, 1);
  const pending = assert.rejects(thread.stats(file), /disposed/);
  await thread.dispose();
  await pending;
  assert.equal(thread.active, false);
  await assert.rejects(thread.stats(file), /disposed/);
});

test('an idle worker is stopped after idleMs and started again on demand', async () => {
  const dir = tempDir();
  const file = await round(dir, 'q_T1.parquet', 20, 1);
  const thread = new RoundStatsThread({ idleMs: 50 });
  try {
    assert.equal((await thread.stats(file)).rows, 20);
    assert.equal(thread.active, true);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(thread.active, false);
    assert.equal((await thread.stats(file)).rows, 20);
  } finally {
    await thread.dispose();
  }
});
