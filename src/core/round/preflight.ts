// "SEIF: Check Host": one uploaded Python check on the host, returned as a checklist, plus the repair of
// SEIF's corrupted sources as a reviewable patch (applied only when the researcher accepts it).
import { SeifError } from '../errors';
import type { SshConnection } from '../remote/connection';
import { ensureRemoteAsset } from '../remote/jobs';
import { detectSlurm, type SlurmProbe } from '../remote/slurm';

const PREFLIGHT = '.seif/bin/seif_preflight-v1.py';

export type CheckStatus = 'ok' | 'warn' | 'fail';

export interface PreflightCheck {
  id: 'connection' | 'python' | 'checkout' | 'corruption' | 'syntax' | 'imports' | 'gpus' | 'disk' | 'ports' | 'scheduler';
  title: string;
  status: CheckStatus;
  detail: string;
  fixable?: boolean;
}

export interface RepairPatch {
  file: string;
  hunks: { line: number; before: string; after: string }[];
}

export interface PreflightResult {
  host: string;
  ok: boolean;
  checks: PreflightCheck[];
  patches: RepairPatch[];
  /** The repair as a unified diff, for review. */
  patchText: string;
  busyPorts: number[];
  freeGb?: number;
  gpus?: string[];
  /** Slurm on the host's login PATH: phases then run as sbatch jobs. */
  slurm: SlurmProbe;
}

export interface PreflightOptions {
  seifDir: string;
  workDir?: string;
  ports?: number[];
  minFreeGb?: number;
  python?: string;
}

/** A unified diff of the repair (one hunk per changed line). */
export function renderRepairDiff(patches: RepairPatch[]): string {
  const out: string[] = [];
  for (const p of patches) {
    out.push(`--- a/${p.file}`, `+++ b/${p.file}`);
    for (const h of p.hunks) out.push(`@@ -${h.line},1 +${h.line},1 @@`, `-${h.before}`, `+${h.after}`);
  }
  return out.length ? `${out.join('\n')}\n` : '';
}

async function callPreflight(conn: SshConnection, request: object, python: string): Promise<Record<string, unknown>> {
  if (!/^[\w./-]+$/.test(python)) throw new SeifError(`python must be a plain command or path, not ${JSON.stringify(python)}`);
  await ensureRemoteAsset(conn, 'seif_preflight.py', 'seif_preflight-v1.py', 0o644);
  // The request travels on stdin: no path or port appears on the command line.
  const r = await conn.exec(`${python} ${PREFLIGHT}`, { stdin: JSON.stringify(request), timeoutMs: 120_000 });
  if (r.code === 127) throw new SeifError(`${conn.spec.label}: ${python} not found on the host (${r.stderr.trim() || 'command not found'})`);
  const line = r.stdout.trim().split('\n').pop() ?? '';
  try {
    const parsed = JSON.parse(line) as Record<string, unknown>;
    if (typeof parsed.error === 'string') throw new SeifError(`${conn.spec.label}: host check refused: ${parsed.error}`);
    return parsed;
  } catch (e) {
    if (e instanceof SeifError) throw e;
    throw new SeifError(`${conn.spec.label}: the host check printed no result (exit ${r.code}): ${(r.stderr || r.stdout).trim().slice(-300)}`);
  }
}

export async function runPreflight(conn: SshConnection, options: PreflightOptions): Promise<PreflightResult> {
  const python = options.python ?? 'python3';
  const raw = await callPreflight(conn, { seifDir: options.seifDir, workDir: options.workDir ?? options.seifDir, ports: options.ports ?? [], minFreeGb: options.minFreeGb ?? 200 }, python);
  const checks: PreflightCheck[] = [
    { id: 'connection', title: 'SSH connection', status: 'ok', detail: `${conn.spec.user}@${conn.spec.host}:${conn.spec.port}${conn.spec.jump ? ` via ${conn.spec.jump.label}` : ''}` },
    { id: 'python', title: 'Python on the host', status: 'ok', detail: `${python} ${String(raw.python)}` },
    ...(raw.checks as PreflightCheck[]),
  ];
  const slurm = await detectSlurm(conn);
  checks.push(schedulerCheck(slurm));
  if (slurm.available) {
    // A login node has no GPUs of its own: Slurm allocates them per job (--gres).
    const gpus = checks.find((c) => c.id === 'gpus');
    if (gpus?.status === 'fail') Object.assign(gpus, { status: 'warn', detail: `${gpus.detail} — on a Slurm login node that is expected: each job gets its GPUs from Slurm (--gres=gpu:N)` });
  }
  const patches = (raw.patches as RepairPatch[] | undefined) ?? [];
  return {
    host: conn.spec.label,
    ok: checks.every((c) => c.status !== 'fail'),
    checks,
    patches,
    patchText: renderRepairDiff(patches),
    busyPorts: (raw.busyPorts as number[] | undefined) ?? [],
    freeGb: raw.freeGb as number | undefined,
    gpus: raw.gpus as string[] | undefined,
    slurm,
  };
}

function schedulerCheck(slurm: SlurmProbe): PreflightCheck {
  const title = 'Job scheduler';
  if (slurm.available) return { id: 'scheduler', title, status: 'ok', detail: `Slurm ${slurm.version ?? '(version unknown)'}: phases run as sbatch jobs (squeue/sacct polling, scancel to stop)` };
  if (slurm.missing.length < 4) return { id: 'scheduler', title, status: 'warn', detail: `partial Slurm on the login PATH (missing ${slurm.missing.join(', ')}): phases run as detached setsid jobs` };
  return { id: 'scheduler', title, status: 'ok', detail: 'no Slurm: phases run as detached setsid jobs on this host' };
}

/** Applies the reviewed repair to the listed files (originals kept as <file>.orig); returns the files changed. */
export async function repairSeifCheckout(conn: SshConnection, seifDir: string, files: string[], python = 'python3'): Promise<string[]> {
  for (const f of files) if (f.startsWith('/') || f.split('/').includes('..')) throw new SeifError(`repair target must be inside the SEIF checkout: ${f}`);
  const raw = await callPreflight(conn, { seifDir, workDir: seifDir, ports: [], minFreeGb: 0, repair: files }, python);
  return (raw.repaired as string[] | undefined) ?? [];
}
