// Slurm on a host: is it there, submit a run folder's sbatch.sh, ask squeue/sacct how the job is, scancel.
// Only job ids (digits) and validated run ids appear on command lines; the scripts are uploaded files.
import { SeifError } from '../errors';
import type { SshConnection } from './connection';
import { assertRunId } from './shell';
import { isSlurmActive, parseSacct, parseSbatchOutput, parseSlurmVersion, parseSqueue, type SlurmState } from './slurmOutput';

const RUNS_DIR = '.seif/runs';
const TOOLS = ['sbatch', 'squeue', 'sacct', 'scancel'] as const;

export interface SlurmProbe {
  /** All of sbatch, squeue, sacct and scancel are on the login PATH. */
  available: boolean;
  version?: string;
  missing: string[];
}

/** What a Slurm job is doing, as squeue (while queued or running) or sacct (after) tells. */
export interface SlurmJob {
  jobId: string;
  state: SlurmState;
  /** Slurm's own word for it (PENDING, RUNNING, "CANCELLED by 1001", TIMEOUT…). */
  rawState: string;
  /** Exit code of the batch script; 128 + signal when a signal ended it; null while it runs. */
  exitCode: number | null;
  /** Node list (squeue %N), empty while pending. */
  nodes: string;
}

export function assertSlurmJobId(id: string): string {
  if (!/^\d{1,12}$/.test(id)) throw new SeifError(`not a Slurm job id: ${JSON.stringify(id)}`);
  return id;
}

/** Whether the host runs Slurm: the four commands on the login PATH, and the version sbatch reports. */
export async function detectSlurm(conn: SshConnection): Promise<SlurmProbe> {
  const r = await conn.exec(`for c in ${TOOLS.join(' ')}; do command -v "$c" >/dev/null 2>&1 || echo "missing $c"; done; sbatch --version 2>/dev/null`);
  const missing = [...r.stdout.matchAll(/^missing (\w+)$/gm)].map((m) => m[1]!);
  return { available: missing.length === 0, version: parseSlurmVersion(r.stdout), missing };
}

/** Submits ~/.seif/runs/<runId>/sbatch.sh from its run folder, with the run id as the job name; returns the job id. */
export async function slurmSubmit(conn: SshConnection, runId: string): Promise<string> {
  const id = assertRunId(runId);
  const r = await conn.exec(`cd ${RUNS_DIR}/${id} && sbatch --parsable --job-name=${id} sbatch.sh`);
  if (r.code === 127) throw new SeifError(`${conn.spec.label} has no sbatch on its PATH: Slurm is not installed there (or not on the login PATH)`);
  if (r.code !== 0) throw new SeifError(`${conn.spec.label}: sbatch refused the job: ${(r.stderr || r.stdout).trim().replace(/\n/g, '; ')}`, `~/${RUNS_DIR}/${id}/sbatch.sh`);
  return parseSbatchOutput(r.stdout);
}

/** squeue while the job is queued or running; sacct (with the exit code) once it is not. */
export async function slurmJob(conn: SshConnection, jobId: string): Promise<SlurmJob> {
  const id = assertSlurmJobId(jobId);
  const q = await conn.exec(`squeue -h --jobs=${id} -o '%i|%T|%M|%N'`);
  if (q.code === 127) throw new SeifError(`${conn.spec.label} has no squeue on its PATH (Slurm job ${id})`);
  const queued = parseSqueue(q.stdout).get(id);
  if (queued && isSlurmActive(queued.state)) return { jobId: id, state: queued.state, rawState: queued.rawState, exitCode: null, nodes: queued.nodes };
  const a = await conn.exec(`sacct -n -P -j ${id} --format=JobID,State,ExitCode`);
  const done = a.code === 0 ? parseSacct(a.stdout, id) : undefined;
  if (done) return { jobId: id, state: done.state, rawState: done.rawState, exitCode: done.signal ? 128 + done.signal : done.exitCode, nodes: queued?.nodes ?? '' };
  // Without accounting, squeue still shows a job for a while after it ended (MinJobAge), without its exit code.
  if (queued) return { jobId: id, state: queued.state, rawState: queued.rawState, exitCode: null, nodes: queued.nodes };
  return { jobId: id, state: 'unknown', rawState: 'UNKNOWN', exitCode: null, nodes: '' };
}

/** scancel: Slurm sends TERM to the job's processes, KILL after the cluster's KillWait. A job that already ended is fine. */
export async function slurmCancel(conn: SshConnection, jobId: string): Promise<void> {
  const id = assertSlurmJobId(jobId);
  const r = await conn.exec(`scancel ${id}`);
  if (r.code === 0 || /already completing or completed/i.test(r.stderr)) return;
  throw new SeifError(`${conn.spec.label}: scancel ${id} failed: ${(r.stderr || r.stdout).trim() || `exit ${r.code}`}`);
}
