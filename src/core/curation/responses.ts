import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { appendJsonlDurable, parseJsonl } from '../util/jsonl';

/** A response to an instruction, for the Judger: pasted, sampled from the Follower, or imported from rollouts. */
export const ResponseRecordSchema = z.object({
  dataset: z.string(),
  rowKey: z.string(),
  response: z.string(),
  time: z.string(),
  source: z.string().optional(),
});
export type ResponseRecord = z.infer<typeof ResponseRecordSchema>;

/** `.seif/responses.jsonl`: append-only; the last record of a row wins. */
export class ResponseStore {
  private cache: Map<string, ResponseRecord> | undefined;

  constructor(readonly file: string) {}

  static forWorkspace(root: string): ResponseStore {
    return new ResponseStore(path.join(root, '.seif', 'responses.jsonl'));
  }

  private async load(): Promise<Map<string, ResponseRecord>> {
    if (this.cache) return this.cache;
    const map = new Map<string, ResponseRecord>();
    let text = '';
    try {
      text = await fs.promises.readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    for (const { value } of parseJsonl(text).values) {
      const r = ResponseRecordSchema.safeParse(value);
      if (r.success) map.set(key(r.data.dataset, r.data.rowKey), r.data);
    }
    this.cache = map;
    return map;
  }

  async get(dataset: string, rowKey: string): Promise<string | undefined> {
    return (await this.load()).get(key(dataset, rowKey))?.response;
  }

  async set(records: Omit<ResponseRecord, 'time'>[]): Promise<void> {
    const map = await this.load();
    const time = new Date().toISOString();
    const fresh = records.filter((r) => map.get(key(r.dataset, r.rowKey))?.response !== r.response).map((r) => ({ ...r, time }));
    if (fresh.length === 0) return;
    await fs.promises.mkdir(path.dirname(this.file), { recursive: true });
    await appendJsonlDurable(this.file, fresh);
    for (const r of fresh) map.set(key(r.dataset, r.rowKey), r);
  }
}

const key = (dataset: string, rowKey: string) => `${dataset}\u0000${rowKey}`;

/** Field names a responses JSONL may use: ours, SEIF's reward logs (if_reward1.jsonl), common rollout dumps. */
const RESPONSE_FIELDS = ['response', 'generated_answer', 'answer', 'output', 'completion'];
const KEY_FIELDS = ['key', 'id', 'rowKey', 'seed_question', 'prompt'];

export interface ResponseImport {
  matched: { rowKey: string; response: string }[];
  /** Lines whose key matched no row, with their line numbers. */
  unmatched: number[];
  /** Lines without a response field. */
  noResponse: number[];
}

/**
 * Matches response records to rows by key (IFEval `key`), `id`, the row key, the seed question or the
 * prompt — whichever the record has. Later records for the same row win.
 */
export function matchResponses(
  records: { line: number; value: unknown }[],
  lookup: (candidate: string) => string | undefined,
): ResponseImport {
  const out: ResponseImport = { matched: [], unmatched: [], noResponse: [] };
  const byRow = new Map<string, string>();
  for (const { line, value } of records) {
    if (!value || typeof value !== 'object') {
      out.noResponse.push(line);
      continue;
    }
    const rec = value as Record<string, unknown>;
    const field = RESPONSE_FIELDS.find((f) => typeof rec[f] === 'string');
    if (!field) {
      out.noResponse.push(line);
      continue;
    }
    let rowKey: string | undefined;
    for (const k of KEY_FIELDS) {
      const v = rec[k];
      if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'bigint') continue;
      const s = String(v);
      rowKey = lookup(s) ?? lookup(s.trim());
      if (rowKey) break;
    }
    if (!rowKey) out.unmatched.push(line);
    else byRow.set(rowKey, rec[field] as string);
  }
  out.matched = [...byRow].map(([rowKey, response]) => ({ rowKey, response }));
  return out;
}
