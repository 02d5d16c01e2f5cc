// Chart data of the insight dashboard, computed from RoundStats (pure, so the CSV export and the webview
// draw from the same numbers the CLI prints).
import { DRIFT_KINDS } from './drift';
import type { RoundStats } from './stats';

export interface ChartSeries {
  name: string;
  values: number[];
}

export interface ChartSpec {
  id: string;
  title: string;
  /** 'share' values are 0–1 (drawn as %), 'count' values are plain numbers. */
  unit: 'share' | 'count';
  stacked: boolean;
  /** One label per round, in order. */
  labels: string[];
  series: ChartSeries[];
}

export interface LabelledStats {
  /** Round label, e.g. "QWEN-7B T2". */
  label: string;
  stats: RoundStats;
}

const share = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);

/** Keys ordered by their total over all rounds, largest first. */
function keysByTotal(maps: Record<string, number>[]): string[] {
  const total = new Map<string, number>();
  for (const m of maps) for (const [k, v] of Object.entries(m)) total.set(k, (total.get(k) ?? 0) + v);
  return [...total].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([k]) => k);
}

export function roundCharts(rounds: readonly LabelledStats[]): ChartSpec[] {
  const labels = rounds.map((r) => r.label);
  const one = (id: string, title: string, unit: ChartSpec['unit'], name: string, pick: (s: RoundStats) => number): ChartSpec => ({
    id, title, unit, stacked: false, labels, series: [{ name, values: rounds.map((r) => pick(r.stats)) }],
  });
  const mix = (id: string, title: string, pick: (s: RoundStats) => Record<string, number>): ChartSpec => ({
    id,
    title,
    unit: 'share',
    stacked: true,
    labels,
    series: keysByTotal(rounds.map((r) => pick(r.stats))).map((key) => ({
      name: key,
      values: rounds.map((r) => share(pick(r.stats)[key] ?? 0, r.stats.constraints)),
    })),
  });
  const sizes = keysByTotal(rounds.map((r) => r.stats.constraintsPerRowHistogram)).sort((a, b) => Number(a) - Number(b));
  return [
    one('constraints-per-row', 'Constraints per row (mean)', 'count', 'constraints per row', (s) => s.constraintsPerRow),
    {
      id: 'constraints-histogram',
      title: 'Rows by number of constraints',
      unit: 'count',
      stacked: true,
      labels,
      series: sizes.map((n) => ({ name: `${n} constraints`, values: rounds.map((r) => r.stats.constraintsPerRowHistogram[n] ?? 0) })),
    },
    one('exactness', 'Exactness: constraints saying "exactly"', 'share', 'exactly', (s) => s.exactlyShare),
    one('verifiable', 'Verifiable: constraints mapped to an IFEval id', 'share', 'verifiable', (s) => s.verifiableShare),
    mix('id-mix', 'IFEval id mix (share of constraints)', (s) => s.mappedIds),
    mix('category-mix', 'Soft category mix of unmapped constraints (share of constraints)', (s) => s.categoryMix),
    {
      id: 'drift',
      title: 'Drift: share of rows affected',
      unit: 'share',
      stacked: false,
      labels,
      series: DRIFT_KINDS.map((kind) => ({
        name: kind,
        values: rounds.map((r) => share(r.stats.drift.find((d) => d.kind === kind)?.rows.length ?? 0, r.stats.rows)),
      })),
    },
  ];
}

function csvCell(v: string | number): string {
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The chart's data as CSV: one row per round, one column per series (RFC 4180 quoting). */
export function chartCsv(spec: ChartSpec): string {
  const lines = [['round', ...spec.series.map((s) => s.name)].map(csvCell).join(',')];
  spec.labels.forEach((label, i) => lines.push([label, ...spec.series.map((s) => s.values[i] ?? 0)].map(csvCell).join(',')));
  return lines.join('\n') + '\n';
}
