// Follows a job's log from a saved byte offset, across dropped connections, with no lost or doubled line.
import { SeifError } from '../errors';
import type { SshConnection } from './connection';
import { jobStatus, readJobLog, SEIFCTL, installSeifctl, type JobStatus } from './jobs';
import { assertRunId } from './shell';

export type TailEvent =
  /** Complete lines (split on \n, \r kept for the parser) and the byte offset just after the last one: save it to resume. */
  | { type: 'lines'; lines: string[]; offset: number }
  /** The connection dropped and the tail resumed from `offset` on a new one. */
  | { type: 'reattached'; offset: number; afterMs: number }
  /** The job finished and the whole log was delivered. */
  | { type: 'end'; status: JobStatus; offset: number };

export interface TailOptions {
  /** Byte offset to start from (the `offset` of the last event seen before). */
  offset?: number;
  /** Keep following until the job ends (otherwise: deliver what is there and end). */
  follow?: boolean;
  signal?: AbortSignal;
  /** Give up reconnecting after this long (default 120 s). */
  reconnectTimeoutMs?: number;
}

/** Splits bytes into complete lines and tracks the byte offset after the last complete line. */
class LineCutter {
  private pending = Buffer.alloc(0);
  constructor(public committed: number) {}

  push(chunk: Buffer): string[] {
    const buf = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    const lines: string[] = [];
    let start = 0;
    for (let nl = buf.indexOf(10, start); nl >= 0; nl = buf.indexOf(10, start)) {
      lines.push(buf.subarray(start, nl).toString('utf8'));
      start = nl + 1;
    }
    this.committed += start;
    this.pending = Buffer.from(buf.subarray(start));
    return lines;
  }

  /** Bytes consumed so far (complete lines plus the partial one held back): where the next read starts. */
  get position(): number {
    return this.committed + this.pending.length;
  }

  /** At the very end: a last line without a newline. */
  flush(): string[] {
    if (!this.pending.length) return [];
    const line = this.pending.toString('utf8');
    this.committed += this.pending.length;
    this.pending = Buffer.alloc(0);
    return [line];
  }

  /** After a drop: forget the partial line; the next read restarts at `committed`. */
  reset(): void {
    this.pending = Buffer.alloc(0);
  }
}

type Item = { chunk: Buffer } | { closed: true };

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });
}

/**
 * Tails ~/.seif/runs/<id>/log. `connect` returns a live connection (e.g. `() => pool.get(host)`); it is called
 * again after a drop, and the tail resumes at the end of the last complete line delivered.
 */
export async function* tailJob(connect: () => Promise<SshConnection>, id: string, options: TailOptions = {}): AsyncGenerator<TailEvent> {
  assertRunId(id);
  const cut = new LineCutter(options.offset ?? 0);
  const reconnectTimeout = options.reconnectTimeoutMs ?? 120_000;
  let droppedAt: number | undefined;
  for (;;) {
    if (options.signal?.aborted) return;
    let conn: SshConnection;
    try {
      conn = await connect();
      await installSeifctl(conn);
    } catch (e) {
      if (droppedAt === undefined || Date.now() - droppedAt > reconnectTimeout || (e instanceof SeifError && /HOST KEY|authentication/.test(e.message))) throw e;
      await sleep(250, options.signal);
      continue;
    }
    if (droppedAt !== undefined) {
      yield { type: 'reattached', offset: cut.committed, afterMs: Date.now() - droppedAt };
      droppedAt = undefined;
    }
    if (!options.follow) {
      // One-shot: everything up to the current end.
      for (;;) {
        const { data } = await readJobLog(conn, id, cut.position, 4 << 20);
        if (!data.length) break;
        const lines = cut.push(data);
        if (lines.length) yield { type: 'lines', lines, offset: cut.committed };
      }
      const status = await jobStatus(conn, id);
      const rest = cut.flush();
      if (rest.length) yield { type: 'lines', lines: rest, offset: cut.committed };
      yield { type: 'end', status, offset: cut.committed };
      return;
    }
    // Live: `tail -F --pid` streams from the offset and exits when the job ends.
    const queue: Item[] = [];
    let wake: (() => void) | undefined;
    const push = (item: Item) => {
      queue.push(item);
      wake?.();
    };
    const stream = await conn
      .channel(`bash ${SEIFCTL} follow ${id} ${cut.committed}`, (s) => {
        s.on('data', (d: Buffer) => push({ chunk: d }));
        s.on('close', () => push({ closed: true }));
        s.stderr.resume();
      })
      .catch(() => undefined);
    if (!stream) {
      conn.invalidate();
      droppedAt ??= Date.now();
      await sleep(100, options.signal);
      continue;
    }
    stream.end();
    const onAbort = () => stream.close();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    let closed = false;
    try {
      while (!closed) {
        if (!queue.length) await new Promise<void>((r) => (wake = r));
        wake = undefined;
        const batch: string[] = [];
        while (queue.length) {
          const item = queue.shift()!;
          if ('closed' in item) {
            closed = true;
            break;
          }
          batch.push(...cut.push(item.chunk));
        }
        if (batch.length) yield { type: 'lines', lines: batch, offset: cut.committed };
      }
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
    }
    if (options.signal?.aborted) return;
    if (conn.closed) {
      cut.reset();
      droppedAt = Date.now();
      continue;
    }
    // The follower ended: the job finished (or was not running). Deliver anything past our offset, then end.
    const status = await jobStatus(conn, id).catch(() => undefined);
    if (!status) {
      conn.invalidate();
      cut.reset();
      droppedAt = Date.now();
      await sleep(100, options.signal);
      continue;
    }
    if (status.state === 'running' || status.state === 'starting') {
      // tail stopped early (e.g. the log was replaced): follow again after a breath.
      cut.reset();
      await sleep(200, options.signal);
      continue;
    }
    for (;;) {
      const { data } = await readJobLog(conn, id, cut.position, 4 << 20);
      if (!data.length) break;
      const lines = cut.push(data);
      if (lines.length) yield { type: 'lines', lines, offset: cut.committed };
    }
    const rest = cut.flush();
    if (rest.length) yield { type: 'lines', lines: rest, offset: cut.committed };
    yield { type: 'end', status, offset: cut.committed };
    return;
  }
}
