import fs from 'node:fs';
import path from 'node:path';
import { toJsonLine } from '../util/jsonl';

/** One line of `.seif/llm-calls.jsonl`: what a logical call cost, for the dashboards. */
export interface CallRecord {
  ts: string;
  role: string;
  baseUrl: string;
  model: string;
  purpose?: string;
  ok: boolean;
  cacheHit: boolean;
  /** Attempts beyond the first (transport faults and invalid replies both count). */
  retries: number;
  latencyMs: number;
  promptTokens: number;
  completionTokens: number;
  error?: string;
}

/**
 * Appends records in order without one write per call: lines queue while a write is in flight and go
 * out together. Telemetry, so no fsync; `flush()` waits for everything queued so far.
 */
export class CallRecorder {
  private pending: string[] = [];
  private writing: Promise<void> = Promise.resolve();
  private dirReady = false;

  constructor(readonly file: string) {}

  add(record: CallRecord): void {
    this.pending.push(toJsonLine(record) + '\n');
    if (this.pending.length === 1) this.writing = this.writing.then(() => this.drain());
  }

  private async drain(): Promise<void> {
    while (this.pending.length > 0) {
      const text = this.pending.join('');
      this.pending = [];
      try {
        if (!this.dirReady) {
          await fs.promises.mkdir(path.dirname(this.file), { recursive: true });
          this.dirReady = true;
        }
        await fs.promises.appendFile(this.file, text, 'utf8');
      } catch {
        // Losing a telemetry line must never fail the call it describes.
      }
    }
  }

  flush(): Promise<void> {
    return this.writing.then(() => (this.pending.length > 0 ? this.drain() : undefined));
  }
}
