// Per-round statistics of a q_T (or IFEval) dataset: what the dashboard charts and `seif stats` prints.
import { RowAnalyser } from './analyse';
import { DriftCollector, type DriftAlarm, type DriftOptions } from './drift';
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
  /** 0-based rows (ascending) with a constraint mapped to each IFEval id: the rows behind a mappedIds bar. */
  rowsByMappedId: Record<string, number[]>;
  /** 0-based rows (ascending) with an unmapped constraint of each categoryMix key. */
  rowsByCategory: Record<string, number[]>;
  drift: DriftAlarm[];
}

/** Adds row i to key's rows once (rows arrive in ascending order). */
function addRow(rows: Record<string, number[]>, key: string, i: number): void {
  const list = (rows[key] ??= []);
  if (list[list.length - 1] !== i) list.push(i);
}

export interface RoundStatsOptions extends DriftOptions {
  file: string;
}

const EXACTLY = /\bexactly\b/i;

const share = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);

/** `computeRoundStats(rows, { file })` → RoundStats; rows are a q_T file's rows as read (loadDataset). */
export function computeRoundStats(rows: readonly Record<string, unknown>[], options: RoundStatsOptions): RoundStats {
  // One pass: each row is analysed, counted and handed to drift, then dropped (less for the GC to keep).
  const analyser = new RowAnalyser();
  const drift = new DriftCollector();
  let constraints = 0;
  let exactly = 0;
  let mapped = 0;
  const histogram: Record<string, number> = {};
  const mappedIds: Record<string, number> = {};
  const categoryMix: Record<string, number> = {};
  const rowsByMappedId: Record<string, number[]> = {};
  const rowsByCategory: Record<string, number[]> = {};
  for (let i = 0; i < rows.length; i++) {
    const row = analyser.analyse(rows[i]!);
    drift.add(row);
    histogram[row.constraints.length] = (histogram[row.constraints.length] ?? 0) + 1;
    for (const c of row.constraints) {
      constraints++;
      if (EXACTLY.test(c.text)) exactly++;
      const m = c.mapping;
      if (isIdMapping(m)) {
        mapped++;
        mappedIds[m.id] = (mappedIds[m.id] ?? 0) + 1;
        addRow(rowsByMappedId, m.id, i);
      } else {
        const key = m ? m.category : 'unrecognised';
        categoryMix[key] = (categoryMix[key] ?? 0) + 1;
        addRow(rowsByCategory, key, i);
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
    rowsByMappedId,
    rowsByCategory,
    drift: drift.alarms(options),
  };
}
