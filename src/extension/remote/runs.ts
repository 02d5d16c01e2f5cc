// What the editor knows about the rounds it launched: per round run its phases and jobs, each job's progress
// (step/total, reward mean, ETA), its Slurm job (id, state) on a Slurm host, and the byte offset of its log
// already shown. Kept in workspace state, so a reload reattaches: the log tail resumes at the saved offset (no
// lost or doubled line, nothing before it read again) and per-step metrics are appended to
// <workspace>/.seif/runs/<runId>/metrics.jsonl for the dashboard.
import * as vscode from 'vscode';
import fs from 'node:fs';
import path from 'node:path';
import { judgeJob, RunMonitor, tailJob, type JobStatus, type PhaseKind } from '../../core/remote/index';
import { PHASE_ORDER, PHASE_TITLES, type PhaseId, type RoundPlan } from '../../core/round/index';
import { runMetricsPath } from '../../core/insight/runMetrics';
import { describeError } from '../../core/errors';
import { Disposable } from '../lifecycle';
import type { Hosts } from './hosts';

export type RunState = 'running' | 'gate' | 'failed' | 'stopped' | 'done';
export type PhaseState = 'pending' | 'running' | 'done' | 'failed' | 'stopped' | 'gate';
export type JobState = 'running' | 'succeeded' | 'failed' | 'stopped' | 'incomplete' | 'lost';

export interface JobEntry {
  runId: string;
  title: string;
  kind: PhaseKind;
  phase: PhaseId;
  state: JobState;
  step?: number;
  total?: number;
  rewardMean?: number;
  etaSeconds?: number;
  startedAt: number;
  endedAt?: number;
  /** Bytes of the remote log already shown (and parsed): a reattach resumes here. */
  offset: number;
  /** Steps already appended to metrics.jsonl. */
  stepsWritten: number;
  message?: string;
  /** A job Slurm runs: its job id, Slurm's state word (PENDING, RUNNING, "CANCELLED by 1001"…) and nodes. */
  slurm?: { jobId: string; state: string; nodes?: string };
  /** The last error and lines seen (a reattached job is judged with them, without reading the log before its offset). */
  lastError?: string;
  lastLines?: string[];
}

export interface PhaseEntry {
  id: PhaseId;
  title: string;
  state: PhaseState;
  message?: string;
}

export interface RoundRunEntry {
  /** The plan's run prefix (unique per start). */
  key: string;
  round: number;
  family: string;
  host: string;
  state: RunState;
  message?: string;
  phases: PhaseEntry[];
  jobs: JobEntry[];
  startedAt: number;
}

const STATE_KEY = 'seif.remoteRuns.v1';
/** Lines of a job kept for judging it after a reattach. */
const LAST_LINES = 20;

export class RunsStore extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;
  private readonly entries: RoundRunEntry[];
  private readonly monitors = new Map<string, RunMonitor>();
  private readonly channels = new Map<string, vscode.OutputChannel>();
  private readonly tails = new Map<string, AbortController>();
  /** Round runs a runner in this window is driving (their lines arrive through its events, not a tail). */
  readonly driving = new Set<string>();
  private saving: Promise<void> = Promise.resolve();

  constructor(
    private readonly state: vscode.Memento,
    private readonly hosts: Hosts,
    private readonly root: () => string | undefined,
    private readonly log: vscode.OutputChannel,
  ) {
    super();
    this.entries = state.get<RoundRunEntry[]>(STATE_KEY, []);
    this._register({
      dispose: () => {
        for (const a of this.tails.values()) a.abort();
        for (const c of this.channels.values()) c.dispose();
      },
    });
  }

  all(): readonly RoundRunEntry[] {
    return this.entries;
  }

  get(key: string): RoundRunEntry | undefined {
    return this.entries.find((e) => e.key === key);
  }

  findJob(runId: string): { run: RoundRunEntry; job: JobEntry } | undefined {
    for (const run of this.entries) {
      const job = run.jobs.find((j) => j.runId === runId);
      if (job) return { run, job };
    }
    return undefined;
  }

  /** A round run for `plan` (a resumed run keeps its entry, with the phases to run set back to pending). */
  begin(plan: RoundPlan, host: string, from?: PhaseId): RoundRunEntry {
    let run = this.get(plan.runPrefix);
    if (!run) {
      run = {
        key: plan.runPrefix,
        round: plan.round,
        family: plan.family,
        host,
        state: 'running',
        phases: PHASE_ORDER.map((id) => ({ id, title: PHASE_TITLES[id], state: 'pending' })),
        jobs: [],
        startedAt: Date.now(),
      };
      this.entries.push(run);
    }
    run.state = 'running';
    run.message = undefined;
    const at = from ? PHASE_ORDER.indexOf(from) : 0;
    for (const p of run.phases) {
      if (PHASE_ORDER.indexOf(p.id) < at || p.state === 'done') continue;
      p.state = 'pending';
      p.message = undefined;
    }
    this.update();
    return run;
  }

  phase(run: RoundRunEntry, id: PhaseId, state: PhaseState, message?: string): void {
    const p = run.phases.find((x) => x.id === id);
    if (p) {
      p.state = state;
      p.message = message;
    }
    this.update();
  }

  finish(run: RoundRunEntry, state: RunState, message?: string): void {
    run.state = state;
    run.message = message;
    this.update();
  }

  /** A job was launched (offset 0) or found. */
  job(run: RoundRunEntry, entry: Omit<JobEntry, 'offset' | 'stepsWritten' | 'startedAt' | 'state'>): JobEntry {
    let job = run.jobs.find((j) => j.runId === entry.runId);
    if (!job) {
      job = { ...entry, state: 'running', startedAt: Date.now(), offset: 0, stepsWritten: 0 };
      run.jobs.push(job);
    }
    this.update();
    return job;
  }

  /** What the host says about a job (a Slurm job's queue state, its node). */
  status(job: JobEntry, status: JobStatus): void {
    if (!status.slurm) return;
    job.slurm = { jobId: status.slurm.jobId, state: status.slurm.rawState, ...(status.slurm.nodes ? { nodes: status.slurm.nodes } : {}) };
    this.update();
  }

  endJob(job: JobEntry, state: JobState, message?: string): void {
    job.state = state;
    job.message = message;
    job.endedAt ??= Date.now();
    job.etaSeconds = undefined;
    this.monitors.delete(job.runId);
    this.update();
  }

  channel(run: RoundRunEntry): vscode.OutputChannel {
    let c = this.channels.get(run.key);
    if (!c) {
      c = vscode.window.createOutputChannel(`SEIF Run ${run.key}`);
      this.channels.set(run.key, c);
    }
    return c;
  }

  /** Log lines of a job, in order from its saved offset: shown, parsed, metrics appended, offset saved. */
  lines(run: RoundRunEntry, job: JobEntry, lines: string[], offset?: number): void {
    const channel = this.channel(run);
    let monitor = this.monitors.get(job.runId);
    if (!monitor) this.monitors.set(job.runId, (monitor = new RunMonitor()));
    monitor.feed(lines);
    for (const l of lines) channel.appendLine(`[${job.runId}] ${l.replace(/\r$/, '').replace(/^.*\r/, '')}`);
    job.offset = offset ?? job.offset + lines.reduce((n, l) => n + Buffer.byteLength(l, 'utf8') + 1, 0);
    const p = monitor.progress();
    if (p.step !== undefined) job.step = p.step;
    if (p.total !== undefined) job.total = p.total;
    if (p.rewardMean !== undefined) job.rewardMean = p.rewardMean;
    job.etaSeconds = p.etaSeconds;
    if (p.lastError) job.lastError = p.lastError;
    job.lastLines = monitor.lastLines(LAST_LINES).map((l) => l.slice(0, 500));
    this.appendMetrics(job, monitor);
    this.update();
  }

  private appendMetrics(job: JobEntry, monitor: RunMonitor): void {
    const root = this.root();
    const steps = monitor.summary.steps;
    if (!root || !steps.length) return;
    // The monitor of a reattached tail starts empty: its steps are all new (the offset skipped the old ones).
    const fresh = steps.filter((s) => s.step > (job.stepsWritten || 0));
    if (!fresh.length) return;
    const file = runMetricsPath(root, job.runId);
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.appendFileSync(file, fresh.map((s) => `${JSON.stringify({ step: s.step, metrics: s.metrics })}\n`).join(''));
      job.stepsWritten = fresh[fresh.length - 1]!.step;
    } catch (e) {
      this.log.appendLine(`[remote] cannot append metrics of ${job.runId}: ${describeError(e)}`);
    }
  }

  /** Follows the logs of jobs still marked running (after a reload / reconnect), from their saved offsets. */
  reattach(onEnd?: (run: RoundRunEntry, job: JobEntry) => void): Promise<void>[] {
    const out: Promise<void>[] = [];
    for (const run of this.entries) {
      if (this.driving.has(run.key)) continue;
      for (const job of run.jobs) {
        if (job.state !== 'running' || this.tails.has(job.runId)) continue;
        const abort = new AbortController();
        this.tails.set(job.runId, abort);
        out.push(
          (async () => {
            try {
              this.resumeMonitor(job);
              for await (const e of tailJob(() => this.hosts.pool.get(run.host), job.runId, { offset: job.offset, follow: true, signal: abort.signal })) {
                if (e.type === 'lines') this.lines(run, job, e.lines, e.offset);
                else if (e.type === 'reattached') this.channel(run).appendLine(`[${job.runId}] (reattached after ${e.afterMs} ms)`);
                else if (e.type === 'end') {
                  this.status(job, e.status);
                  const monitor = this.monitors.get(job.runId) ?? new RunMonitor();
                  monitor.end();
                  const o = judgeJob(e.status, job.kind, monitor.summary, monitor.lastLines(40));
                  this.endJob(job, o.outcome === 'running' ? 'lost' : o.outcome, o.message);
                  // No runner drives this round in this window: its next phases wait for Resume.
                  if (!run.jobs.some((j) => j.state === 'running' && j.kind !== 'service')) {
                    const ok = job.state === 'succeeded';
                    this.phase(run, job.phase, ok ? 'done' : 'failed', job.message);
                    this.finish(run, ok ? 'stopped' : 'failed', ok ? `${job.title} finished while no runner was attached: Resume continues the round` : job.message);
                  }
                  onEnd?.(run, job);
                }
              }
            } catch (err) {
              this.log.appendLine(`[remote] reattach to ${job.runId} on ${run.host}: ${describeError(err)}`);
            } finally {
              this.tails.delete(job.runId);
            }
          })(),
        );
      }
    }
    return out;
  }

  /** A reattached job's monitor starts from what was saved about the log before its offset (steps, total, the last
   * error and lines): the tail reads only what came after, and the job is still judged on the whole run. */
  private resumeMonitor(job: JobEntry): void {
    if (this.monitors.has(job.runId)) return;
    const monitor = new RunMonitor();
    monitor.resumeFrom({ totalSteps: job.total, lastStep: job.step, lastError: job.lastError, lastLines: job.lastLines });
    this.monitors.set(job.runId, monitor);
  }

  /** Stops following (not the remote job). */
  detach(): void {
    for (const a of this.tails.values()) a.abort();
  }

  private update(): void {
    this.changed.fire();
    const snapshot = JSON.parse(JSON.stringify(this.entries)) as RoundRunEntry[];
    this.saving = this.saving.then(() => this.state.update(STATE_KEY, snapshot)).then(undefined, (e) => this.log.appendLine(`[remote] cannot save run state: ${describeError(e)}`));
  }

  flush(): Promise<void> {
    return this.saving;
  }
}
