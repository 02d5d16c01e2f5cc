import path from 'node:path';
import type { z } from 'zod';
import { SeifError } from '../errors';
import { readJsonlFile } from '../util/jsonl';
import { readParquetFile, type ParquetTable } from './parquet';
import {
  IFEVAL_COLUMNS,
  INSTRUCTION_COLUMNS,
  IfevalRowSchema,
  InstructionRowSchema,
  SeedRowSchema,
} from './rows';
import { surelyValid } from './rowCheck';

export type DatasetKind = 'seed' | 'ifeval' | 'instructions' | 'unknown';

/** Something wrong with a file or a row; the rest of the dataset still loads. */
export interface DatasetProblem {
  severity: 'error' | 'warning';
  message: string;
  file: string;
  place?: string;
  /** 0-based row index, when the problem is one row's. */
  row?: number;
}

export interface Dataset {
  file: string;
  format: 'parquet' | 'jsonl';
  kind: DatasetKind;
  rows: Record<string, unknown>[];
  /** Present for parquet: the source schema, kept for export. */
  table?: ParquetTable;
  /** Rows whose shape is invalid for the kind (they are shown, but never exported). */
  invalidRows: Set<number>;
  problems: DatasetProblem[];
  /** Stable identity of row i across edits: seed_question (q_T), key (IFEval), prompt (seed), else `#i`. */
  rowKey(i: number): string;
  /** Row index of a key, or undefined. */
  indexOfKey(key: string): number | undefined;
}

/** A q_T or IFEval row seen as one instruction: seed question plus its constraints. */
export interface Instruction {
  seed: string;
  constraints: string[];
  ids: string[];
  kwargs: Record<string, unknown>[];
}

export function detectKind(columns: readonly string[]): DatasetKind {
  const has = (c: string) => columns.includes(c);
  if (INSTRUCTION_COLUMNS.every(has)) return 'instructions';
  if (IFEVAL_COLUMNS.every(has)) return 'ifeval';
  if (has('prompt') && columns.length === 1) return 'seed';
  if (has('seed_question') && has('constraint')) return 'instructions';
  return 'unknown';
}

const SCHEMAS: Record<Exclude<DatasetKind, 'unknown'>, z.ZodType> = {
  instructions: InstructionRowSchema,
  ifeval: IfevalRowSchema,
  seed: SeedRowSchema,
};

export async function loadDataset(file: string): Promise<Dataset> {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.parquet') {
    const table = await readParquetFile(file);
    return buildDataset(file, 'parquet', table.rows, table.columns.map((c) => c.name), [], table);
  }
  if (ext === '.jsonl') {
    const parsed = await readJsonlFile<Record<string, unknown>>(file);
    const problems: DatasetProblem[] = parsed.errors.map((e) => ({
      severity: 'error',
      message: e.torn ? `torn last line (an interrupted write?) skipped: ${e.message}` : `broken JSON line skipped: ${e.message}`,
      file,
      place: `line ${e.line}`,
    }));
    const rows: Record<string, unknown>[] = [];
    for (const { value, line } of parsed.values) {
      if (value && typeof value === 'object' && !Array.isArray(value)) rows.push(value);
      else problems.push({ severity: 'error', message: 'line is not a JSON object; skipped', file, place: `line ${line}` });
    }
    const columns = [...new Set(rows.slice(0, 50).flatMap((r) => Object.keys(r)))];
    return buildDataset(file, 'jsonl', rows, columns, problems);
  }
  throw new SeifError(`unsupported dataset type "${ext || '(none)'}": expected .parquet or .jsonl`, file);
}

export function buildDataset(
  file: string,
  format: 'parquet' | 'jsonl',
  rows: Record<string, unknown>[],
  columns: string[],
  problems: DatasetProblem[],
  table?: ParquetTable,
): Dataset {
  const kind = detectKind(columns);
  const invalidRows = new Set<number>();
  if (kind === 'unknown') {
    problems.push({
      severity: 'error',
      message: `unexpected columns [${columns.join(', ')}]: not a SEIF seed, IFEval or q_T file (q_T needs ${INSTRUCTION_COLUMNS.join(', ')})`,
      file,
      place: 'schema',
    });
  } else {
    const expected = kind === 'instructions' ? INSTRUCTION_COLUMNS : kind === 'ifeval' ? [...IFEVAL_COLUMNS, 'constraint'] : ['prompt'];
    const extra = columns.filter((c) => !(expected as readonly string[]).includes(c));
    if (extra.length > 0) {
      problems.push({ severity: 'warning', message: `unexpected column(s) ${extra.join(', ')} — kept as they are on export`, file, place: 'schema' });
    }
    const schema = SCHEMAS[kind];
    rows.forEach((row, i) => {
      if (surelyValid(kind, row)) return;
      const r = schema.safeParse(row);
      if (!r.success) {
        invalidRows.add(i);
        const issue = r.error.issues[0]!;
        problems.push({
          severity: 'error',
          message: `invalid row: ${issue.path.join('.') || 'row'}: ${issue.message}`,
          file,
          place: `row ${i}${issue.path.length ? `, column ${String(issue.path[0])}` : ''}`,
          row: i,
        });
      }
    });
  }
  const keys = rows.map((row, i) => naturalKey(kind, row) ?? `#${i}`);
  const seen = new Map<string, number>();
  keys.forEach((k, i) => {
    if (seen.has(k)) keys[i] = `#${i}`;
    else seen.set(k, i);
  });
  // A duplicated natural key falls back to the row index for the later rows; index them after fixing.
  const byKey = new Map<string, number>();
  keys.forEach((k, i) => byKey.set(k, i));
  return {
    file,
    format,
    kind,
    rows,
    ...(table ? { table } : {}),
    invalidRows,
    problems,
    rowKey: (i) => keys[i] ?? `#${i}`,
    indexOfKey: (k) => byKey.get(k),
  };
}

function naturalKey(kind: DatasetKind, row: Record<string, unknown>): string | undefined {
  const v = kind === 'instructions' ? row.seed_question : kind === 'ifeval' ? row.key : kind === 'seed' ? row.prompt : undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'bigint' || typeof v === 'number') return String(v);
  return undefined;
}

/** The instruction view of a q_T / IFEval row (seed + constraints). For IFEval the prompt is the seed. */
export function instructionOf(kind: DatasetKind, row: Record<string, unknown>): Instruction {
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
  const ids = list(row.instruction_id_list).map(String);
  const kwargs = list(row.kwargs).map((k) => (k && typeof k === 'object' ? (k as Record<string, unknown>) : {}));
  if (kind === 'ifeval') {
    return { seed: String(row.prompt ?? ''), constraints: ids.slice(), ids, kwargs };
  }
  return {
    seed: String(row.seed_question ?? row.prompt ?? ''),
    constraints: list(row.constraint).map((c) => String(c ?? '')),
    ids,
    kwargs,
  };
}
