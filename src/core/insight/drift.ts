// Drift alarms: signs that a round's data is degrading (pipeline doc §2.3). Each alarm lists the 0-based rows
// behind it; an alarm is raised when the share of affected rows reaches its threshold.
import { analyseRows, type AnalysedRow } from './analyse';
import { conflictingPairs } from './conflicts';
import { isIdMapping, type IdMapping } from './map';
import { featuresOf, similar, type TextFeatures } from './textFeatures';

export { nonLatin } from './textFeatures';

export const DRIFT_KINDS = ['no-constraint', 'category-leak', 'near-duplicate', 'language-mix', 'conflict'] as const;
export type DriftKind = (typeof DRIFT_KINDS)[number];

export interface DriftAlarm {
  kind: DriftKind;
  /** 0-based row indices behind the alarm, ascending. */
  rows: number[];
  message: string;
}

export interface DriftOptions {
  /** Share of rows (0–1) at which a kind raises an alarm; 0 reports every kind with at least one row. */
  thresholds?: Partial<Record<DriftKind, number>>;
}

/**
 * Defaults picked against SEIF's released rounds: QWEN-7B T1/T2 stay quiet on category leaks (≈3 %) while
 * T3/T4 (13–15 %) alarm; QWEN-1.5B's unrecognised rows (30–50 %) alarm; healthy rounds have ~1–2 %.
 */
export const DEFAULT_THRESHOLDS: Readonly<Record<DriftKind, number>> = {
  'no-constraint': 0.1,
  'category-leak': 0.05,
  'near-duplicate': 0.01,
  'language-mix': 0.01,
  conflict: 0.01,
};

// --- per-row detectors ------------------------------------------------------------------------------------

/** Same words (Jaccard ≥ 0.8) and the same numbers: "exactly 2 bullets" vs "exactly 3 bullets" is not a duplicate. */
export function nearDuplicate(a: string, b: string): boolean {
  return similar(featuresOf(a), featuresOf(b));
}

function hasNearDuplicate(f: readonly TextFeatures[]): boolean {
  for (let i = 0; i < f.length; i++) for (let j = i + 1; j < f.length; j++) if (similar(f[i]!, f[j]!)) return true;
  return false;
}

function hasConflict(row: AnalysedRow): boolean {
  let mapped = 0;
  for (const c of row.constraints) if (isIdMapping(c.mapping)) mapped++;
  if (mapped < 2) return false;
  return conflictingPairs(row.constraints.map((c) => (isIdMapping(c.mapping) ? (c.mapping as IdMapping) : undefined))).length > 0;
}

/** The kinds that affect one row, in DRIFT_KINDS order. */
function rowKinds(row: AnalysedRow, f: readonly TextFeatures[]): DriftKind[] {
  const kinds: DriftKind[] = [];
  if (row.constraints.every((c) => c.mapping === null)) kinds.push('no-constraint');
  if (f.some((x) => x.leak)) kinds.push('category-leak');
  if (hasNearDuplicate(f)) kinds.push('near-duplicate');
  if (f.some((x) => x.nonLatin)) kinds.push('language-mix');
  if (hasConflict(row)) kinds.push('conflict');
  return kinds;
}

const DESCRIPTIONS: Record<DriftKind, string> = {
  'no-constraint': 'have no verifiable or recognisable constraint (content statements, sub-questions, bare words)',
  'category-leak': 'have a constraint starting with a template category name ("Word Count: …")',
  'near-duplicate': 'repeat a constraint (near-duplicates within the row)',
  'language-mix': 'have a constraint in a non-Latin script (e.g. Chinese)',
  conflict: "have mapped constraints that conflict (IFEval's conflict table)",
};

/** Drift of a dataset fed row by row (rows need not be kept): `add` each analysed row, then `alarms()`. */
export class DriftCollector {
  private readonly hits = new Map<DriftKind, number[]>(DRIFT_KINDS.map((k) => [k, []]));
  private rows = 0;

  add(row: AnalysedRow): void {
    // Features are cheap enough to compute per occurrence: a cache of distinct texts would cost more (hashing
    // every text, and keeping ~100k objects alive through GC).
    const features = row.constraints.map((c) => featuresOf(c.text));
    for (const kind of rowKinds(row, features)) this.hits.get(kind)!.push(this.rows);
    this.rows++;
  }

  alarms(options: DriftOptions = {}): DriftAlarm[] {
    const alarms: DriftAlarm[] = [];
    for (const kind of DRIFT_KINDS) {
      const hit = this.hits.get(kind)!;
      if (hit.length === 0) continue;
      const share = hit.length / this.rows;
      const threshold = options.thresholds?.[kind] ?? DEFAULT_THRESHOLDS[kind];
      if (share < threshold) continue;
      const percent = (share * 100).toFixed(1);
      alarms.push({ kind, rows: hit, message: `${hit.length} of ${this.rows} rows (${percent} %) ${DESCRIPTIONS[kind]}` });
    }
    return alarms;
  }
}

export function driftFromAnalysis(rows: readonly AnalysedRow[], options: DriftOptions = {}): DriftAlarm[] {
  const collector = new DriftCollector();
  for (const row of rows) collector.add(row);
  return collector.alarms(options);
}

/** The alarms of `alarms` (computed for all kinds, threshold 0) that reach their thresholds over `rows` rows. */
export function alarmsOverThreshold(alarms: readonly DriftAlarm[], rows: number, options: DriftOptions = {}): DriftAlarm[] {
  return alarms.filter((a) => rows > 0 && a.rows.length / rows >= (options.thresholds?.[a.kind] ?? DEFAULT_THRESHOLDS[a.kind]));
}

/** `driftAlarms(rows)` → the alarms over their thresholds, each with its rows. */
export function driftAlarms(rows: readonly Record<string, unknown>[], options: DriftOptions = {}): DriftAlarm[] {
  return driftFromAnalysis(analyseRows(rows), options);
}
