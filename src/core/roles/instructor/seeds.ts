import path from 'node:path';
import { readParquetFile } from '../../dataset/parquet';
import { SeifError } from '../../errors';
import { readJsonlFile } from '../../util/jsonl';

export interface SeedRow {
  /** 1-based row (parquet) or line (JSONL) number, for messages. */
  row: number;
  seed: string;
}

export interface BrokenSeed {
  row: number;
  /** What the row held, as text ("" when nothing could be read). */
  seed: string;
  error: string;
}

export interface SeedFile {
  file: string;
  seeds: SeedRow[];
  broken: BrokenSeed[];
}

const SEED_FIELDS = ['prompt', 'seed_question'] as const;

function seedOf(value: Record<string, unknown>): unknown {
  for (const f of SEED_FIELDS) if (f in value) return value[f];
  return undefined;
}

/** Reads seed questions from SEIF's seed.parquet (column `prompt`) or a JSONL with a `prompt` field. */
export async function readSeeds(file: string): Promise<SeedFile> {
  const ext = path.extname(file).toLowerCase();
  const seeds: SeedRow[] = [];
  const broken: BrokenSeed[] = [];
  const take = (row: number, raw: unknown, where: string) => {
    if (typeof raw === 'string' && raw.trim()) seeds.push({ row, seed: raw });
    else {
      const error = raw === undefined ? `${where} has no "prompt" field` : `${where}: "prompt" is ${typeof raw === 'string' ? 'empty' : `not text (${raw === null ? 'null' : typeof raw})`}`;
      broken.push({ row, seed: raw == null ? '' : String(raw), error: `${path.basename(file)} ${error}` });
    }
  };
  if (ext === '.parquet') {
    const table = await readParquetFile(file);
    if (!table.columns.some((c) => (SEED_FIELDS as readonly string[]).includes(c.name))) {
      throw new SeifError(`no "prompt" column (found: ${table.columns.map((c) => c.name).join(', ')})`, file, 'schema');
    }
    table.rows.forEach((r, i) => take(i + 1, seedOf(r), `row ${i + 1}`));
  } else if (ext === '.jsonl' || ext === '.json') {
    const parsed = await readJsonlFile<unknown>(file);
    for (const e of parsed.errors) broken.push({ row: e.line, seed: '', error: `${path.basename(file)} line ${e.line}: not JSON (${e.message})` });
    for (const { line, value } of parsed.values) {
      if (!value || typeof value !== 'object' || Array.isArray(value)) {
        broken.push({ row: line, seed: JSON.stringify(value), error: `${path.basename(file)} line ${line}: not a JSON object` });
      } else take(line, seedOf(value as Record<string, unknown>), `line ${line}`);
    }
    broken.sort((a, b) => a.row - b.row);
  } else {
    throw new SeifError('seeds must be a .parquet or .jsonl file', file);
  }
  return { file, seeds, broken };
}
