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
