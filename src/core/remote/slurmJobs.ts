// Jobs of a run folder that Slurm runs (sbatch.sh next to cmd.sh): submit, status from squeue/sacct merged with
// what the run folder records, stop with scancel. The log, exit_code and stop_requested are the same files a
// detached (setsid) job has, so tails, judging and the Runs view treat both alike.
import { SeifError } from '../errors';
import type { SshConnection } from './connection';
import type { JobStatus } from './jobs';
import { markStarted, runPath, writeRunFolder, type RunFolderFile } from './runFolder';
import { slurmCancel, slurmJob, slurmSubmit, type SlurmJob } from './slurm';
import { isSlurmActive } from './slurmOutput';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Uploads the run folder with sbatch.sh and an empty log, submits it, records slurm_job_id; returns the job id. */
export async function submitSlurmRun(conn: SshConnection, id: string, files: RunFolderFile[], spec: object, script: string, sbatch: string): Promise<string> {
  await writeRunFolder(conn, id, [...files, { name: 'sbatch.sh', data: sbatch, mode: 0o700 }], spec, script);
  await conn.writeFile(runPath(id, 'log'), '');
  await markStarted(conn, id);
  let jobId: string;
  try {
    jobId = await slurmSubmit(conn, id);
  } catch (e) {
    // The run folder says why it never ran, and counts as failed (never as starting forever).
    await conn.writeFile(runPath(id, 'log'), `[seif] ${(e as Error).message}\n`).catch(() => undefined);
    await conn.writeFile(runPath(id, 'exit_code'), '1\n').catch(() => undefined);
    throw e;
  }
  await conn.writeFile(runPath(id, 'slurm_job_id'), `${jobId}\n`);
  return jobId;
}

/** The run folder's status with Slurm's view of the job: queued → starting, running, and how it ended when
 * the batch script could not record it (scancel, time limit, node failure). */
export function mergeSlurmJob(st: JobStatus, job: SlurmJob): JobStatus {
  const out: JobStatus = { ...st, slurm: job };
  if (st.exitCode !== null) return out; // sbatch.sh recorded how cmd.sh ended
  switch (job.state) {
    case 'pending':
      return { ...out, state: 'starting' };
    case 'running':
      return { ...out, state: 'running' };
    case 'completed':
      return { ...out, state: job.exitCode ? 'failed' : 'exited', exitCode: job.exitCode ?? 0 };
    case 'cancelled':
      return { ...out, state: st.stopRequested ? 'stopped' : 'failed', exitCode: job.exitCode };
    case 'failed':
    case 'timeout':
      return { ...out, state: 'failed', exitCode: job.exitCode };
    default:
      return { ...out, state: 'lost' };
  }
}

/** Asks Slurm about the run's job. Right after the batch script wrote exit_code Slurm may still list the job as
 * running for a moment: wait (≤ 3 s) for its final word, so a time limit or a cancel is named as such. */
export async function slurmRunStatus(conn: SshConnection, st: JobStatus, jobId: string): Promise<JobStatus> {
  let job = await slurmJob(conn, jobId);
  for (let i = 0; i < 6 && st.exitCode !== null && isSlurmActive(job.state); i++) {
    await sleep(500);
    job = await slurmJob(conn, jobId);
  }
  return mergeSlurmJob(st, job);
}

/** scancel (Slurm sends TERM, then KILL after its KillWait), marked as a user stop; waits until the job left the queue. */
export async function stopSlurmRun(conn: SshConnection, id: string, st: JobStatus, graceSeconds: number, status: () => Promise<JobStatus>): Promise<JobStatus> {
  const job = st.slurm;
  if (!job) throw new SeifError(`run ${id} is not a Slurm job`);
  if (!isSlurmActive(job.state)) return st;
  await conn.writeFile(runPath(id, 'stop_requested'), '');
  await slurmCancel(conn, job.jobId);
  const deadline = Date.now() + (Math.max(0, graceSeconds) + 60) * 1000;
  for (;;) {
    const now = await status();
    if ((now.state !== 'running' && now.state !== 'starting') || Date.now() > deadline) return now;
    await sleep(300);
  }
}
