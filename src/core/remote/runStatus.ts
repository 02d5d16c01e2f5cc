// What a phase's job means: progress (step/total, reward mean, ETA), stalls, and an honest outcome
// (exit code 0 is not success unless the last step was reached).
import type { JobStatus } from './jobs';
import { applyVerlEvent, VerlLogParser, type VerlLogSummary } from './verlLog';

export interface PhaseProgress {
  step?: number;
  total?: number;
  /** reward/overall of the latest step. */
  rewardMean?: number;
  etaSeconds?: number;
  /** When the latest step was seen (ms since epoch, local clock). */
  lastStepAt?: number;
  checkpoints: number[];
  lastError?: string;
}

/** Feeds log lines as they arrive; keeps the summary, step arrival times and the last lines for diagnosis. */
export class RunMonitor {
  readonly summary: VerlLogSummary = { steps: [], checkpoints: [], errors: [] };
  private readonly parser = new VerlLogParser((e) => {
    applyVerlEvent(this.summary, e);
    if (e.type === 'step') this.stepTimes.push({ step: e.step, at: this.now() });
  });
  private readonly stepTimes: { step: number; at: number }[] = [];
  private readonly tail: string[] = [];
  private startedAt: number;

  constructor(private readonly now: () => number = Date.now) {
    this.startedAt = now();
  }

  /** A monitor picking up a log at a saved offset: what was known of the part before it (never read again). */
  resumeFrom(known: { totalSteps?: number; lastStep?: number; lastError?: string; lastLines?: string[] }): void {
    if (known.totalSteps !== undefined) this.summary.totalSteps ??= known.totalSteps;
    if (known.lastStep !== undefined) this.summary.lastStep = Math.max(this.summary.lastStep ?? 0, known.lastStep);
    if (known.lastError) this.summary.errors.unshift({ message: known.lastError, traceback: [] });
    if (known.lastLines?.length) this.tail.unshift(...known.lastLines);
  }

  /** The job only starts now (it waited in a queue): the stall clock counts from here until the first step. */
  restartClock(): void {
    this.startedAt = this.now();
  }

  feed(lines: string[]): void {
    for (const l of lines) {
      this.parser.feed(l);
      this.tail.push(l);
    }
    if (this.tail.length > 200) this.tail.splice(0, this.tail.length - 200);
  }

  end(): void {
    this.parser.end();
  }

  lastLines(n = 20): string[] {
    return this.tail.slice(-n);
  }

  progress(): PhaseProgress {
    const s = this.summary;
    const last = s.steps[s.steps.length - 1];
    const reward = last?.metrics['reward/overall'];
    const p: PhaseProgress = {
      step: s.lastStep,
      total: s.totalSteps,
      rewardMean: typeof reward === 'number' ? reward : undefined,
      lastStepAt: this.stepTimes[this.stepTimes.length - 1]?.at,
      checkpoints: s.checkpoints.map((c) => c.step),
      lastError: s.errors[s.errors.length - 1]?.message,
    };
    if (p.step !== undefined && p.total !== undefined) {
      const recent = this.stepTimes.slice(-6);
      let perStep: number | undefined;
      if (recent.length >= 2) perStep = (recent[recent.length - 1]!.at - recent[0]!.at) / 1000 / (recent[recent.length - 1]!.step - recent[0]!.step);
      else {
        const t = last?.metrics['timing_s/step'];
        if (typeof t === 'number') perStep = t;
      }
      if (perStep !== undefined && Number.isFinite(perStep)) p.etaSeconds = Math.max(0, Math.round(perStep * (p.total - p.step)));
    }
    return p;
  }

  /** No new step for `stallMs` (counted from the start until the first step). */
  stalled(stallMs: number, now = this.now()): boolean {
    const since = this.stepTimes[this.stepTimes.length - 1]?.at ?? this.startedAt;
    return now - since > stallMs;
  }
}

export type PhaseKind = 'train' | 'service' | 'task';

export interface Outcome {
  outcome: 'running' | 'succeeded' | 'failed' | 'stopped' | 'lost' | 'incomplete';
  message: string;
}

/** Judges a finished (or running) job from its status and log. `failure` is a reason recorded by the watchdog. */
export function judgeJob(status: JobStatus, kind: PhaseKind, summary: VerlLogSummary, lastLines: string[], failure?: string): Outcome {
  const text = lastLines.join('\n');
  if (failure) return { outcome: 'failed', message: failure };
  if (status.state === 'running' || status.state === 'starting') return { outcome: 'running', message: 'running' };
  if (status.state === 'stopped') return { outcome: 'stopped', message: `stopped by the user (exit ${status.exitCode ?? '?'})` };
  const slurm = slurmVerdict(status);
  if (slurm) return slurm;
  if (status.state === 'lost') return { outcome: 'lost', message: 'the job vanished without an exit code (killed, OOM killer, or the host rebooted)' };
  if (status.state === 'unknown') return { outcome: 'lost', message: `no run folder ~/.seif/runs/${status.id} on the host` };
  const nf = /^(?:.*?: )?(?:line \d+: )?(\S+): (?:command not found|No such file or directory)$/m.exec(text);
  if (/No space left on device|Disk quota exceeded/i.test(text)) return { outcome: 'failed', message: `the host's disk is full (No space left on device); exit ${status.exitCode}` };
  if (status.exitCode === 127 && nf) return { outcome: 'failed', message: `command not found on the host: ${nf[1]} (exit 127)` };
  if (status.exitCode === 127) return { outcome: 'failed', message: 'command not found on the host (exit 127)' };
  const err = summary.errors[summary.errors.length - 1]?.message;
  if (status.exitCode !== 0) {
    const tail = lastLines.filter((l) => l.trim()).slice(-1)[0];
    return { outcome: 'failed', message: `exit ${status.exitCode}${err ? `: ${err}` : tail ? `: ${tail.trim()}` : ''}` };
  }
  if (kind === 'train') {
    if (summary.totalSteps === undefined) return { outcome: 'incomplete', message: 'exited 0 but never printed "Total training steps" (did the trainer start?)' };
    if ((summary.lastStep ?? 0) < summary.totalSteps) {
      return {
        outcome: 'incomplete',
        message: `exited 0 after step ${summary.lastStep ?? 0} of ${summary.totalSteps}: not a success (SEIF's reward exits 0 when a role server is unreachable)`,
      };
    }
    return { outcome: 'succeeded', message: `reached step ${summary.lastStep} of ${summary.totalSteps}` };
  }
  if (kind === 'service') return { outcome: 'failed', message: 'the server exited (exit 0) but should run until stopped' };
  return { outcome: 'succeeded', message: 'exit 0' };
}

/** How Slurm ended a job when its batch script could not say (time limit, a cancel by someone else, a node failure). */
function slurmVerdict(status: JobStatus): Outcome | undefined {
  const job = status.slurm;
  if (!job) return undefined;
  const name = `Slurm job ${job.jobId}`;
  if (job.state === 'timeout') return { outcome: 'failed', message: `${name} reached its time limit (TIMEOUT); resume continues from the last checkpoint` };
  if (job.state === 'cancelled' && status.state !== 'stopped') return { outcome: 'failed', message: `${name} was cancelled outside SEIF Studio (${job.rawState})` };
  if (job.state === 'failed' && status.exitCode === null) return { outcome: 'failed', message: `${name} ended ${job.rawState}` };
  if (status.state === 'lost') return { outcome: 'lost', message: `${name} is known to neither squeue nor sacct (purged from accounting?)` };
  return undefined;
}
