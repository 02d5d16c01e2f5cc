// Slurm: the sbatch script around a job's cmd.sh, and reading squeue/sacct.
import { SeifError } from '../errors';
import type { JobPlan } from './types';

export interface SlurmOptions {
  partition?: string;
  account?: string;
  /** Wall time, e.g. 24:00:00. */
  time?: string;
  cpusPerTask?: number;
}

const TOKEN = /^[\w.:-]+$/;

function check(name: string, v: string | undefined): string | undefined {
  if (v !== undefined && !TOKEN.test(v)) throw new SeifError(`slurm ${name} ${JSON.stringify(v)} may contain only letters, digits, '.', ':', '_' and '-'`);
  return v;
}

/** The sbatch script: runs the run folder's cmd.sh, output appended to the same log as a detached job. */
export function renderSbatch(job: JobPlan, slurm: SlurmOptions, nnodes: number): string {
  const lines = [
    '#!/usr/bin/env bash',
    `#SBATCH --job-name=${job.id}`,
    `#SBATCH --output=%x.log`,
    '#SBATCH --open-mode=append',
    `#SBATCH --nodes=${job.kind === 'train' ? nnodes : 1}`,
    '#SBATCH --ntasks-per-node=1',
  ];
  if (job.gpus.length) lines.push(`#SBATCH --gres=gpu:${job.gpus.length}`);
  if (check('partition', slurm.partition)) lines.push(`#SBATCH --partition=${slurm.partition}`);
  if (check('account', slurm.account)) lines.push(`#SBATCH --account=${slurm.account}`);
  if (check('time', slurm.time)) lines.push(`#SBATCH --time=${slurm.time}`);
  if (slurm.cpusPerTask) lines.push(`#SBATCH --cpus-per-task=${Math.trunc(slurm.cpusPerTask)}`);
  lines.push(
    '# Slurm assigns the devices: drop the single-host CUDA_VISIBLE_DEVICES line of cmd.sh.',
    'export SEIF_RUN_DIR="$HOME/.seif/runs/$SLURM_JOB_NAME" PYTHONUNBUFFERED=1 RAY_COLOR_PREFIX=0',
    'cd "$SEIF_RUN_DIR"',
    `sed '/^export CUDA_VISIBLE_DEVICES=/d' cmd.sh > cmd.slurm.sh`,
    'bash cmd.slurm.sh >> log 2>&1; rc=$?',
    'printf "%s\\n" "$rc" > exit_code.tmp && mv -f exit_code.tmp exit_code',
    'exit "$rc"',
    '',
  );
  return lines.join('\n');
}

export type SlurmState = 'pending' | 'running' | 'completed' | 'failed' | 'cancelled' | 'timeout' | 'unknown';

function mapState(s: string): SlurmState {
  const v = s.toUpperCase().split(/\s/)[0]!;
  if (/^(PENDING|CONFIGURING|REQUEUED)/.test(v)) return 'pending';
  if (/^(RUNNING|COMPLETING|SUSPENDED)/.test(v)) return 'running';
  if (v === 'COMPLETED') return 'completed';
  if (v.startsWith('CANCELLED')) return 'cancelled';
  if (v === 'TIMEOUT') return 'timeout';
  if (/^(FAILED|NODE_FAIL|OUT_OF_MEMORY|BOOT_FAIL|DEADLINE|PREEMPTED)/.test(v)) return 'failed';
  return 'unknown';
}

/** `squeue -h -j ID -o '%i|%T|%M|%N'` → state per job id. */
export function parseSqueue(text: string): Map<string, { state: SlurmState; elapsed: string; nodes: string }> {
  const out = new Map<string, { state: SlurmState; elapsed: string; nodes: string }>();
  for (const line of text.split('\n')) {
    const [id, state, elapsed, nodes] = line.trim().split('|');
    if (id && state) out.set(id, { state: mapState(state), elapsed: elapsed ?? '', nodes: nodes ?? '' });
  }
  return out;
}

/** `sacct -n -P -j ID -o JobID,State,ExitCode` → the main job's final state and exit code. */
export function parseSacct(text: string, jobId: string): { state: SlurmState; exitCode: number | null } | undefined {
  for (const line of text.split('\n')) {
    const [id, state, exit] = line.trim().split('|');
    if (id !== jobId || !state) continue;
    const code = exit ? Number(exit.split(':')[0]) : NaN;
    return { state: mapState(state), exitCode: Number.isFinite(code) ? code : null };
  }
  return undefined;
}

/** `sbatch --parsable` prints `jobid[;cluster]`. */
export function parseSbatchOutput(text: string): string {
  const m = /^(\d+)(;\S+)?\s*$/m.exec(text.trim());
  if (!m) throw new SeifError(`sbatch did not print a job id: ${text.trim().slice(0, 200)}`);
  return m[1]!;
}
