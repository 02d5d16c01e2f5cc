// One pass over a dataset's rows: each constraint's text and mapping. Stats and drift both read this, so a
// round is mapped once; identical constraint texts (thousands of "exactly 2 bullet points") are mapped once.
import { datasetMapping, mapConstraint, type MappingResult } from './map';

export interface AnalysedConstraint {
  text: string;
  mapping: MappingResult;
}

export interface AnalysedRow {
  seed: string;
  constraints: AnalysedConstraint[];
}

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/**
 * Reads q_T rows (`constraint` texts, ids `soft`) and IFEval rows (real ids, no texts). A real IFEval id already
 * stored for a constraint (a promoted one) wins over mapping its text.
 */
export function analyseRows(rows: readonly Record<string, unknown>[]): AnalysedRow[] {
  const cache = new Map<string, MappingResult>();
  const mapCached = (text: string, seed: string): MappingResult => {
    // repeat_prompt depends on the seed; every other rule depends on the text alone.
    if (/\brepeat\b/i.test(text)) return mapConstraint(text, { seed });
    let m = cache.get(text);
    if (m === undefined) {
      m = mapConstraint(text);
      cache.set(text, m);
    }
    return m;
  };
  return rows.map((row) => {
    const texts = list(row.constraint).map((c) => (typeof c === 'string' ? c : c == null ? '' : String(c)));
    const ids = list(row.instruction_id_list);
    const kwargs = list(row.kwargs);
    const seed = String(row.seed_question ?? row.prompt ?? '');
    const n = Math.max(texts.length, ids.length);
    const constraints: AnalysedConstraint[] = [];
    for (let i = 0; i < n; i++) {
      const text = texts[i] ?? '';
      const stored = datasetMapping(ids[i], kwargs[i]);
      constraints.push({ text, mapping: stored ?? (text.trim() === '' ? null : mapCached(text, seed)) });
    }
    return { seed, constraints };
  });
}
