// The "Runs" view: round run → phases → jobs with their status (Slurm job id and state on a Slurm host,
// step/total, reward mean, elapsed, ETA). contextValues are structured (`run:running`, `phase:failed`,
// `job:running:train`, `job:running:train:slurm`) for the menus' `when` regexes.
import * as vscode from 'vscode';
import { Commands } from '../ids';
import { Disposable } from '../lifecycle';
import type { JobEntry, PhaseEntry, RoundRunEntry, RunsStore } from './runs';

export type RunsNode =
  | { kind: 'run'; key: string }
  | { kind: 'phase'; key: string; phase: string }
  | { kind: 'job'; key: string; runId: string };

const ICON: Record<string, [string, string?]> = {
  running: ['sync~spin'],
  pending: ['circle-large-outline'],
  gate: ['person', 'charts.yellow'],
  done: ['pass', 'testing.iconPassed'],
  succeeded: ['pass', 'testing.iconPassed'],
  failed: ['error', 'testing.iconFailed'],
  incomplete: ['error', 'testing.iconFailed'],
  lost: ['question', 'testing.iconFailed'],
  stopped: ['debug-stop', 'charts.orange'],
};

function icon(state: string): vscode.ThemeIcon {
  const [id, color] = ICON[state] ?? ['circle-outline'];
  return new vscode.ThemeIcon(id, color ? new vscode.ThemeColor(color) : undefined);
}

export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h ? `${h}h${String(m).padStart(2, '0')}m` : m ? `${m}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/** "step 3/9 · reward 0.412 · 1m05s · ETA 2m10s"; a Slurm job starts with "Slurm 4201 RUNNING". */
export function jobStatusText(job: JobEntry, now = Date.now()): string {
  const parts: string[] = [];
  if (job.slurm) parts.push(`Slurm ${job.slurm.jobId} ${job.slurm.state}`);
  if (job.step !== undefined) parts.push(`step ${job.step}/${job.total ?? '?'}`);
  if (job.rewardMean !== undefined) parts.push(`reward ${job.rewardMean.toFixed(3)}`);
  parts.push(duration(((job.endedAt ?? now) - job.startedAt) / 1000));
  if (job.state === 'running' && job.etaSeconds !== undefined) parts.push(`ETA ${duration(job.etaSeconds)}`);
  if (job.state !== 'running') parts.push(job.state);
  return parts.join(' · ');
}

export class RunsTreeProvider extends Disposable implements vscode.TreeDataProvider<RunsNode> {
  private readonly changed = this._register(new vscode.EventEmitter<RunsNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  private readonly nodes = new Map<string, RunsNode>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly store: RunsStore) {
    super();
    this._register(
      store.onDidChange(() => {
        // Log lines arrive in bursts: refresh at most ~4 times a second.
        this.timer ??= setTimeout(() => {
          this.timer = undefined;
          this.changed.fire(undefined);
        }, 250);
      }),
    );
    this._register({ dispose: () => this.timer && clearTimeout(this.timer) });
  }

  private node<T extends RunsNode>(id: string, make: () => T): T {
    let n = this.nodes.get(id) as T | undefined;
    if (!n) this.nodes.set(id, (n = make()));
    return n;
  }

  runNode(key: string): RunsNode {
    return this.node(`run:${key}`, () => ({ kind: 'run', key }));
  }

  getChildren(n?: RunsNode): RunsNode[] {
    if (!n) return [...this.store.all()].reverse().map((r) => this.runNode(r.key));
    const run = this.store.get(n.key);
    if (!run) return [];
    if (n.kind === 'run') return run.phases.filter((p) => p.state !== 'pending' || run.state === 'running').map((p) => this.node(`phase:${run.key}:${p.id}`, () => ({ kind: 'phase', key: run.key, phase: p.id })));
    if (n.kind === 'phase') return run.jobs.filter((j) => j.phase === n.phase).map((j) => this.node(`job:${j.runId}`, () => ({ kind: 'job', key: run.key, runId: j.runId })));
    return [];
  }

  getParent(n: RunsNode): RunsNode | undefined {
    if (n.kind === 'run') return undefined;
    if (n.kind === 'phase') return this.runNode(n.key);
    const job = this.store.findJob(n.runId)?.job;
    return job ? this.node(`phase:${n.key}:${job.phase}`, () => ({ kind: 'phase', key: n.key, phase: job.phase })) : undefined;
  }

  getTreeItem(n: RunsNode): vscode.TreeItem {
    const run = this.store.get(n.key);
    if (!run) return new vscode.TreeItem('(gone)');
    if (n.kind === 'run') return this.runItem(run);
    if (n.kind === 'phase') return this.phaseItem(run, run.phases.find((p) => p.id === n.phase)!);
    const job = run.jobs.find((j) => j.runId === n.runId)!;
    const item = new vscode.TreeItem(job.title, vscode.TreeItemCollapsibleState.None);
    item.id = `job:${job.runId}`;
    item.description = jobStatusText(job);
    const slurm = job.slurm
      ? `\n\nSlurm job **${job.slurm.jobId}**: ${job.slurm.state}${job.slurm.nodes ? ` on ${job.slurm.nodes}` : ''}${job.state === 'running' ? ' — Stop cancels it (scancel)' : ''}`
      : '';
    item.tooltip = new vscode.MarkdownString(`**${job.runId}** on ${run.host}\n\n${job.message ?? job.state}${slurm}\n\nlog: \`~/.seif/runs/${job.runId}/log\``);
    item.iconPath = icon(job.state === 'running' && job.slurm?.state === 'PENDING' ? 'pending' : job.state);
    item.contextValue = `job:${job.state}:${job.kind}${job.slurm ? ':slurm' : ''}`;
    item.command = { command: Commands.showRunLog, title: 'Show Log', arguments: [n] };
    return item;
  }

  private runItem(run: RoundRunEntry): vscode.TreeItem {
    const item = new vscode.TreeItem(`Round ${run.round} · ${run.family}`, vscode.TreeItemCollapsibleState.Expanded);
    item.id = `run:${run.key}`;
    const current = run.phases.find((p) => p.state === 'running' || p.state === 'gate' || p.state === 'failed' || p.state === 'stopped');
    item.description = `${run.host} · ${run.state}${current ? ` · ${current.id}` : ''}`;
    item.tooltip = new vscode.MarkdownString(`**${run.key}** on ${run.host}\n\n${run.message ?? run.state}`);
    item.iconPath = icon(run.state);
    item.contextValue = `run:${run.state}`;
    return item;
  }

  private phaseItem(run: RoundRunEntry, p: PhaseEntry): vscode.TreeItem {
    const jobs = run.jobs.filter((j) => j.phase === p.id);
    const item = new vscode.TreeItem(p.title, jobs.length ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
    item.id = `phase:${run.key}:${p.id}`;
    const train = jobs.find((j) => j.kind === 'train') ?? jobs.find((j) => j.kind === 'task');
    item.description = [p.state, ...(train && p.state === 'running' ? [jobStatusText(train)] : [])].join(' · ');
    item.tooltip = p.message ?? p.state;
    item.iconPath = icon(p.state);
    item.contextValue = `phase:${p.state}:${p.id}`;
    return item;
  }
}
