// Slurm hosts: submit a run folder's sbatch script, poll squeue/sacct, cancel. Only job ids (digits) and
// validated run ids appear on command lines; the scripts are uploaded files.
import { SeifError } from '../errors';
import { parseSacct, parseSbatchOutput, parseSqueue, type SlurmState } from '../round/slurm';
import type { SshConnection } from './connection';
import { RUNS_DIR } from './jobs';
import { assertRunId } from './shell';

function jobIdOf(id: string): string {
  if (!/^\d+$/.test(id)) throw new SeifError(`not a Slurm job id: ${JSON.stringify(id)}`);
  return id;
}

/** Uploads cmd.sh, sbatch.sh and spec.json into ~/.seif/runs/<id>/ and submits; returns the Slurm job id. */
export async function slurmSubmit(conn: SshConnection, runId: string, cmd: string, sbatch: string, spec: object = {}): Promise<string> {
  const id = assertRunId(runId);
  const dir = `${RUNS_DIR}/${id}`;
  await conn.mkdirp(dir);
  await conn.writeFile(`${dir}/cmd.sh`, cmd, 0o700);
  await conn.writeFile(`${dir}/sbatch.sh`, sbatch, 0o700);
  await conn.writeFile(`${dir}/spec.json`, `${JSON.stringify({ ...spec, id, slurm: true, createdAt: new Date().toISOString() }, null, 1)}\n`, 0o600);
  const r = await conn.exec(`cd ${dir} && sbatch --parsable sbatch.sh`);
  if (r.code === 127) throw new SeifError(`${conn.spec.label} has no sbatch (Slurm is not installed there)`);
  if (r.code !== 0) throw new SeifError(`${conn.spec.label}: sbatch refused the job: ${(r.stderr || r.stdout).trim()}`, `~/${dir}/sbatch.sh`);
  const jobId = parseSbatchOutput(r.stdout);
  await conn.writeFile(`${dir}/slurm_job_id`, `${jobId}\n`);
  return jobId;
}

/** squeue while the job is queued or running, sacct once it has left the queue. */
export async function slurmState(conn: SshConnection, jobId: string): Promise<{ state: SlurmState; exitCode: number | null }> {
  const id = jobIdOf(jobId);
  const q = await conn.exec(`squeue -h -j ${id} -o '%i|%T|%M|%N'`);
  const queued = parseSqueue(q.stdout).get(id);
  if (queued) return { state: queued.state, exitCode: null };
  const a = await conn.exec(`sacct -n -P -j ${id} -o JobID,State,ExitCode`);
  return parseSacct(a.stdout, id) ?? { state: 'unknown', exitCode: null };
}

export async function slurmCancel(conn: SshConnection, jobId: string): Promise<void> {
  const r = await conn.exec(`scancel ${jobIdOf(jobId)}`);
  if (r.code !== 0) throw new SeifError(`${conn.spec.label}: scancel ${jobId} failed: ${(r.stderr || r.stdout).trim()}`);
}
