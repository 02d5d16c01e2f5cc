// Runs the phases of a planned round on a host: launches detached jobs, waits for role servers, follows
// logs, watches server health, stops at the review gate, uploads the curated data, records artefacts.
import path from 'node:path';
import { SeifError } from '../errors';
import type { SshConnection } from '../remote/connection';
import type { HostPool } from '../remote/hostPool';
import { jobStatus, launchJob, readJobFile, stopJob, type JobStatus } from '../remote/jobs';
import { judgeJob, RunMonitor, type Outcome, type PhaseProgress } from '../remote/runStatus';
import { shQuote } from '../remote/shell';
import { detectSlurm } from '../remote/slurm';
import { tailJob } from '../remote/tail';
import { findRound, loadManifest, saveManifest, type RunRecord } from '../workspace/manifest';
import { buildRunFiles } from './runFiles';
import { absolutePath } from './scripts';
import { PHASE_ORDER, type JobPlan, type PhaseId, type PlannedPhase, type RoundPlan } from './types';

export interface RoundEvents {
  phase?(phase: PhaseId, state: 'started' | 'done' | 'failed' | 'gate', message: string): void;
  job?(job: JobPlan, runId: string, status: JobStatus): void;
  /** A job's state changed (a Slurm job: PENDING → RUNNING → how it ended, with its job id). */
  status?(job: JobPlan, runId: string, status: JobStatus): void;
  lines?(job: JobPlan, runId: string, lines: string[]): void;
  progress?(job: JobPlan, runId: string, progress: PhaseProgress): void;
  /** No new step for `minutes` (the stall limit; fractions when it is under a minute). */
  stall?(job: JobPlan, runId: string, minutes: number): void;
}

export interface RunRoundOptions {
  pool: HostPool;
  host: string;
  plan: RoundPlan;
  /** Local workspace root (seif.json, curated data). */
  workspaceRoot: string;
  /** First phase to run (default: the first). */
  from?: PhaseId;
  /** Run only these phases (servers a job needs are started when not running). */
  only?: PhaseId[];
  /** The review gate was passed by the researcher (resume). */
  pastGate?: boolean;
  readyTimeoutMs?: number;
  probeIntervalMs?: number;
  stallMs?: number;
  watchdogIntervalMs?: number;
  /** Grace between TERM and KILL when stopping jobs. */
  stopGraceSeconds?: number;
  events?: RoundEvents;
  signal?: AbortSignal;
}

export interface RoundRunResult {
  completed: PhaseId[];
  gate?: { phase: PhaseId; message: string };
  failed?: { phase: PhaseId; runId: string; message: string };
  records: RunRecord[];
  /** Run ids of the jobs launched, by plan job id. */
  runIds: Record<string, string>;
}

/** A sleep that an abort ends early (so a finished job is not kept waiting for the watchdog's next tick). */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });
}

/** A node name as Slurm prints it (what a role server's sbatch job records in its run folder). */
const NODE = /^[A-Za-z0-9][A-Za-z0-9.-]{0,252}$/;

/** Checks a role server answers /v1/models, asked from the host (the login node of a Slurm cluster); `node` is
 * where the server runs (127.0.0.1 for a detached job). Port and node never carry user text. */
export async function probeServer(conn: SshConnection, port: number, node = '127.0.0.1'): Promise<boolean> {
  if (!NODE.test(node)) throw new SeifError(`not a node name: ${JSON.stringify(node)}`);
  const code = `import sys,urllib.request\ntry:\n urllib.request.urlopen("http://%s:%d/v1/models" % (sys.argv[2], int(sys.argv[1])), timeout=5).read()\nexcept Exception:\n sys.exit(1)`;
  const r = await conn.exec(`python3 -c ${shQuote(code)} ${Math.trunc(port)} ${node}`).catch(() => undefined);
  return r?.code === 0;
}

async function remoteHome(conn: SshConnection): Promise<string> {
  const r = await conn.exec('printf "%s" "$HOME"');
  if (r.code !== 0 || !r.stdout.startsWith('/')) throw new SeifError(`${conn.spec.label}: cannot read $HOME on the host`);
  return r.stdout;
}

export async function runRound(options: RunRoundOptions): Promise<RoundRunResult> {
  const { plan, pool, host } = options;
  const conn = () => pool.get(host);
  const home = await remoteHome(await conn());
  const result: RoundRunResult = { completed: [], records: [], runIds: {} };
  const ev = options.events ?? {};
  const started = new Map<string, string>(); // plan job id → run id of services this call launched or found running
  const startIndex = options.from ? PHASE_ORDER.indexOf(options.from) : 0;
  const phases = plan.phases.filter((p) => PHASE_ORDER.indexOf(p.id) >= startIndex && (!options.only || options.only.includes(p.id)));
  if (plan.phases.some((p) => p.jobs.some((j) => j.sbatch))) {
    const slurm = await detectSlurm(await conn());
    if (!slurm.available) throw new SeifError(`the plan runs its phases as sbatch jobs, but ${host} has no Slurm on its login PATH (missing ${slurm.missing.join(', ')}); plan without Slurm options to run detached jobs`);
  }
  /** Last state reported per run id (status events fire on changes only). */
  const reported = new Map<string, string>();
  const report = (job: JobPlan, runId: string, st: JobStatus) => {
    const key = `${st.state}|${st.slurm?.rawState ?? ''}|${st.slurm?.nodes ?? ''}`;
    if (reported.get(runId) === key) return;
    reported.set(runId, key);
    ev.status?.(job, runId, st);
  };
  /** Where a role server runs: the node its Slurm job recorded, or this host. */
  const nodes = new Map<string, string>();
  const serverNode = async (c: SshConnection, runId: string, st: JobStatus): Promise<string | undefined> => {
    if (!st.slurm) return '127.0.0.1';
    const known = nodes.get(runId);
    if (known) return known;
    const node = (await readJobFile(c, runId, 'node').catch(() => undefined))?.trim();
    if (!node) return undefined; // not started yet
    if (!NODE.test(node)) throw new SeifError(`the node recorded by Slurm job ${st.slurm.jobId} is not a node name: ${JSON.stringify(node)}`, `~/.seif/runs/${runId}/node`);
    nodes.set(runId, node);
    return node;
  };

  const record = async (phase: PhaseId, runId: string, outcome: Outcome) => {
    const rec: RunRecord = { phase, host, runId, outcome: outcome.outcome, message: outcome.message, at: new Date().toISOString() };
    result.records.push(rec);
    await updateManifest(options.workspaceRoot, plan.round, (r) => (r.runs = [...(r.runs ?? []), rec]));
  };

  /** A fresh run id: the planned one, or with -2, -3… when that folder already exists on the host. */
  const freshId = async (c: SshConnection, job: JobPlan): Promise<string> => {
    for (let n = 1; n < 100; n++) {
      const id = n === 1 ? job.id : `${job.id}-${n}`;
      if ((await jobStatus(c, id)).state === 'unknown') return id;
    }
    throw new SeifError(`too many runs named ${job.id} on ${host}`);
  };

  const launch = async (job: JobPlan, extra: { name: string; data: string }[] = []): Promise<string> => {
    const c = await conn();
    const runId = await freshId(c, job);
    const files = [...(await buildRunFiles(job, runId, { conn: c, remoteHome: home, seifDir: plan.seifDir, workspaceRoot: options.workspaceRoot })), ...extra];
    const spec = { title: job.title, round: plan.round, phase: job.phase, kind: job.kind, gpus: job.gpus, ...(job.server ? { port: job.server.port, role: job.server.role } : {}) };
    const status = await launchJob(c, { id: runId, script: job.script, files, spec, ...(job.sbatch ? { sbatch: job.sbatch } : {}) });
    result.runIds[job.id] = runId;
    ev.job?.(job, runId, status);
    report(job, runId, status);
    return runId;
  };

  const lastLines = async (runId: string): Promise<string[]> => {
    const c = await conn();
    const st = await jobStatus(c, runId);
    const { data } = await c.readFrom(`.seif/runs/${runId}/log`, Math.max(0, st.logSize - 8192), 8192);
    return data.toString('utf8').split('\n').slice(-40);
  };

  /** Starts (or finds running) a role server and waits until /v1/models answers. */
  const ensureServer = async (job: JobPlan): Promise<string> => {
    const c = await conn();
    const known = started.get(job.id);
    if (known) {
      const st = await jobStatus(c, known);
      const node = st.state === 'running' ? await serverNode(c, known, st) : undefined;
      if (node && (await probeServer(c, job.server!.port, node))) return known;
    }
    const runId = await launch(job);
    started.set(job.id, runId);
    const readyMs = options.readyTimeoutMs ?? 30 * 60_000;
    let deadline = Date.now() + readyMs;
    for (let attempt = 0; ; attempt++) {
      const c = await conn();
      const st = await jobStatus(c, runId);
      report(job, runId, st);
      if (st.state !== 'running' && st.state !== 'starting') {
        const lines = await lastLines(runId);
        const o = judgeJob(st, 'service', { steps: [], checkpoints: [], errors: [] }, lines);
        throw new SeifError(`${job.title} (${runId}) exited before it was ready: ${o.message}`, `~/.seif/runs/${runId}/log`);
      }
      // Time in Slurm's queue does not count against the readiness timeout.
      if (st.slurm?.state === 'pending') deadline = Date.now() + readyMs;
      const node = await serverNode(c, runId, st);
      if (node && (await probeServer(c, job.server!.port, node))) return runId;
      if (Date.now() > deadline) throw new SeifError(`${job.title} (${runId}) did not answer http://${node ?? '127.0.0.1'}:${job.server!.port}/v1/models within ${Math.round((options.readyTimeoutMs ?? 1_800_000) / 1000)} s`);
      // Probe soon after the launch, then back off to the interval (a real model takes minutes to load).
      await sleep(Math.min(options.probeIntervalMs ?? 2000, 200 * 2 ** attempt), options.signal);
    }
  };

  const stopService = async (planJobId: string) => {
    const runId = started.get(planJobId);
    if (!runId) return;
    started.delete(planJobId);
    await stopJob(await conn(), runId, options.stopGraceSeconds ?? 30).catch(() => undefined);
  };

  /** `port node` lines: where the servers a Slurm job needs run (its sbatch.sh points 127.0.0.1:port there). */
  const serverHosts = async (needs: { job: JobPlan; runId: string }[]): Promise<{ name: string; data: string }[]> => {
    const c = await conn();
    const lines: string[] = [];
    for (const n of needs) {
      const node = await serverNode(c, n.runId, await jobStatus(c, n.runId));
      if (node && node !== '127.0.0.1') lines.push(`${n.job.server!.port} ${node}`);
    }
    return lines.length ? [{ name: 'server_hosts', data: `${lines.join('\n')}\n` }] : [];
  };

  /** Runs a finite job to its end: follows the log, watches the servers it needs, judges the outcome. */
  const runFinite = async (job: JobPlan, needs: { job: JobPlan; runId: string }[]): Promise<{ runId: string; outcome: Outcome }> => {
    const runId = await launch(job, job.sbatch ? await serverHosts(needs) : []);
    const monitor = new RunMonitor();
    let failure: string | undefined;
    const abort = new AbortController();
    options.signal?.addEventListener('abort', () => abort.abort(), { once: true });
    const stallMs = options.stallMs ?? 30 * 60_000;
    let stallReported = false;
    const watchdog = (async () => {
      const misses = new Map<string, number>();
      while (!abort.signal.aborted) {
        await sleep(options.watchdogIntervalMs ?? 10_000, abort.signal);
        if (abort.signal.aborted) break;
        const c = await conn().catch(() => undefined);
        if (!c) continue;
        if (job.sbatch) {
          // A Slurm job: report PENDING → RUNNING; the stall clock starts when it runs, not while it is queued.
          const own = await jobStatus(c, runId).catch(() => undefined);
          if (own) report(job, runId, own);
          if (own?.state === 'starting') monitor.restartClock();
        }
        for (const n of needs) {
          const st = await jobStatus(c, n.runId).catch(() => undefined);
          const node = st ? await serverNode(c, n.runId, st).catch(() => undefined) : undefined;
          const up = st?.state === 'running' && node !== undefined && (await probeServer(c, n.job.server!.port, node));
          const count = up ? 0 : (misses.get(n.runId) ?? 0) + 1;
          misses.set(n.runId, count);
          if (count >= 2 && !failure) {
            // SEIF's reward exits 0 when a server is down: stop the run now and call it what it is.
            failure = `role server ${n.job.server!.role} (${n.runId}, port ${n.job.server!.port}) died during ${job.title}; the run was stopped`;
            await c.writeFile(`.seif/runs/${runId}/failure.txt`, `${failure}\n`).catch(() => undefined);
            await stopJob(c, runId, options.stopGraceSeconds ?? 30).catch(() => undefined);
          }
        }
        if (!stallReported && job.kind === 'train' && monitor.stalled(stallMs)) {
          stallReported = true;
          ev.stall?.(job, runId, stallMs / 60_000);
        }
      }
    })();
    let status: JobStatus | undefined;
    try {
      let sawOutput = false;
      for await (const e of tailJob(conn, runId, { follow: true, signal: abort.signal })) {
        if (e.type === 'lines') {
          if (job.sbatch && !sawOutput) {
            // Output means Slurm started the job: say so now, not at the watchdog's next tick.
            sawOutput = true;
            const st = await jobStatus(await conn(), runId).catch(() => undefined);
            if (st) report(job, runId, st);
          }
          monitor.feed(e.lines);
          ev.lines?.(job, runId, e.lines);
          ev.progress?.(job, runId, monitor.progress());
        } else if (e.type === 'end') status = e.status;
      }
    } finally {
      abort.abort();
      await watchdog;
    }
    monitor.end();
    status ??= await jobStatus(await conn(), runId);
    report(job, runId, status);
    failure ??= (await readJobFile(await conn(), runId, 'failure.txt').catch(() => undefined))?.trim() || undefined;
    return { runId, outcome: judgeJob(status, job.kind, monitor.summary, monitor.lastLines(40), failure) };
  };

  const recordCheckpoint = async (job: JobPlan) => {
    const c = await conn();
    const save = absolutePath(job.saveDir!, home);
    const step = (await c.readFile(`${save}/latest_global_step.txt`))?.toString('utf8').trim();
    if (!step || !/^\d+$/.test(step)) throw new SeifError(`no latest_global_step.txt after the merge`, `${save}/latest_global_step.txt`, host);
    const hf = `${save}/global_step_${step}/actor/huggingface`;
    await updateManifest(options.workspaceRoot, plan.round, (r) => (r.checkpoints = { ...r.checkpoints, [job.produces!]: hf }));
  };

  const upload = async () => {
    const local = plan.data.curatedLocal;
    if (!local) throw new SeifError(`no curated dataset for round ${plan.round}: export one in the SEIF sidebar first (seif.json rounds[].curated)`, path.join(options.workspaceRoot, 'seif.json'));
    const file = path.resolve(options.workspaceRoot, local);
    const c = await conn();
    const target = absolutePath(plan.data.curatedRemote, home);
    const dir = target.slice(0, target.lastIndexOf('/'));
    await c.mkdirp(dir);
    // Upload beside the target, then rename: a failed upload leaves the host as it was.
    const tmp = `${target}.uploading`;
    await c.upload(file, tmp);
    const sftp = await c.sftp();
    await new Promise<void>((resolve, reject) =>
      sftp.ext_openssh_rename(tmp, target, (e) => (e ? reject(new SeifError(`cannot move the uploaded file into place: ${e.message}`, target, host)) : resolve())),
    );
  };

  const runPhase = async (phase: PlannedPhase): Promise<boolean> => {
    ev.phase?.(phase.id, 'started', phase.title);
    if (phase.id === 'review') {
      if (options.pastGate) return true;
      result.gate = { phase: phase.id, message: phase.gate ?? 'review gate' };
      ev.phase?.(phase.id, 'gate', result.gate.message);
      return false;
    }
    if (phase.id === 'upload') {
      await upload();
      return true;
    }
    // Role servers load their models in parallel (minutes each for a real checkpoint).
    await Promise.all(phase.jobs.filter((j) => j.kind === 'service').map(ensureServer));
    for (const job of phase.jobs) {
      if (job.kind === 'service') continue;
      const serverJobs = (job.needs ?? []).map((id) => plan.phases.flatMap((p) => p.jobs).find((j) => j.id === id)!);
      const needs = await Promise.all(serverJobs.map(async (j) => ({ job: j, runId: await ensureServer(j) })));
      const { runId, outcome } = await runFinite(job, needs);
      await record(phase.id, runId, outcome);
      if (outcome.outcome !== 'succeeded') {
        result.failed = { phase: phase.id, runId, message: outcome.message };
        return false;
      }
      if (job.produces) await recordCheckpoint(job);
    }
    for (const id of phase.stopAfter) await stopService(id);
    return true;
  };

  try {
    for (const phase of phases) {
      let ok: boolean;
      try {
        ok = await runPhase(phase);
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        result.failed = { phase: phase.id, runId: '', message };
        ev.phase?.(phase.id, 'failed', message);
        throw e;
      }
      if (!ok) {
        if (result.failed) ev.phase?.(phase.id, 'failed', result.failed.message);
        break;
      }
      result.completed.push(phase.id);
      ev.phase?.(phase.id, 'done', phase.title);
    }
  } finally {
    // Servers left running by a failure or a gate hold GPUs: stop what this call started.
    for (const id of [...started.keys()]) await stopService(id);
  }
  return result;
}

async function updateManifest(root: string, round: number, change: (r: NonNullable<ReturnType<typeof findRound>>) => void): Promise<void> {
  const manifest = await loadManifest(root);
  if (!manifest) return;
  let r = findRound(manifest, round);
  if (!r) {
    r = { t: round, datasets: [], checkpoints: {} };
    manifest.rounds.push(r);
  }
  change(r);
  await saveManifest(root, manifest);
}
