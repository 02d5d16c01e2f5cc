// What Slurm's commands print, read: `sbatch --parsable`, `squeue -h -o '%i|%T|%M|%N'`, `sacct -n -P
// --format=JobID,State,ExitCode`, `sbatch --version`.
import { SeifError } from '../errors';

export type SlurmState = 'pending' | 'running' | 'completed' | 'failed' | 'cancelled' | 'timeout' | 'unknown';

/** Slurm's long state name (PENDING, RUNNING, "CANCELLED by 1001"…) → what it means for a run. */
export function slurmStateOf(raw: string): SlurmState {
  const v = raw.trim().toUpperCase().split(/\s/)[0] ?? '';
  if (/^(PENDING|CONFIGURING|REQUEUED|REQUEUE_HOLD|REQUEUE_FED|RESV_DEL_HOLD)/.test(v)) return 'pending';
  if (/^(RUNNING|COMPLETING|SUSPENDED|STOPPED|SIGNALING|STAGE_OUT|RESIZING)/.test(v)) return 'running';
  if (v === 'COMPLETED') return 'completed';
  if (v.startsWith('CANCELLED')) return 'cancelled';
  if (v === 'TIMEOUT') return 'timeout';
  if (/^(FAILED|NODE_FAIL|OUT_OF_MEMORY|BOOT_FAIL|DEADLINE|PREEMPTED|REVOKED|SPECIAL_EXIT)/.test(v)) return 'failed';
  return 'unknown';
}

export function isSlurmActive(state: SlurmState): boolean {
  return state === 'pending' || state === 'running';
}

export interface SqueueRow {
  state: SlurmState;
  /** As squeue printed it (PENDING, RUNNING…). */
  rawState: string;
  elapsed: string;
  nodes: string;
}

/** `squeue -h -o '%i|%T|%M|%N'` → a row per job id. */
export function parseSqueue(text: string): Map<string, SqueueRow> {
  const out = new Map<string, SqueueRow>();
  for (const line of text.split('\n')) {
    const [id, state, elapsed, nodes] = line.trim().split('|');
    if (id && state) out.set(id.trim(), { state: slurmStateOf(state), rawState: state.trim(), elapsed: elapsed?.trim() ?? '', nodes: nodes?.trim() ?? '' });
  }
  return out;
}

export interface SacctRow {
  state: SlurmState;
  rawState: string;
  /** The exit code of the batch script (the part before ':'). */
  exitCode: number | null;
  /** The signal that ended it (the part after ':'), 0 when none. */
  signal: number;
}

/** `sacct -n -P -j ID --format=JobID,State,ExitCode` → the allocation's line (not its .batch/.extern steps). */
export function parseSacct(text: string, jobId: string): SacctRow | undefined {
  for (const line of text.split('\n')) {
    const [id, state, exit] = line.trim().split('|');
    if (id !== jobId || !state) continue;
    const [code, signal] = (exit ?? '').split(':').map((x) => Number(x));
    return { state: slurmStateOf(state), rawState: state.trim(), exitCode: Number.isInteger(code) ? code! : null, signal: Number.isInteger(signal) ? signal! : 0 };
  }
  return undefined;
}

/** `sbatch --parsable` prints `jobid[;cluster]`. */
export function parseSbatchOutput(text: string): string {
  const m = /^(\d+)(;\S+)?\s*$/m.exec(text.trim());
  if (!m) throw new SeifError(`sbatch did not print a job id: ${text.trim().slice(0, 200) || '(nothing)'}`);
  return m[1]!;
}

/** `sbatch --version` prints `slurm 23.02.7`. */
export function parseSlurmVersion(text: string): string | undefined {
  return /slurm[\s-]+(\d+(?:\.\d+)+\S*)/i.exec(text)?.[1];
}
