// One pass over a dataset's rows: each constraint's text and mapping. Stats and drift both read this, so a
// round is mapped once; identical constraint texts (thousands of "exactly 2 bullet points") are mapped once.
// Only "repeat the request" depends on more than the text (the row's seed): the rules read the seed through
// the context, so a mapping that did not read it holds for every row.
import { datasetMapping, mapConstraint, type MappingResult } from './map';
import type { RuleContext } from './rules/index';

export interface AnalysedConstraint {
  text: string;
  mapping: MappingResult;
}

export interface AnalysedRow {
  seed: string;
  constraints: AnalysedConstraint[];
}

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Cache mark of a text whose mapping depends on the row's seed. */
const SEED_DEPENDENT = Symbol('seed-dependent');

/** A rule context that notes whether the seed was read. */
class WatchedSeed implements RuleContext {
  read = false;

  constructor(private readonly value: string) {}

  get seed(): string {
    this.read = true;
    return this.value;
  }
}

/**
 * Reads q_T rows (`constraint` texts, ids `soft`) and IFEval rows (real ids, no texts) of one dataset, one at a
 * time, so callers can fold each row into their counts and let it go. A real IFEval id already stored for a
 * constraint (a promoted one) wins over mapping its text.
 */
export class RowAnalyser {
  // Mappings by text; a text whose mapping read the seed ("repeat the request") is mapped again for each row.
  private readonly cache = new Map<string, MappingResult | typeof SEED_DEPENDENT>();

  analyse(row: Record<string, unknown>): AnalysedRow {
    const texts = list(row.constraint).map((c) => (typeof c === 'string' ? c : c == null ? '' : String(c)));
    const ids = list(row.instruction_id_list);
    const kwargs = list(row.kwargs);
    const seed = String(row.seed_question ?? row.prompt ?? '');
    const n = Math.max(texts.length, ids.length);
    const constraints: AnalysedConstraint[] = [];
    for (let i = 0; i < n; i++) {
      const text = texts[i] ?? '';
      constraints.push({ text, mapping: datasetMapping(ids[i], kwargs[i]) ?? this.map(text, seed) });
    }
    return { seed, constraints };
  }

  private map(text: string, seed: string): MappingResult {
    const cached = this.cache.get(text);
    if (cached === SEED_DEPENDENT) return mapConstraint(text, { seed });
    if (cached !== undefined) return cached;
    if (text.trim() === '') {
      this.cache.set(text, null);
      return null;
    }
    const ctx = new WatchedSeed(seed);
    const mapping = mapConstraint(text, ctx);
    this.cache.set(text, ctx.read ? SEED_DEPENDENT : mapping);
    return mapping;
  }
}

export function analyseRows(rows: readonly Record<string, unknown>[]): AnalysedRow[] {
  const analyser = new RowAnalyser();
  return rows.map((row) => analyser.analyse(row));
}
