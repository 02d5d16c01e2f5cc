// Training metrics of a round's runs, read from the local copy the remote runner keeps:
//   <workspace>/.seif/runs/<runId>/metrics.jsonl — one JSON object per training step,
//   {"step": N, "metrics": {"critic/score/mean": 0.41, "actor/kl_loss": 0.001, "response_length/mean": 312, …}}
// i.e. exactly the `step` events of the verl log parser (src/core/remote/verlLog.ts) with their flat
// `a/b/c` metric names. The dashboard charts reward, KL and response length per step, one line per run.
import fs from 'node:fs';
import path from 'node:path';
import { readJsonlFile } from '../util/jsonl';
import type { ChartSpec } from './charts';

export const RUN_METRICS_FILE = 'metrics.jsonl';

/** The metric names each chart reads, first present wins (verl versions and SEIF's reward name them differently). */
export const TRAINING_METRICS = {
  reward: ['critic/score/mean', 'critic/rewards/mean', 'reward/overall'],
  kl: ['actor/kl_loss', 'actor/ppo_kl', 'critic/kl'],
  responseLength: ['response_length/mean'],
} as const;
export type TrainingMetric = keyof typeof TRAINING_METRICS;

export interface RunStep {
  step: number;
  metrics: Record<string, unknown>;
}

export interface RunMetrics {
  runId: string;
  /** "QWEN-7B T2 · train" when the manifest lists the run under a round, else the run id. */
  label: string;
  steps: RunStep[];
  /** Lines that were not a step object, with why (shown in the log, never fatal). */
  problems: string[];
}

export function runMetricsPath(root: string, runId: string): string {
  return path.join(root, '.seif', 'runs', runId, RUN_METRICS_FILE);
}

/** Reads one run's metrics.jsonl; a missing file is no steps. Steps sorted, a repeated step keeps its last line. */
export async function readRunMetrics(file: string, runId: string, label = runId): Promise<RunMetrics> {
  const problems: string[] = [];
  if (!fs.existsSync(file)) return { runId, label, steps: [], problems };
  const parsed = await readJsonlFile(file);
  for (const e of parsed.errors) problems.push(`${file}: line ${e.line}: not valid JSON: ${e.message}`);
  const byStep = new Map<number, RunStep>();
  for (const { line, value } of parsed.values) {
    const v = value as { step?: unknown; metrics?: unknown } | null;
    if (!v || typeof v !== 'object' || !Number.isInteger(v.step) || !v.metrics || typeof v.metrics !== 'object' || Array.isArray(v.metrics)) {
      problems.push(`${file}: line ${line}: expected {"step": <integer>, "metrics": {…}}`);
      continue;
    }
    byStep.set(v.step as number, { step: v.step as number, metrics: v.metrics as Record<string, unknown> });
  }
  return { runId, label, steps: [...byStep.values()].sort((a, b) => a.step - b.step), problems };
}

/** Every run folder under <root>/.seif/runs with a metrics.jsonl, labelled by the round that lists it. */
export async function workspaceRunMetrics(root: string, labels: ReadonlyMap<string, string> = new Map()): Promise<RunMetrics[]> {
  const dir = path.join(root, '.seif', 'runs');
  let ids: string[];
  try {
    ids = (await fs.promises.readdir(dir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
  } catch {
    return [];
  }
  const runs: RunMetrics[] = [];
  for (const id of ids.sort()) {
    const file = runMetricsPath(root, id);
    if (fs.existsSync(file)) runs.push(await readRunMetrics(file, id, labels.get(id) ?? id));
  }
  return runs.filter((r) => r.steps.length > 0);
}

/** The value of a training metric at a step, by its first present name; undefined when none is a number. */
export function metricOf(step: RunStep, metric: TrainingMetric): number | undefined {
  for (const name of TRAINING_METRICS[metric]) {
    const v = step.metrics[name];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
  }
  return undefined;
}

const TITLES: Record<TrainingMetric, string> = {
  reward: 'Training reward per step (mean)',
  kl: 'KL per step',
  responseLength: 'Response length per step (mean tokens)',
};

/** One line chart per training metric that any run reports: labels are steps, one series per run. */
export function trainingCharts(runs: readonly RunMetrics[]): ChartSpec[] {
  const steps = [...new Set(runs.flatMap((r) => r.steps.map((s) => s.step)))].sort((a, b) => a - b);
  const charts: ChartSpec[] = [];
  for (const metric of Object.keys(TRAINING_METRICS) as TrainingMetric[]) {
    const series = runs
      .map((r) => {
        const at = new Map(r.steps.map((s) => [s.step, metricOf(s, metric)]));
        return { name: r.label, values: steps.map((s) => at.get(s) ?? null) };
      })
      .filter((s) => s.values.some((v) => v !== null));
    if (series.length === 0) continue;
    charts.push({ id: `training-${metric}`, title: TITLES[metric], unit: 'count', stacked: false, axis: 'step', type: 'line', labels: steps.map(String), series });
  }
  return charts;
}
