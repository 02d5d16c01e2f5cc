import path from 'node:path';
import { SeifError } from '../errors';
import type { Dataset } from '../dataset/dataset';
import { encodeParquet, type ParquetShape } from '../dataset/parquet';
import { instructionsShape, withIfevalKwargs } from '../dataset/seif-shapes';
import { toPlain } from '../dataset/normalise';
import { writeFileAtomic } from '../util/atomic';
import { toJsonLine } from '../util/jsonl';
import { effectiveRow } from './effective';
import type { CurationState } from './state';

export interface ExportSummary {
  parquet: string;
  jsonl: string;
  exported: number;
  pending: number;
  rejected: number;
  /** Accepted rows left out because their shape is invalid (see the dataset's problems). */
  invalid: number;
  /** Exported rows with at least one promoted constraint (the kwargs struct was widened to IFEval's fields). */
  promoted: number;
}

/** `data/…/q_T3.parquet` → `data/…/q_T3.curated.parquet` (also for .jsonl sources). */
export function curatedPathFor(source: string): string {
  const ext = path.extname(source);
  return path.join(path.dirname(source), `${path.basename(source, ext)}.curated.parquet`);
}

/**
 * Writes the accepted rows of a q_T dataset, with edits applied and `prompt` rebuilt, as parquet with the
 * exact source schema (SEIF's q_T schema for JSONL sources; the kwargs struct widened to IFEval's fields when a
 * row has a promotion) plus the same rows as JSONL. Both atomic;
 * nothing is written when any row fails to encode.
 */
export async function exportCurated(dataset: Dataset, state: CurationState, outParquet = curatedPathFor(dataset.file)): Promise<ExportSummary> {
  if (dataset.kind !== 'instructions') {
    throw new SeifError(`only q_T instruction datasets can be exported as curated data (this one is "${dataset.kind}")`, dataset.file);
  }
  const rows: Record<string, unknown>[] = [];
  let pending = 0;
  let rejected = 0;
  let invalid = 0;
  let promoted = 0;
  for (let i = 0; i < dataset.rows.length; i++) {
    const key = dataset.rowKey(i);
    const st = state.get(key);
    if (st.status === 'pending') pending++;
    else if (st.status === 'rejected') rejected++;
    else if (dataset.invalidRows.has(i)) invalid++;
    else {
      if (st.promoted.size > 0) promoted++;
      rows.push(effectiveRow(dataset, i, st));
    }
  }
  if (rows.length === 0) {
    throw new SeifError(`nothing to export: no accepted rows (${pending} pending, ${rejected} rejected)`, dataset.file);
  }
  // Promoted constraints carry IFEval kwargs (num_words, relation, keywords…) that SEIF's q_T struct (only
  // num_bullets) cannot hold: widen kwargs to IFEval's union of fields then; otherwise keep the exact schema.
  const source: ParquetShape = dataset.table ?? instructionsShape();
  const shape = promoted > 0 ? withIfevalKwargs(source) : source;
  const bytes = encodeParquet(shape, rows, outParquet);
  const jsonlPath = outParquet.replace(/\.parquet$/, '') + '.jsonl';
  const jsonl = rows.map((r) => toJsonLine(toPlain(pick(r, shape))) + '\n').join('');
  await writeFileAtomic(outParquet, bytes);
  await writeFileAtomic(jsonlPath, jsonl);
  return { parquet: outParquet, jsonl: jsonlPath, exported: rows.length, pending, rejected, invalid, promoted };
}

function pick(row: Record<string, unknown>, shape: ParquetShape): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of shape.columns) out[c.name] = row[c.name] ?? null;
  return out;
}
