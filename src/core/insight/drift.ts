// Drift alarms: signs that a round's data is degrading (pipeline doc §2.3). Each alarm lists the 0-based rows
// behind it; an alarm is raised when the share of affected rows reaches its threshold.
import { analyseRows, type AnalysedRow } from './analyse';
import { categoryPrefix } from './categories';
import { conflictingPairs } from './conflicts';
import { isIdMapping, type IdMapping } from './map';
import { cleanText } from './normalise';

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

const NUMBER_WORDS = new Set(['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten',
  'eleven', 'twelve', 'fifteen', 'twenty', 'thirty', 'forty', 'fifty', 'hundred', 'once', 'twice', 'thrice', 'single']);

/** What the detectors need from one constraint text, computed once per distinct text. */
interface TextFeatures {
  words: string;
  tokens: Set<string>;
  numbers: string;
  leak: boolean;
  nonLatin: boolean;
}

const ASCII = /^[\x00-\x7F]*$/;
// A category prefix ends in one of these separators; texts without one skip the prefix regex.
const PREFIX_SEPARATOR = /[:\u2013\u2014]| - /;

function featuresOf(text: string): TextFeatures {
  const ascii = ASCII.test(text);
  const lower = text.toLowerCase();
  // The non-unicode split is several times faster and equivalent on ASCII text.
  const list = (ascii ? lower.split(/[^a-z0-9]+/) : lower.split(/[^\p{L}\p{N}]+/u)).filter(Boolean);
  let numbers = '';
  for (const w of list) if (/^\d+$/.test(w) || NUMBER_WORDS.has(w)) numbers = numbers ? `${numbers} ${w}` : w;
  return {
    words: list.join(' '),
    tokens: new Set(list),
    numbers: numbers.includes(' ') ? numbers.split(' ').sort().join(' ') : numbers,
    leak: PREFIX_SEPARATOR.test(text) && categoryPrefix(cleanText(text)) !== undefined,
    nonLatin: !ascii && nonLatin(text),
  };
}

function similar(a: TextFeatures, b: TextFeatures): boolean {
  if (a.tokens.size === 0 || b.tokens.size === 0) return false;
  if (a.words === b.words) return true;
  if (a.numbers !== b.numbers) return false;
  // Jaccard ≥ 0.8 needs the smaller set to be at least 0.8 of the larger: most pairs stop here.
  if (Math.min(a.tokens.size, b.tokens.size) < 0.8 * Math.max(a.tokens.size, b.tokens.size)) return false;
  let inter = 0;
  for (const w of a.tokens) if (b.tokens.has(w)) inter++;
  return inter / (a.tokens.size + b.tokens.size - inter) >= 0.8;
}

/** Same words (Jaccard ≥ 0.8) and the same numbers: "exactly 2 bullets" vs "exactly 3 bullets" is not a duplicate. */
export function nearDuplicate(a: string, b: string): boolean {
  return similar(featuresOf(a), featuresOf(b));
}

/** A constraint mostly written in another script than Latin (Chinese, Cyrillic, …). */
export function nonLatin(text: string): boolean {
  if (/^[\x00-\x7F]*$/.test(text)) return false;
  const letters = text.match(/\p{L}/gu);
  if (!letters) return false;
  const latin = text.match(/\p{Script=Latin}/gu)?.length ?? 0;
  return latin / letters.length < 0.5;
}

type Detector = (row: AnalysedRow, features: TextFeatures[]) => boolean;

const DETECTORS: Record<DriftKind, Detector> = {
  'no-constraint': (row) => row.constraints.every((c) => c.mapping === null),
  'category-leak': (_row, f) => f.some((x) => x.leak),
  'near-duplicate': (_row, f) => f.some((x, i) => f.some((y, j) => j > i && similar(x, y))),
  'language-mix': (_row, f) => f.some((x) => x.nonLatin),
  conflict: (row) =>
    conflictingPairs(row.constraints.map((c) => (isIdMapping(c.mapping) ? (c.mapping as IdMapping) : undefined))).length > 0,
};

const DESCRIPTIONS: Record<DriftKind, string> = {
  'no-constraint': 'have no verifiable or recognisable constraint (content statements, sub-questions, bare words)',
  'category-leak': 'have a constraint starting with a template category name ("Word Count: …")',
  'near-duplicate': 'repeat a constraint (near-duplicates within the row)',
  'language-mix': 'have a constraint in a non-Latin script (e.g. Chinese)',
  conflict: "have mapped constraints that conflict (IFEval's conflict table)",
};

export function driftFromAnalysis(rows: readonly AnalysedRow[], options: DriftOptions = {}): DriftAlarm[] {
  const cache = new Map<string, TextFeatures>();
  const features = rows.map((row) =>
    row.constraints.map((c) => {
      let f = cache.get(c.text);
      if (!f) cache.set(c.text, (f = featuresOf(c.text)));
      return f;
    }),
  );
  const alarms: DriftAlarm[] = [];
  for (const kind of DRIFT_KINDS) {
    const hit: number[] = [];
    rows.forEach((row, i) => {
      if (DETECTORS[kind](row, features[i]!)) hit.push(i);
    });
    if (hit.length === 0) continue;
    const share = hit.length / rows.length;
    const threshold = options.thresholds?.[kind] ?? DEFAULT_THRESHOLDS[kind];
    if (share < threshold) continue;
    const percent = (share * 100).toFixed(1);
    alarms.push({ kind, rows: hit, message: `${hit.length} of ${rows.length} rows (${percent} %) ${DESCRIPTIONS[kind]}` });
  }
  return alarms;
}

/** The alarms of `alarms` (computed for all kinds, threshold 0) that reach their thresholds over `rows` rows. */
export function alarmsOverThreshold(alarms: readonly DriftAlarm[], rows: number, options: DriftOptions = {}): DriftAlarm[] {
  return alarms.filter((a) => rows > 0 && a.rows.length / rows >= (options.thresholds?.[a.kind] ?? DEFAULT_THRESHOLDS[a.kind]));
}

/** `driftAlarms(rows)` → the alarms over their thresholds, each with its rows. */
export function driftAlarms(rows: readonly Record<string, unknown>[], options: DriftOptions = {}): DriftAlarm[] {
  return driftFromAnalysis(analyseRows(rows), options);
}
