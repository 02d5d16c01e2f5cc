// "SEIF: Start Round" / "SEIF: Continue Round": plan round T from seif.json, let the researcher edit it
// (quick picks, planEditor.ts), show the exact commands (dry run), confirm, then drive the phases with the core
// runner — as sbatch jobs when the host has Slurm — reflecting them in the Runs view. Only in a trusted workspace. At the review gate q_T is downloaded into the workspace and revealed in the
// Rounds view; "Continue Round" uploads the curated export and runs the Follower phases.
import * as vscode from 'vscode';
import fs from 'node:fs';
import path from 'node:path';
import { describeError, SeifError } from '../../core/errors';
import { absolutePath } from '../../core/round/scripts';
import { detectSlurm } from '../../core/remote/index';
import {
  latestSavedStep,
  loadSavedPlan,
  planRound,
  runPreflight,
  runRound,
  savePlan,
  PHASE_ORDER,
  type PhaseId,
  type PlanOptions,
  type RoundPlan,
  type RoundRunResult,
} from '../../core/round/index';
import { findRound, loadManifest, saveManifest, type Manifest } from '../../core/workspace/manifest';
import { writeFileAtomic } from '../../core/util/atomic';
import type { SeifStudioApi } from '../extension';
import type { RoundNode } from '../tree/nodes';
import type { Hosts, HostAnswers } from './hosts';
import type { RemoteDocuments } from './checkHost';
import { checklistMarkdown } from './checkHost';
import type { RoundRunEntry, RunsStore } from './runs';
import { dryRunMarkdown } from './dryRun';
import { editPlan } from './planEditor';
import type { RemotePrompts } from './prompts';

/** Runner timings (tests make the stand-ins fast; defaults suit real models). */
export interface RoundTimings {
  readyTimeoutMs?: number;
  probeIntervalMs?: number;
  watchdogIntervalMs?: number;
  stallMs?: number;
  stopGraceSeconds?: number;
}

export interface StartRoundArgs extends HostAnswers {
  host?: string;
  round?: number;
  /** Plan options (seifDir, workDir, gpus, serverGpus, followerEpochs, basePort, runPrefix, overrides…). */
  options?: Omit<PlanOptions, 'host' | 'workspaceRoot' | 'busyPorts' | 'resume' | 'now'>;
  /** Run one phase alone. */
  phase?: PhaseId;
  /** How the phases run: 'auto' (default) as sbatch jobs when the host has Slurm, else detached; or forced. */
  scheduler?: 'auto' | 'slurm' | 'setsid';
  /** Launch without the confirmation dialog (the dry run document is still written). */
  confirm?: boolean;
  /** Launch although the host check found problems (otherwise asked). */
  ignorePreflight?: boolean;
  minFreeGb?: number;
  timings?: RoundTimings;
}

export interface ContinueRoundArgs extends HostAnswers {
  round?: number;
  host?: string;
  /** Phase to continue from (default: after the gate → upload; after a failure → that phase). */
  from?: PhaseId;
  timings?: RoundTimings;
}

export interface StartRoundOutcome {
  launched: boolean;
  reason?: string;
  plan?: RoundPlan;
  dryRun?: vscode.Uri;
  result?: RoundRunResult;
  /** Where q_T was downloaded at the review gate (relative to the workspace). */
  reviewDataset?: string;
}

interface SavedStart {
  options: PlanOptions;
  host: string;
}

const startFile = (root: string, round: number) => path.join(root, '.seif', 'rounds', `round-${round}.start.json`);

export const UNTRUSTED_REFUSAL = 'remote launch needs a trusted workspace (Workspace Trust): trust this folder, then start the round again';

/** "no new step for 3 s" / "for 30 min". */
export function stallText(minutes: number): string {
  return minutes >= 1 ? `${Math.round(minutes)} min` : `${Math.round(minutes * 60)} s`;
}

export class RoundLauncher {
  /** Every notification shown about runs, newest last (also in the SEIF Studio log). */
  readonly notices: { level: 'info' | 'warning' | 'error'; message: string }[] = [];

  /** Whether the workspace is trusted (Workspace Trust); replaceable where trust cannot be toggled (tests). */
  workspaceTrusted: () => boolean = () => vscode.workspace.isTrusted;

  constructor(
    private readonly api: SeifStudioApi,
    private readonly hosts: Hosts,
    private readonly store: RunsStore,
    private readonly docs: RemoteDocuments,
    private readonly prompts: RemotePrompts,
  ) {}

  private notify(level: 'info' | 'warning' | 'error', message: string, channel?: vscode.OutputChannel): void {
    this.notices.push({ level, message });
    this.api.log.appendLine(`[remote] ${message}`);
    const show = level === 'error' ? vscode.window.showErrorMessage : level === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    if (!channel) void show(message);
    else void show(message, 'Show Log').then((a) => a && channel.show(true));
  }

  private root(): string {
    const root = this.api.service.workspace?.root;
    if (!root) throw new SeifError('open a SEIF workspace folder first');
    return root;
  }

  private async manifest(root: string): Promise<Manifest> {
    const m = await loadManifest(root);
    if (!m) throw new SeifError('no seif.json in the workspace: a round is planned from the manifest (family, baseModel, seed, rounds)', path.join(root, 'seif.json'));
    return m;
  }

  /** Round T proposed from the manifest: the round after the last one with a Follower checkpoint. */
  proposeRound(m: Manifest): number {
    const done = m.rounds.filter((r) => (r.family ?? m.family) === m.family && r.checkpoints.follower).map((r) => r.t);
    return done.length ? Math.max(...done) + 1 : 1;
  }

  /** The Workspace Trust guard of every remote launch: the refusal shown, or undefined when trusted. */
  private untrusted(): StartRoundOutcome | undefined {
    if (this.workspaceTrusted()) return undefined;
    this.notify('error', `SEIF: ${UNTRUSTED_REFUSAL}.`);
    return { launched: false, reason: UNTRUSTED_REFUSAL };
  }

  async start(args: StartRoundArgs = {}): Promise<StartRoundOutcome> {
    const refused = this.untrusted();
    if (refused) return refused;
    const root = this.root();
    const manifest = await this.manifest(root);
    const interactive = args.round === undefined || args.host === undefined;
    let round = args.round;
    if (round === undefined) {
      const text = await this.prompts.input({ prompt: 'Round T to start', value: String(this.proposeRound(manifest)), ignoreFocusOut: true, validateInput: (v) => (/^[1-9]\d*$/.test(v.trim()) ? undefined : 'a round number ≥ 1') });
      if (!text) return { launched: false, reason: 'cancelled' };
      round = Number(text);
    }
    const host = args.host ?? manifest.remote?.host ?? (await this.hosts.pickHost('Host to run the round on'));
    if (!host) return { launched: false, reason: 'cancelled' };
    // Slurm or not decides how the plan's jobs run, so the host is asked before the plan is shown.
    const conn = await this.hosts.connect(host, args);
    const slurm = await detectSlurm(conn);
    const scheduler = args.scheduler ?? 'auto';
    if (scheduler === 'slurm' && !slurm.available) throw new SeifError(`${host} has no Slurm on its login PATH (missing ${slurm.missing.join(', ')}): the phases cannot run as sbatch jobs there`);
    const useSlurm = args.options?.slurm !== undefined ? scheduler !== 'setsid' : scheduler === 'slurm' || (scheduler === 'auto' && slurm.available);
    let options: PlanOptions = { ...args.options, host, workspaceRoot: root, slurm: useSlurm ? (args.options?.slurm ?? {}) : undefined };
    let phase = args.phase;
    if (interactive) {
      const edited = await editPlan(this.prompts, manifest, round, { options, phase }, slurm.available);
      if (!edited) return { launched: false, reason: 'cancelled' };
      ({ options, phase } = edited);
    }
    let plan = planRound(manifest, round, options);
    const dryRun = await this.showDryRun(plan, host, phase);
    if (!args.confirm) {
      const go = 'Launch';
      const how = options.slurm ? 'Each phase is submitted to Slurm with sbatch.' : 'Phases run as detached jobs on the host.';
      const picked = await vscode.window.showWarningMessage(`Launch round ${round}${phase ? ` (phase ${phase} only)` : ''} on ${host}?`, { modal: true, detail: `The exact commands are in the dry run document. ${how}` }, go);
      if (picked !== go) return { launched: false, reason: 'not confirmed', plan, dryRun };
    }
    const pre = await runPreflight(conn, { seifDir: plan.seifDir, workDir: plan.workDir, ports: Object.values(plan.ports), minFreeGb: args.minFreeGb ?? 200, python: options.python });
    this.api.log.appendLine(`[remote] host check of ${host}:\n${checklistMarkdown(pre)}`);
    if (pre.busyPorts.length) plan = planRound(manifest, round, { ...options, busyPorts: pre.busyPorts });
    if (!pre.ok && !args.ignorePreflight) {
      const failed = pre.checks.filter((c) => c.status === 'fail').map((c) => `${c.title}: ${c.detail}`);
      const anyway = 'Launch Anyway';
      const picked = args.confirm ? undefined : await vscode.window.showWarningMessage(`The host check of ${host} failed.`, { modal: true, detail: failed.join('\n') }, anyway);
      if (picked !== anyway) return { launched: false, reason: `host check failed: ${failed.join('; ')}`, plan, dryRun };
    }
    const saved = await savePlan(root, plan);
    // The same files the CLI writes: `seif round resume` can continue a round started here and vice versa.
    await writeFileAtomic(saved.replace(/\.plan\.json$/, '.start.json'), `${JSON.stringify({ options: { ...options, runPrefix: plan.runPrefix }, host } satisfies SavedStart, null, 2)}\n`);
    const result = await this.drive(plan, host, { only: phase ? [phase] : undefined, pastGate: phase !== undefined && phase !== 'review', timings: args.timings });
    const reviewDataset = result.gate ? await this.atGate(plan, host) : undefined;
    return { launched: true, plan, dryRun, result, reviewDataset };
  }

  private async showDryRun(plan: RoundPlan, host: string, phase?: PhaseId): Promise<vscode.Uri> {
    const uri = this.docs.set(`/dry-run/${plan.runPrefix}.md`, dryRunMarkdown(plan, host, phase));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
    return uri;
  }

  /** Runs phases with the core runner, mirrored in the Runs view, with notifications. */
  private async drive(plan: RoundPlan, host: string, how: { from?: PhaseId; only?: PhaseId[]; pastGate?: boolean; timings?: RoundTimings }): Promise<RoundRunResult> {
    const root = this.root();
    const run = this.store.begin(plan, host, how.from ?? how.only?.[0]);
    const channel = this.store.channel(run);
    const planJobs = new Map<string, string>();
    const stallMinutes = Number(vscode.workspace.getConfiguration('seif').get<number>('remote.stallMinutes', 30)) || 30;
    const stallMs = how.timings?.stallMs ?? Math.max(0.05, stallMinutes) * 60_000;
    let result: RoundRunResult;
    this.store.driving.add(run.key);
    try {
      result = await runRound({
        pool: this.hosts.pool,
        host,
        plan,
        workspaceRoot: root,
        from: how.from,
        only: how.only,
        pastGate: how.pastGate,
        ...how.timings,
        stallMs,
        events: {
          phase: (phase, state, message) => {
            channel.appendLine(`[${phase}] ${state}: ${message}`);
            if (state === 'started') this.store.phase(run, phase, 'running');
            else if (state === 'done') this.store.phase(run, phase, 'done');
            else if (state === 'gate') this.store.phase(run, phase, 'gate', message);
            else this.store.phase(run, phase, /stopped by the user/.test(message) ? 'stopped' : 'failed', message);
          },
          job: (job, runId) => {
            planJobs.set(runId, job.id);
            channel.appendLine(`[${job.phase}] job ${runId} launched (${job.title})`);
            this.store.job(run, { runId, title: job.title, kind: job.kind, phase: job.phase });
          },
          status: (job, runId, status) => {
            const entry = run.jobs.find((j) => j.runId === runId);
            if (!entry || !status.slurm) return;
            if (entry.slurm?.state !== status.slurm.rawState) channel.appendLine(`[${job.phase}] ${runId}: Slurm job ${status.slurm.jobId} ${status.slurm.rawState}${status.slurm.nodes ? ` on ${status.slurm.nodes}` : ''}`);
            this.store.status(entry, status);
          },
          lines: (_job, runId, lines) => {
            const entry = run.jobs.find((j) => j.runId === runId);
            if (entry) this.store.lines(run, entry, lines);
          },
          stall: (job, runId, minutes) => this.notify('warning', `SEIF: ${job.title} (${runId}) printed no new step for ${stallText(minutes)} — stalled?`, channel),
        },
      });
    } catch (e) {
      this.closeJobs(run);
      this.store.finish(run, 'failed', describeError(e));
      this.notify('error', `SEIF: round ${plan.round} failed: ${describeError(e)}`, channel);
      throw e;
    } finally {
      this.store.driving.delete(run.key);
    }
    // Job outcomes as the runner judged them (records), then the services it stopped at the end.
    for (const rec of result.records) {
      const job = run.jobs.find((j) => j.runId === rec.runId);
      if (job) this.store.endJob(job, rec.outcome as never, rec.message);
    }
    this.closeJobs(run);
    if (result.failed) {
      const stopped = /stopped by the user/.test(result.failed.message);
      this.store.phase(run, result.failed.phase, stopped ? 'stopped' : 'failed', result.failed.message);
      this.store.finish(run, stopped ? 'stopped' : 'failed', result.failed.message);
      const what = /role server .* died/.test(result.failed.message) ? 'a role server died' : stopped ? 'stopped' : 'failed';
      this.notify(stopped ? 'info' : 'error', `SEIF: round ${plan.round} ${what} in phase ${result.failed.phase}: ${result.failed.message}`, channel);
    } else if (result.gate) {
      this.store.finish(run, 'gate', result.gate.message);
    } else {
      this.store.finish(run, 'done', `completed ${result.completed.join(', ')}`);
      this.notify('info', `SEIF: round ${plan.round} finished on ${host}: ${result.completed.join(' → ')}.`);
    }
    await this.store.flush();
    return result;
  }

  /** Services the runner stopped in its final cleanup are no longer running. */
  private closeJobs(run: RoundRunEntry): void {
    for (const j of run.jobs) if (j.state === 'running') this.store.endJob(j, j.kind === 'service' ? 'stopped' : 'lost', j.kind === 'service' ? 'stopped after its phase' : 'the runner ended without an outcome');
  }

  /** Review gate: bring q_T into the workspace, record it in seif.json, reveal it, offer "Continue Round". */
  private async atGate(plan: RoundPlan, host: string): Promise<string | undefined> {
    const root = this.root();
    const rel = `data/Self-IF-Self-${plan.family}/q_T${plan.round}.jsonl`;
    const local = path.join(root, rel);
    const conn = await this.hosts.pool.get(host);
    const home = (await conn.exec('printf "%s" "$HOME"')).stdout;
    if (!fs.existsSync(local)) {
      fs.mkdirSync(path.dirname(local), { recursive: true });
      const tmp = `${local}.downloading`;
      await conn.download(absolutePath(plan.data.generatedRemote, home), tmp);
      fs.renameSync(tmp, local);
    }
    const m = await this.manifest(root);
    let r = findRound(m, plan.round);
    if (!r) m.rounds.push((r = { t: plan.round, datasets: [], checkpoints: {} }));
    if (!r.datasets.includes(rel)) r.datasets.push(rel);
    await saveManifest(root, m);
    await this.api.service.open();
    const node = (await this.api.tree.getChildren())?.find((n): n is RoundNode => n.kind === 'round' && n.round.t === plan.round && n.round.family === plan.family);
    if (node) await this.api.treeView.reveal(node, { select: true, focus: false, expand: true }).then(undefined, () => undefined);
    const cont = 'Continue Round';
    void vscode.window
      .showInformationMessage(`SEIF: round ${plan.round} reached the review gate. Curate q_T${plan.round} in the Rounds view, export it, then continue.`, cont)
      .then((a) => a === cont && vscode.commands.executeCommand('seif.continueRound', { round: plan.round, host }));
    return rel;
  }

  /** After the gate (upload the curated export, Follower phases), a failure or a stop: same run prefix. */
  async continueRound(args: ContinueRoundArgs = {}): Promise<StartRoundOutcome> {
    const refused = this.untrusted();
    if (refused) return refused;
    const root = this.root();
    let round = args.round;
    if (round === undefined) {
      const waiting = this.store.all().filter((r) => r.state !== 'running' && r.state !== 'done');
      const picked = await this.prompts.pick(waiting.map((r) => ({ label: `Round ${r.round}`, description: `${r.host} · ${r.state}`, r })), { placeHolder: 'Round to continue' });
      if (!picked) return { launched: false, reason: 'cancelled' };
      round = picked.r.round;
    }
    const savedPlan = await loadSavedPlan(root, round);
    if (!savedPlan) throw new SeifError(`round ${round} was never started from this workspace: run SEIF: Start Round first`, path.join(root, '.seif', 'rounds'));
    let saved: SavedStart;
    try {
      saved = JSON.parse(await fs.promises.readFile(startFile(root, round), 'utf8')) as SavedStart;
    } catch (e) {
      throw new SeifError(`cannot read how the round was started: ${(e as Error).message}`, startFile(root, round));
    }
    const host = args.host ?? saved.host;
    const manifest = await this.manifest(root);
    const entry = this.store.get(savedPlan.runPrefix);
    const from = args.from ?? this.resumePhase(manifest, savedPlan, entry);
    if (PHASE_ORDER.indexOf(from) > PHASE_ORDER.indexOf('review') && !findRound(manifest, round)?.curated) {
      throw new SeifError(`round ${round} has no curated export yet: accept instructions of q_T${round} and run "SEIF: Export Curated Dataset" first`, path.join(root, 'seif.json'));
    }
    await this.hosts.connect(host, args);
    let plan = planRound(manifest, round, { ...saved.options, workspaceRoot: root });
    if (from === 'instructor' || from === 'follower') {
      const job = plan.phases.find((x) => x.id === from)!.jobs[0]!;
      const step = await latestSavedStep(await this.hosts.pool.get(host), job.saveDir!);
      if (step !== undefined) plan = planRound(manifest, round, { ...saved.options, workspaceRoot: root, resume: { phase: from, step } });
    }
    await savePlan(root, plan);
    const result = await this.drive(plan, host, { from, pastGate: PHASE_ORDER.indexOf(from) > PHASE_ORDER.indexOf('review'), timings: args.timings });
    return { launched: true, plan, result };
  }

  private resumePhase(manifest: Manifest, plan: RoundPlan, entry: RoundRunEntry | undefined): PhaseId {
    const stuck = entry?.phases.find((p) => p.state === 'failed' || p.state === 'stopped');
    if (stuck) return stuck.id;
    if (entry?.phases.some((p) => p.id === 'review' && p.state === 'gate')) return 'upload';
    const runs = (findRound(manifest, plan.round)?.runs ?? []).filter((r) => r.runId.startsWith(plan.runPrefix));
    const last = runs[runs.length - 1];
    if (!last) return 'servers-i';
    if (last.outcome !== 'succeeded') return last.phase as PhaseId;
    const next = PHASE_ORDER.slice(PHASE_ORDER.indexOf(last.phase as PhaseId) + 1).find((id) => id !== 'review' && !id.startsWith('servers'));
    return next ?? 'merge-f';
  }
}
