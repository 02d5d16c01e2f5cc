// Detached jobs in ~/.seif/runs/<id>/ driven through seifctl: launch, status, list, stop, log reads.
import crypto from 'node:crypto';
import { SeifError } from '../errors';
import { readAsset } from './assets';
import type { SshConnection } from './connection';
import { assertRunId } from './shell';

/** seifctl's path relative to the remote $HOME (exec starts there). */
export const SEIFCTL = '.seif/bin/seifctl-v1';
export const RUNS_DIR = '.seif/runs';

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

function toStatus(raw: Record<string, unknown>): JobStatus {
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
  };
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

/** Uploads the run folder (cmd.sh, spec.json, extra files) and starts it detached. Refuses an id already used. */
export async function launchJob(conn: SshConnection, req: LaunchRequest): Promise<JobStatus> {
  const id = assertRunId(req.id);
  await installSeifctl(conn);
  const dir = `${RUNS_DIR}/${id}`;
  const sftp = await conn.sftp();
  const exists = await new Promise<boolean>((resolve) => sftp.stat(`${dir}/.started`, (e) => resolve(!e)));
  if (exists) throw new SeifError(`run ${id} already exists on ${conn.spec.label}; pick another id or resume it`, `~/${dir}`);
  await conn.mkdirp(dir);
  for (const f of req.files ?? []) {
    if (f.name.includes('..') || f.name.startsWith('/')) throw new SeifError(`run file name ${JSON.stringify(f.name)} must stay inside the run folder`);
    if (f.name.includes('/')) await conn.mkdirp(`${dir}/${f.name.slice(0, f.name.lastIndexOf('/'))}`);
    await conn.writeFile(`${dir}/${f.name}`, f.data, f.mode ?? 0o644);
  }
  const spec: JobSpec = { ...req.spec, id, createdAt: new Date().toISOString() };
  await conn.writeFile(`${dir}/spec.json`, `${JSON.stringify(spec, null, 1)}\n`, 0o600);
  await conn.writeFile(`${dir}/cmd.sh`, req.script, 0o700);
  const [row] = await seifctl(conn, 'start', id);
  return { ...toStatus(row ?? { id, state: 'unknown' }), spec };
}

export async function jobStatus(conn: SshConnection, id: string): Promise<JobStatus> {
  const [row] = await seifctl(conn, 'status', id);
  return toStatus(row ?? { id, state: 'unknown' });
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
  await Promise.all(rows.map(async (row) => (row.spec = await readSpec(conn, row.id))));
  return rows.sort((a, b) => (a.startedAt ?? 0) - (b.startedAt ?? 0) || a.id.localeCompare(b.id));
}

/** TERM to the job's process group, KILL after `graceSeconds`; marks the stop as requested by the user. */
export async function stopJob(conn: SshConnection, id: string, graceSeconds = 30): Promise<JobStatus> {
  const [row] = await seifctl(conn, 'stop', id, graceSeconds);
  return toStatus(row ?? { id, state: 'unknown' });
}

/** Raw log bytes from a byte offset (SFTP, no shell). */
export function readJobLog(conn: SshConnection, id: string, offset = 0, max = 1 << 20): Promise<{ data: Buffer; size: number }> {
  return conn.readFrom(`${RUNS_DIR}/${assertRunId(id)}/log`, offset, max);
}

/** Reads a small file of the run folder (undefined when absent). */
export async function readJobFile(conn: SshConnection, id: string, name: string): Promise<string | undefined> {
  return (await conn.readFile(`${RUNS_DIR}/${assertRunId(id)}/${name}`))?.toString('utf8');
}
