// Per-round statistics of a q_T (or IFEval) dataset: what the dashboard charts and `seif stats` prints.
import { analyseRows } from './analyse';
import { driftFromAnalysis, type DriftAlarm, type DriftOptions } from './drift';
import { isIdMapping } from './map';

export interface RoundStats {
  file: string;
  rows: number;
  constraints: number;
  /** Mean constraints per row. */
  constraintsPerRow: number;
  /** Rows by constraint count: {"3": 2559, "5": 2546}. */
  constraintsPerRowHistogram: Record<string, number>;
  /** Share of constraints containing the word "exactly" (any case, as a word). */
  exactlyShare: number;
  /** Constraints mapped to each IFEval id. */
  mappedIds: Record<string, number>;
  /** Share of constraints mapped to an IFEval id. */
  verifiableShare: number;
  /** Unmapped constraints by soft category; "unrecognised" for the rest. */
  categoryMix: Record<string, number>;
  drift: DriftAlarm[];
}

export interface RoundStatsOptions extends DriftOptions {
  file: string;
}

const EXACTLY = /\bexactly\b/i;

const share = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);

/** `computeRoundStats(rows, { file })` → RoundStats; rows are a q_T file's rows as read (loadDataset). */
export function computeRoundStats(rows: readonly Record<string, unknown>[], options: RoundStatsOptions): RoundStats {
  const analysed = analyseRows(rows);
  let constraints = 0;
  let exactly = 0;
  let mapped = 0;
  const histogram: Record<string, number> = {};
  const mappedIds: Record<string, number> = {};
  const categoryMix: Record<string, number> = {};
  for (const row of analysed) {
    histogram[row.constraints.length] = (histogram[row.constraints.length] ?? 0) + 1;
    for (const c of row.constraints) {
      constraints++;
      if (EXACTLY.test(c.text)) exactly++;
      const m = c.mapping;
      if (isIdMapping(m)) {
        mapped++;
        mappedIds[m.id] = (mappedIds[m.id] ?? 0) + 1;
      } else {
        const key = m ? m.category : 'unrecognised';
        categoryMix[key] = (categoryMix[key] ?? 0) + 1;
      }
    }
  }
  return {
    file: options.file,
    rows: rows.length,
    constraints,
    constraintsPerRow: share(constraints, rows.length),
    constraintsPerRowHistogram: histogram,
    exactlyShare: share(exactly, constraints),
    mappedIds,
    verifiableShare: share(mapped, constraints),
    categoryMix,
    drift: driftFromAnalysis(analysed, options),
  };
}
