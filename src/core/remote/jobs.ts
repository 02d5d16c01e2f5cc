// Jobs in ~/.seif/runs/<id>/: detached (setsid) through seifctl, or sbatch jobs on a Slurm host (slurmJobs.ts);
// launch, status, list, stop, log reads — the same for both.
import crypto from 'node:crypto';
import { SeifError } from '../errors';
import { readAsset } from './assets';
import type { SshConnection } from './connection';
import { RUNS_DIR, runPath, writeRunFolder } from './runFolder';
import { assertRunId } from './shell';
import type { SlurmJob } from './slurm';
import { slurmRunStatus, stopSlurmRun, submitSlurmRun } from './slurmJobs';

/** seifctl's path relative to the remote $HOME (exec starts there). */
export const SEIFCTL = '.seif/bin/seifctl-v1';
export { RUNS_DIR };

export type JobState = 'starting' | 'running' | 'exited' | 'failed' | 'stopped' | 'lost' | 'unknown';

export interface JobStatus {
  id: string;
  state: JobState;
  pid: number | null;
  exitCode: number | null;
  logSize: number;
  startedAt: number | null;
  endedAt: number | null;
  stopRequested: boolean;
  /** Host clock (epoch seconds) when the status was taken. */
  now: number;
  /** What the run is (spec.json), when asked for. */
  spec?: JobSpec;
  /** A run that Slurm runs: its job id and state (squeue/sacct). */
  slurm?: SlurmJob;
}

/** Metadata uploaded with every job; free-form beyond these fields. */
export interface JobSpec {
  id: string;
  createdAt: string;
  title?: string;
  round?: number;
  phase?: string;
  [key: string]: unknown;
}

export interface LaunchRequest {
  id: string;
  /** The bash script to run (uploaded as cmd.sh, never put on a command line). */
  script: string;
  spec?: Omit<JobSpec, 'id' | 'createdAt'>;
  /** Extra files for the run folder (config, launcher, reward entry points…). */
  files?: { name: string; data: string | Buffer; mode?: number }[];
  /** Submit with Slurm: this sbatch script (uploaded as sbatch.sh) runs cmd.sh, instead of a detached setsid job. */
  sbatch?: string;
}

const installed = new WeakMap<SshConnection, Map<string, Promise<void>>>();

/** Uploads a versioned asset to ~/.seif/bin/<remoteName> once per connection, only when the host's copy differs. */
export function ensureRemoteAsset(conn: SshConnection, asset: string, remoteName: string, mode = 0o755): Promise<void> {
  let perConn = installed.get(conn);
  if (!perConn) installed.set(conn, (perConn = new Map()));
  let p = perConn.get(remoteName);
  if (!p) {
    p = (async () => {
      const want = readAsset(asset);
      await conn.mkdirp('.seif/bin');
      await conn.mkdirp(RUNS_DIR);
      const have = await conn.readFile(`.seif/bin/${remoteName}`);
      const hash = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');
      if (!have || hash(have) !== hash(want)) await conn.writeFile(`.seif/bin/${remoteName}`, want, mode);
    })();
    perConn.set(remoteName, p);
    p.catch(() => perConn.delete(remoteName));
  }
  return p;
}

export function installSeifctl(conn: SshConnection): Promise<void> {
  return ensureRemoteAsset(conn, 'seifctl-v1.sh', 'seifctl-v1');
}

type StatusRow = JobStatus & { slurmJobId?: string };

function toStatus(raw: Record<string, unknown>): StatusRow {
  return {
    id: String(raw.id),
    state: (raw.state as JobState) ?? 'unknown',
    pid: (raw.pid as number | null) ?? null,
    exitCode: (raw.exit_code as number | null) ?? null,
    logSize: Number(raw.log_size ?? 0),
    startedAt: (raw.started_at as number | null) ?? null,
    endedAt: (raw.ended_at as number | null) ?? null,
    stopRequested: raw.stop_requested === true,
    now: Number(raw.now ?? 0),
    ...(typeof raw.slurm_job_id === 'string' ? { slurmJobId: raw.slurm_job_id } : {}),
  };
}

/** A seifctl row as the caller sees it: for a Slurm run, merged with what squeue/sacct say. */
async function finish(conn: SshConnection, row: StatusRow): Promise<JobStatus> {
  const { slurmJobId, ...st } = row;
  return slurmJobId ? slurmRunStatus(conn, st, slurmJobId) : st;
}

async function seifctl(conn: SshConnection, verb: string, id: string, ...numbers: number[]): Promise<Record<string, unknown>[]> {
  await installSeifctl(conn);
  const args = [verb, assertRunId(id), ...numbers.map((n) => String(Math.trunc(n)))];
  const r = await conn.exec(`bash ${SEIFCTL} ${args.join(' ')}`);
  const rows: Record<string, unknown>[] = [];
  for (const line of r.stdout.split('\n')) {
    if (!line.trim().startsWith('{')) continue;
    try {
      rows.push(JSON.parse(line) as Record<string, unknown>);
    } catch {}
  }
  const err = rows.find((x) => typeof x.error === 'string');
  if (err) throw new SeifError(`${conn.spec.label}: seifctl ${verb} ${id}: ${String(err.error)}`, `~/${RUNS_DIR}/${id}`);
  if (r.code !== 0 && rows.length === 0) {
    throw new SeifError(`${conn.spec.label}: seifctl ${verb} ${id} failed (exit ${r.code}): ${r.stderr.trim() || r.stdout.trim()}`, `~/${RUNS_DIR}/${id}`);
  }
  return rows;
}

/** Uploads the run folder (cmd.sh, spec.json, extra files) and starts it: detached (setsid), or with sbatch when
 * `req.sbatch` is given. Refuses an id already used. */
export async function launchJob(conn: SshConnection, req: LaunchRequest): Promise<JobStatus> {
  const id = assertRunId(req.id);
  await installSeifctl(conn);
  const spec: JobSpec = { ...req.spec, id, createdAt: new Date().toISOString(), ...(req.sbatch !== undefined ? { scheduler: 'slurm' } : {}) };
  if (req.sbatch !== undefined) {
    await submitSlurmRun(conn, id, req.files ?? [], spec, req.script, req.sbatch);
    return { ...(await jobStatus(conn, id)), spec };
  }
  await writeRunFolder(conn, id, req.files ?? [], spec, req.script);
  const [row] = await seifctl(conn, 'start', id);
  return { ...(await finish(conn, toStatus(row ?? { id, state: 'unknown' }))), spec };
}

export async function jobStatus(conn: SshConnection, id: string): Promise<JobStatus> {
  const [row] = await seifctl(conn, 'status', id);
  return finish(conn, toStatus(row ?? { id, state: 'unknown' }));
}

async function readSpec(conn: SshConnection, id: string): Promise<JobSpec | undefined> {
  const data = await conn.readFile(`${RUNS_DIR}/${id}/spec.json`).catch(() => undefined);
  if (!data) return undefined;
  try {
    return JSON.parse(data.toString('utf8')) as JobSpec;
  } catch {
    return undefined;
  }
}

/** Every job folder on the host with its state and spec, oldest first. */
export async function listJobs(conn: SshConnection): Promise<JobStatus[]> {
  await installSeifctl(conn);
  const r = await conn.exec(`bash ${SEIFCTL} list`);
  const rows = r.stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => toStatus(JSON.parse(l) as Record<string, unknown>));
  const out = await Promise.all(rows.map(async (row) => ({ ...(await finish(conn, row)), spec: await readSpec(conn, row.id) })));
  return out.sort((a, b) => (a.startedAt ?? 0) - (b.startedAt ?? 0) || a.id.localeCompare(b.id));
}

/** TERM to the job's process group, KILL after `graceSeconds`; marks the stop as requested by the user.
 * A Slurm job is cancelled with scancel (Slurm's own TERM, then KILL after the cluster's KillWait). */
export async function stopJob(conn: SshConnection, id: string, graceSeconds = 30): Promise<JobStatus> {
  const st = await jobStatus(conn, id);
  if (st.slurm) return stopSlurmRun(conn, id, st, graceSeconds, () => jobStatus(conn, id));
  const [row] = await seifctl(conn, 'stop', id, graceSeconds);
  return finish(conn, toStatus(row ?? { id, state: 'unknown' }));
}

/** Raw log bytes from a byte offset (SFTP, no shell). */
export function readJobLog(conn: SshConnection, id: string, offset = 0, max = 1 << 20): Promise<{ data: Buffer; size: number }> {
  return conn.readFrom(runPath(id, 'log'), offset, max);
}

/** Reads a small file of the run folder (undefined when absent). */
export async function readJobFile(conn: SshConnection, id: string, name: string): Promise<string | undefined> {
  return (await conn.readFile(runPath(id, name)))?.toString('utf8');
}
