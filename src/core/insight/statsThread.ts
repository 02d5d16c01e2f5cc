// Round stats of dataset files computed in a worker thread, so an editor's (or any caller's) thread stays free:
// a 5k-row round takes ~0.2–1 s of CPU. Requests run one at a time in a reused worker (warm JIT, compiled
// regexes); cancelling the running one terminates the worker, and the next request starts a fresh one.
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { SeifError } from '../errors';
import type { DriftOptions } from './drift';
import type { RoundStats } from './stats';

export interface StatsRequest {
  id: number;
  /** Absolute path of the dataset file. */
  file: string;
  /** What the stats call the file (their `file` field). */
  label: string;
  thresholds?: DriftOptions['thresholds'];
}

export type StatsReply =
  | { id: number; stats: RoundStats }
  | { id: number; error: { message: string; seif?: boolean; file?: string | undefined; place?: string | undefined } };

export interface RoundStatsThreadOptions {
  /** The worker script; default: statsWorker.js next to this bundle, else statsWorker.ts (run from sources by tsx). */
  script?: string;
  /** An idle worker is stopped after this many ms (its heap is returned); default 60 s. */
  idleMs?: number;
}

/** The worker script next to this module: dist/statsWorker.js in the bundles, the .ts source under tsx. */
export function defaultStatsWorkerScript(): string {
  const bundled = path.join(__dirname, 'statsWorker.js');
  return fs.existsSync(bundled) ? bundled : path.join(__dirname, 'statsWorker.ts');
}

interface Job {
  request: StatsRequest;
  resolve(stats: RoundStats): void;
  reject(e: unknown): void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

export class RoundStatsThread {
  private worker: Worker | undefined;
  private running: Job | undefined;
  private readonly queue: Job[] = [];
  private nextId = 1;
  private idleTimer: NodeJS.Timeout | undefined;
  private disposed = false;
  private readonly script: string;
  private readonly idleMs: number;

  constructor(options: RoundStatsThreadOptions = {}) {
    this.script = options.script ?? defaultStatsWorkerScript();
    this.idleMs = options.idleMs ?? 60_000;
  }

  /** Stats of `file` as computeRoundStats gives them for its rows; rejects with the signal's reason when aborted. */
  stats(file: string, options: DriftOptions & { label?: string } = {}, signal?: AbortSignal): Promise<RoundStats> {
    if (this.disposed) return Promise.reject(new Error('round stats thread is disposed'));
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<RoundStats>((resolve, reject) => {
      const request: StatsRequest = { id: this.nextId++, file, label: options.label ?? file, ...(options.thresholds ? { thresholds: options.thresholds } : {}) };
      const job: Job = { request, resolve, reject, ...(signal ? { signal } : {}) };
      if (signal) {
        job.onAbort = () => this.cancel(job, signal.reason);
        signal.addEventListener('abort', job.onAbort, { once: true });
      }
      this.queue.push(job);
      this.pump();
    });
  }

  /** Whether a worker thread is running now (started on demand, stopped when idle or disposed). */
  get active(): boolean {
    return this.worker !== undefined;
  }

  /** Stops the worker and rejects every request not yet answered. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    const error = new Error('round stats thread is disposed');
    for (const job of this.queue.splice(0)) this.settle(job, () => job.reject(error));
    if (this.running) this.settle(this.running, (j) => j.reject(error));
    this.running = undefined;
    await this.stopWorker();
  }

  private cancel(job: Job, reason: unknown): void {
    const queued = this.queue.indexOf(job);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      this.settle(job, (j) => j.reject(reason));
    } else if (this.running === job) {
      // The worker is busy in synchronous code: only terminating it stops the computation.
      this.running = undefined;
      this.settle(job, (j) => j.reject(reason));
      void this.stopWorker().then(() => this.pump());
    }
  }

  private settle(job: Job, fn: (job: Job) => void): void {
    if (job.onAbort) job.signal?.removeEventListener('abort', job.onAbort);
    fn(job);
  }

  private pump(): void {
    if (this.running || this.disposed) return;
    const job = this.queue.shift();
    if (!job) {
      this.armIdleTimer();
      return;
    }
    clearTimeout(this.idleTimer);
    this.running = job;
    const worker = this.ensureWorker();
    // Referenced while it works (a caller awaiting stats keeps the process alive), unreferenced when idle.
    worker.ref();
    worker.postMessage(job.request);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = this.script.endsWith('.ts')
      ? // Sources (tests, benches under tsx): compile the worker with tsx's require hook.
        new Worker(`require(require.resolve('tsx/cjs', { paths: [${JSON.stringify(path.dirname(this.script))}] })); require(${JSON.stringify(this.script)});`, { eval: true })
      : new Worker(this.script);
    worker.on('message', (reply: StatsReply) => this.answer(reply));
    worker.on('error', (e) => this.fail(worker, e));
    worker.on('exit', (code) => {
      if (this.worker === worker) this.fail(worker, new Error(`round stats worker exited with code ${code}`));
    });
    this.worker = worker;
    return worker;
  }

  private answer(reply: StatsReply): void {
    const job = this.running;
    if (!job || job.request.id !== reply.id) return;
    this.running = undefined;
    if ('stats' in reply) this.settle(job, (j) => j.resolve(reply.stats));
    else {
      const { message, seif, file, place } = reply.error;
      this.settle(job, (j) => j.reject(seif ? new SeifError(message, file, place) : new Error(message)));
    }
    this.pump();
  }

  private fail(worker: Worker, e: Error): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    const job = this.running;
    this.running = undefined;
    if (job) this.settle(job, (j) => j.reject(e));
    this.pump();
  }

  private armIdleTimer(): void {
    clearTimeout(this.idleTimer);
    if (!this.worker) return;
    this.worker.unref();
    this.idleTimer = setTimeout(() => void this.stopWorker(), this.idleMs);
    this.idleTimer.unref();
  }

  private async stopWorker(): Promise<void> {
    clearTimeout(this.idleTimer);
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
  }
}
