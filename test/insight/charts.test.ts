// Dashboard data: charts built from round stats, their CSV export, and the webview message protocol.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chartCsv, computeRoundStats, roundCharts, DRIFT_KINDS, type DriftKind } from '../../src/core/insight';
import { FromWebviewSchema, ToWebviewSchema } from '../../src/extension/insight/protocol';
import { instructionRows } from '../support/fixtures';

const everyKind = Object.fromEntries(DRIFT_KINDS.map((k) => [k, 0])) as Record<DriftKind, number>;
const rounds = [1, 2].map((t) => ({
  label: `TINY T${t}`,
  stats: computeRoundStats(instructionRows(30 + t * 10, t), { file: `q_T${t}.parquet`, thresholds: everyKind }),
}));

test('charts put rounds side by side with the numbers of their stats', () => {
  const charts = roundCharts(rounds);
  assert.deepEqual(charts.map((c) => c.id), ['constraints-per-row', 'constraints-histogram', 'exactness', 'verifiable', 'id-mix', 'category-mix', 'drift']);
  for (const c of charts) {
    assert.deepEqual(c.labels, ['TINY T1', 'TINY T2']);
    for (const s of c.series) assert.equal(s.values.length, 2, `${c.id}/${s.name}`);
  }
  const byId = Object.fromEntries(charts.map((c) => [c.id, c]));
  assert.deepEqual(byId.exactness!.series[0]!.values, rounds.map((r) => r.stats.exactlyShare));
  assert.deepEqual(byId.verifiable!.series[0]!.values, rounds.map((r) => r.stats.verifiableShare));
  // Stacked mixes: ids plus categories cover every constraint of a round.
  for (let i = 0; i < rounds.length; i++) {
    const total = [...byId['id-mix']!.series, ...byId['category-mix']!.series].reduce((a, s) => a + s.values[i]!, 0);
    assert.ok(Math.abs(total - 1) < 1e-9, `round ${i}: mixes sum to ${total}`);
  }
  const rowsByCount = byId['constraints-histogram']!.series.map((s) => s.values[0]!);
  assert.equal(rowsByCount.reduce((a, b) => a + b, 0), rounds[0]!.stats.rows);
});

test('CSV of a chart has a header of series names and one line per round, quoted where needed', () => {
  const csv = chartCsv({ id: 'x', title: 'x', unit: 'count', stacked: false, labels: ['A "1"', 'B'], series: [{ name: 'n, total', values: [1, 2.5] }] });
  assert.equal(csv, 'round,"n, total"\n"A ""1""",1\nB,2.5\n');
  const exact = chartCsv(roundCharts(rounds).find((c) => c.id === 'exactness')!);
  assert.deepEqual(exact.trim().split('\n').slice(1).map((l) => Number(l.split(',')[1])), rounds.map((r) => r.stats.exactlyShare));
});

test('messages are validated both ways: real chart payloads pass, malformed ones are refused', () => {
  const charts = roundCharts(rounds);
  assert.equal(ToWebviewSchema.safeParse({ type: 'charts', charts, rounds: [{ label: 'TINY T1', rel: 'a' }] }).success, true);
  assert.equal(ToWebviewSchema.safeParse({ type: 'charts', charts: [{ ...charts[0], unit: 'percent' }], rounds: [] }).success, false);
  assert.equal(FromWebviewSchema.safeParse({ type: 'ready' }).success, true);
  assert.equal(FromWebviewSchema.safeParse({ type: 'exportPng', chartId: 'exactness', dataUrl: 'data:image/png;base64,iVBORw0KGgo=' }).success, true);
  assert.equal(FromWebviewSchema.safeParse({ type: 'exportPng', chartId: 'exactness', dataUrl: 'javascript:alert(1)' }).success, false);
  assert.equal(FromWebviewSchema.safeParse({ type: 'openRound', chartId: 'drift', roundIndex: -1, series: 'conflict' }).success, false);
  assert.equal(FromWebviewSchema.safeParse({ type: 'deleteEverything' }).success, false);
});
