import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { writeFileAtomic } from '../util/atomic';

/** What a cached call returns: the raw reply text and the tokens it cost the first time. */
export interface CachedReply {
  text: string;
  promptTokens: number;
  completionTokens: number;
}

/**
 * Content-addressed store of validated replies: key = sha256(model + messages + params), one JSON file
 * per key under `<dir>/<2 hex>/<key>.json`, written atomically so a crash never leaves half an entry.
 * The base URL is not part of the key: the same model answers the same prompt the same way anywhere.
 */
export class CallCache {
  constructor(readonly dir: string) {}

  static keyOf(parts: unknown): string {
    return crypto.createHash('sha256').update(canonicalJson(parts)).digest('hex');
  }

  private fileOf(key: string): string {
    return path.join(this.dir, key.slice(0, 2), `${key}.json`);
  }

  async get(key: string): Promise<CachedReply | undefined> {
    let text: string;
    try {
      text = await fs.promises.readFile(this.fileOf(key), 'utf8');
    } catch {
      return undefined;
    }
    try {
      const entry = JSON.parse(text) as { reply?: CachedReply };
      return typeof entry.reply?.text === 'string' ? entry.reply : undefined;
    } catch {
      return undefined; // a damaged entry is a miss; the next successful call rewrites it
    }
  }

  async put(key: string, reply: CachedReply, about: Record<string, unknown>): Promise<void> {
    await writeFileAtomic(this.fileOf(key), JSON.stringify({ key, ...about, createdAt: new Date().toISOString(), reply }));
  }
}

/** JSON with object keys sorted, so equal requests hash equally whatever order their fields were built in. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const sorted: Record<string, unknown> = {};
      for (const k of Object.keys(v as object).sort()) sorted[k] = (v as Record<string, unknown>)[k];
      return sorted;
    }
    return v;
  });
}
