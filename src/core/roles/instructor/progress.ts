import fs from 'node:fs';
import { appendJsonlDurable, readJsonlFile } from '../../util/jsonl';
import type { TemplateName } from './templates';

/** One finished seed in `<out>.progress.jsonl`: generated constraints, or the reason it failed. */
export type ProgressEntry =
  | { seed: string; template: TemplateName; constraints: string[] }
  | { seed: string; error: string };

/** The latest entry per seed: a later success replaces an earlier failure. A torn last line is ignored. */
export async function readProgress(file: string): Promise<Map<string, ProgressEntry>> {
  const latest = new Map<string, ProgressEntry>();
  if (!fs.existsSync(file)) return latest;
  const parsed = await readJsonlFile<ProgressEntry>(file);
  for (const { value } of parsed.values) {
    if (value && typeof value.seed === 'string') latest.set(value.seed, value);
  }
  return latest;
}

/**
 * Appends entries durably (fsync) but not one write per seed: entries queue while a write is in flight
 * and go out together, so a crash loses at most the entries not yet acknowledged.
 */
export class ProgressLog {
  private pending: ProgressEntry[] = [];
  private writing: Promise<void> = Promise.resolve();
  private failure?: unknown;

  constructor(readonly file: string) {}

  add(entry: ProgressEntry): void {
    this.pending.push(entry);
    if (this.pending.length === 1) this.writing = this.writing.then(() => this.drain());
  }

  private async drain(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending;
      this.pending = [];
      try {
        await appendJsonlDurable(this.file, batch);
      } catch (e) {
        this.failure ??= e;
      }
    }
  }

  /** Waits for every queued entry; rethrows the first write failure (the run cannot be resumed safely). */
  async flush(): Promise<void> {
    await this.writing;
    if (this.pending.length > 0) await this.drain();
    if (this.failure) throw this.failure;
  }
}
