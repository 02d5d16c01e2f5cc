// Chart data of the insight dashboard, computed from RoundStats (pure, so the CSV export and the webview
// draw from the same numbers the CLI prints).
import { DRIFT_KINDS } from './drift';
import type { RoundStats } from './stats';

export interface ChartSeries {
  name: string;
  /** One value per label; null where the series has no value (a run that stopped earlier). */
  values: (number | null)[];
}

export interface ChartSpec {
  id: string;
  title: string;
  /** 'share' values are 0–1 (drawn as %), 'count' values are plain numbers. */
  unit: 'share' | 'count';
  stacked: boolean;
  /** One label per round (or per training step when axis is 'step'), in order. */
  labels: string[];
  /** What a label is: 'round' (the default; clicking a bar opens the round) or 'step' (training metrics). */
  axis?: 'round' | 'step';
  /** Drawn as bars (default) or lines (training metrics per step). */
  type?: 'bar' | 'line';
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

function csvCell(v: string | number | null): string {
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** IFEval accuracies of each round's Follower (rounds without an evaluation get no value). */
export function evalChart(rounds: readonly { label: string; eval?: Record<string, number> | undefined }[]): ChartSpec | undefined {
  if (!rounds.some((r) => r.eval)) return undefined;
  const keys: [string, string][] = [
    ['promptStrict', 'prompt-level strict'],
    ['promptLoose', 'prompt-level loose'],
    ['instructionStrict', 'instruction-level strict'],
    ['instructionLoose', 'instruction-level loose'],
  ];
  return {
    id: 'ifeval',
    title: 'IFEval accuracy of the round\'s Follower',
    unit: 'share',
    stacked: false,
    labels: rounds.map((r) => r.label),
    series: keys.map(([key, name]) => ({ name, values: rounds.map((r) => r.eval?.[key] ?? null) })),
  };
}

/** The chart's data as CSV: one row per round (or step), one column per series (RFC 4180 quoting; empty = no value). */
export function chartCsv(spec: ChartSpec): string {
  const lines = [[spec.axis ?? 'round', ...spec.series.map((s) => s.name)].map(csvCell).join(',')];
  spec.labels.forEach((label, i) => lines.push([label, ...spec.series.map((s) => s.values[i] ?? '')].map(csvCell).join(',')));
  return lines.join('\n') + '\n';
}
