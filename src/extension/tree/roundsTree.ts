import * as vscode from 'vscode';
import type { LoadedDataset, SeifWorkspace } from '../../core/workspace/workspace';
import { instructionOf } from '../../core/dataset/dataset';
import { effectiveInstruction } from '../../core/curation/effective';
import { describeError, SeifError } from '../../core/errors';
import type { RowStatus } from '../../core/curation/state';
import { Commands, ContextKeys } from '../ids';
import { Disposable } from '../lifecycle';
import type { WorkspaceService } from '../workspace/workspaceService';
import { describeFilter, isActive, matches, type InstructionFilter } from './filterState';
import type { ContributedNode, DatasetNode, GroupNode, InstructionNode, MoreNode, ProblemNode, RoundNode, RoundsNode } from './nodes';
import type { RoundView } from '../../core/workspace/workspace';

/**
 * What a feature can add to the round items without the tree knowing the feature (the insight feature adds
 * its drift alarms this way): problems noted on the round item, and child nodes listed after its datasets.
 */
export interface RoundsTreeContribution {
  /**
   * Problems of the round, one line each (e.g. drift alarms): listed in the round's tooltip and its icon turns
   * to a warning. Must not wait on slow work: return what is known now and fire onDidChange later.
   */
  roundProblems?(round: RoundView): string[];
  /** Extra child nodes listed after the round's datasets. */
  roundChildren?(round: RoundView): Promise<Omit<ContributedNode, 'kind'>[]>;
  /** Fires when problems or children may have changed (the tree refreshes the rounds). */
  onDidChange: vscode.Event<void>;
}

const STATUS_ICON: Record<RowStatus, vscode.ThemeIcon> = {
  pending: new vscode.ThemeIcon('circle-large-outline'),
  accepted: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  rejected: new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed')),
};

/**
 * Rounds → round T (counts) → datasets → instructions, paged so a 5k-row round stays responsive.
 * Nodes are cached by identity so a decision refreshes only its round.
 */
export class RoundsTreeProvider extends Disposable implements vscode.TreeDataProvider<RoundsNode> {
  private readonly changed = this._register(new vscode.EventEmitter<RoundsNode | RoundsNode[] | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  private filter: InstructionFilter = {};
  private readonly shown = new Map<string, number>();
  private readonly nodes = new Map<string, RoundsNode>();
  private readonly parents = new Map<RoundsNode, RoundsNode | undefined>();
  private readonly visible = new Map<string, number[]>();
  private loading: Promise<void> | undefined;
  private readonly contributions = new Set<RoundsTreeContribution>();

  constructor(private readonly service: WorkspaceService) {
    super();
    this._register(service.onDidChange((e) => this.onWorkspaceChange(e.dataset)));
  }

  private get pageSize(): number {
    return Math.max(10, vscode.workspace.getConfiguration('seif').get<number>('tree.pageSize', 200));
  }

  /** Adds problems / children to the round items; disposing removes them. */
  addContribution(c: RoundsTreeContribution): vscode.Disposable {
    this.contributions.add(c);
    const sub = c.onDidChange(() => this.changed.fire(undefined));
    this.changed.fire(undefined);
    return new vscode.Disposable(() => {
      sub.dispose();
      this.contributions.delete(c);
      this.changed.fire(undefined);
    });
  }

  private async contributedChildren(n: RoundNode): Promise<ContributedNode[]> {
    const out: ContributedNode[] = [];
    for (const c of this.contributions) {
      for (const x of (await c.roundChildren?.(n.round).catch(() => [])) ?? []) {
        const node = this.node(`contrib:${x.id}`, (): ContributedNode => ({ kind: 'contributed', ...x }), n);
        Object.assign(node, x);
        out.push(node);
      }
    }
    return out;
  }

  // ---- filter -------------------------------------------------------------------------------
  getFilter(): InstructionFilter {
    return { ...this.filter };
  }

  async setFilter(filter: InstructionFilter): Promise<void> {
    this.filter = filter;
    this.shown.clear();
    this.visible.clear();
    await vscode.commands.executeCommand('setContext', ContextKeys.filterActive, isActive(filter));
    this.changed.fire(undefined);
  }

  filterDescription(): string | undefined {
    return isActive(this.filter) ? describeFilter(this.filter) : undefined;
  }

  // ---- structure ----------------------------------------------------------------------------
  private node<T extends RoundsNode>(key: string, make: () => T, parent: RoundsNode | undefined): T {
    let n = this.nodes.get(key) as T | undefined;
    if (!n) {
      n = make();
      this.nodes.set(key, n);
    }
    this.parents.set(n, parent);
    return n;
  }

  getParent(n: RoundsNode): RoundsNode | undefined {
    return this.parents.get(n);
  }

  async getChildren(n?: RoundsNode): Promise<RoundsNode[]> {
    const ws = await this.service.ready();
    if (!ws) return [];
    if (!n) return this.rootChildren(ws);
    switch (n.kind) {
      case 'round':
        return [...[...n.round.datasets, ...(n.round.curated ? [n.round.curated] : [])].map((rel) => this.datasetNode(rel, n)), ...(await this.contributedChildren(n))];
      case 'group':
        return n.datasets.map((rel) => this.datasetNode(rel, n));
      case 'dataset':
        return this.datasetChildren(ws, n);
      default:
        return [];
    }
  }

  private rootChildren(ws: SeifWorkspace): RoundsNode[] {
    const out: RoundsNode[] = [];
    if (ws.manifestError) {
      const first = ws.manifestError.issues[0]!;
      out.push(this.node('problem:manifest', (): ProblemNode => ({ kind: 'problem', problem: { severity: 'error', message: ws.manifestError!.message, file: ws.manifestError!.file!, place: ws.manifestError!.place! }, line: first.line, column: first.column }), undefined));
    }
    const showFamily = ws.families().length > 1;
    for (const round of ws.rounds()) {
      const n = this.node(`round:${round.id}`, (): RoundNode => ({ kind: 'round', round, showFamily }), undefined);
      n.round = round;
      n.showFamily = showFamily;
      out.push(n);
    }
    const others = ws.otherDatasets();
    if (others.length) out.push(this.node('group:other', (): GroupNode => ({ kind: 'group', label: 'Seeds & evaluation', datasets: others }), undefined));
    this.startBackgroundLoad(ws);
    return out;
  }

  private datasetNode(rel: string, parent: RoundsNode): DatasetNode {
    return this.node(`ds:${rel}`, (): DatasetNode => ({ kind: 'dataset', rel }), parent);
  }

  private async datasetChildren(ws: SeifWorkspace, n: DatasetNode): Promise<RoundsNode[]> {
    let loaded: LoadedDataset;
    try {
      loaded = await ws.dataset(n.rel);
    } catch (e) {
      const err = e instanceof SeifError ? e : new SeifError(describeError(e), ws.abs(n.rel));
      return [this.node(`problem:${n.rel}:load`, (): ProblemNode => ({ kind: 'problem', problem: { severity: 'error', message: err.message, file: err.file ?? ws.abs(n.rel), ...(err.place ? { place: err.place } : {}) } }), n)];
    }
    const out: RoundsNode[] = loaded.dataset.problems.slice(0, 20).map((p, i) => this.node(`problem:${n.rel}:${i}`, (): ProblemNode => ({ kind: 'problem', problem: p }), n));
    if (loaded.dataset.kind === 'seed' || loaded.dataset.kind === 'unknown') return out;
    const rows = this.visibleRows(loaded);
    const limit = this.shown.get(n.rel) ?? this.pageSize;
    for (const index of rows.slice(0, limit)) {
      const rowKey = loaded.dataset.rowKey(index);
      out.push(this.node(`ins:${n.rel}#${index}`, (): InstructionNode => ({ kind: 'instruction', rel: n.rel, index, rowKey }), n));
    }
    if (rows.length > limit) {
      const more = this.node(`more:${n.rel}`, (): MoreNode => ({ kind: 'more', rel: n.rel, remaining: 0 }), n);
      more.remaining = rows.length - limit;
      out.push(more);
    }
    return out;
  }

  /** Row indices of a dataset that pass the filter, in file order (used by next/previous too). */
  visibleRows(loaded: LoadedDataset): number[] {
    const cached = this.visible.get(loaded.rel);
    if (cached) return cached;
    const rows: number[] = [];
    const active = isActive(this.filter);
    const only = this.filter.rows ? new Set(this.filter.rows.byDataset[loaded.rel] ?? []) : undefined;
    for (let i = 0; i < loaded.dataset.rows.length; i++) {
      if (only && !only.has(i)) continue;
      if (!active) {
        rows.push(i);
        continue;
      }
      const st = loaded.state.get(loaded.dataset.rowKey(i));
      if (matches(this.filter, st.status, effectiveInstruction(loaded.dataset, i, st))) rows.push(i);
    }
    this.visible.set(loaded.rel, rows);
    return rows;
  }

  loadMore(n: MoreNode): void {
    this.shown.set(n.rel, (this.shown.get(n.rel) ?? this.pageSize) + this.pageSize);
    const parent = this.nodes.get(`ds:${n.rel}`);
    this.changed.fire(parent);
  }

  // ---- items --------------------------------------------------------------------------------
  async getTreeItem(n: RoundsNode): Promise<vscode.TreeItem> {
    const ws = this.service.workspace;
    switch (n.kind) {
      case 'round': {
        const item = new vscode.TreeItem(n.showFamily ? `Round ${n.round.t} · ${n.round.family}` : `Round ${n.round.t}`, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `round:${n.round.id}`;
        const counts = ws ? await this.roundCounts(ws, n.round.datasets) : undefined;
        item.description = counts ? `${counts.total} · ✓${counts.accepted} ✗${counts.rejected} · ${counts.pending} pending` : 'loading…';
        const problems = [...this.contributions].flatMap((c) => c.roundProblems?.(n.round) ?? []);
        item.tooltip = counts
          ? `Round ${n.round.t} (${n.round.family}): ${counts.total} instructions, ${counts.accepted} accepted, ${counts.rejected} rejected, ${counts.pending} pending`
          : `Round ${n.round.t}`;
        if (problems.length) item.tooltip += `\n\n${problems.map((p) => `⚠ ${p}`).join('\n')}`;
        item.iconPath = problems.length ? new vscode.ThemeIcon('history', new vscode.ThemeColor('problemsWarningIcon.foreground')) : new vscode.ThemeIcon('history');
        item.contextValue = `round:${n.round.curated ? 'curated' : 'open'}`;
        return item;
      }
      case 'group': {
        const item = new vscode.TreeItem(n.label, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = 'group:other';
        item.iconPath = new vscode.ThemeIcon('database');
        item.contextValue = 'group';
        return item;
      }
      case 'dataset':
        return this.datasetItem(n);
      case 'instruction':
        return this.instructionItem(n);
      case 'more': {
        const item = new vscode.TreeItem(`Show ${Math.min(this.pageSize, n.remaining)} more (${n.remaining} not shown)`, vscode.TreeItemCollapsibleState.None);
        item.id = `more:${n.rel}`;
        item.iconPath = new vscode.ThemeIcon('ellipsis');
        item.command = { command: Commands.loadMore, title: 'Show more', arguments: [n] };
        item.contextValue = 'more';
        return item;
      }
      case 'contributed': {
        const item = new vscode.TreeItem(n.label, vscode.TreeItemCollapsibleState.None);
        item.id = `contrib:${n.id}`;
        item.description = n.description;
        item.tooltip = n.tooltip;
        if (n.icon) item.iconPath = new vscode.ThemeIcon(n.icon, n.severity ? new vscode.ThemeColor(n.severity === 'error' ? 'problemsErrorIcon.foreground' : 'problemsWarningIcon.foreground') : undefined);
        item.contextValue = n.contextValue ?? 'contributed';
        if (n.command) item.command = { command: n.command, title: n.label, arguments: [n] };
        return item;
      }
      case 'problem': {
        const p = n.problem;
        const item = new vscode.TreeItem(p.message, vscode.TreeItemCollapsibleState.None);
        item.description = p.place;
        item.tooltip = `${p.file ?? ''}${p.place ? ` (${p.place})` : ''}\n${p.message}`;
        item.iconPath = new vscode.ThemeIcon(p.severity === 'error' ? 'error' : 'warning', new vscode.ThemeColor(p.severity === 'error' ? 'problemsErrorIcon.foreground' : 'problemsWarningIcon.foreground'));
        item.contextValue = `problem:${p.severity}`;
        if (p.file) item.command = { command: Commands.showProblem, title: 'Show', arguments: [n] };
        return item;
      }
    }
  }

  private async datasetItem(n: DatasetNode): Promise<vscode.TreeItem> {
    const ws = this.service.workspace;
    const name = n.rel.split('/').pop()!;
    const item = new vscode.TreeItem(name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `ds:${n.rel}`;
    item.resourceUri = ws ? vscode.Uri.file(ws.abs(n.rel)) : undefined;
    item.tooltip = n.rel;
    let loaded: LoadedDataset | undefined;
    try {
      loaded = ws ? await ws.dataset(n.rel) : undefined;
    } catch (e) {
      item.description = 'cannot read';
      item.tooltip = describeError(e);
      item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground'));
      item.contextValue = 'dataset:error';
      return item;
    }
    if (!loaded) return item;
    const { dataset, state } = loaded;
    const keys = dataset.rows.map((_r, i) => dataset.rowKey(i));
    const c = state.counts(keys);
    const shown = isActive(this.filter) ? `${this.visibleRows(loaded).length} shown · ` : '';
    item.description =
      dataset.kind === 'instructions' ? `${shown}${c.total} · ✓${c.accepted} ✗${c.rejected} · ${c.pending} pending` : `${shown}${dataset.rows.length} rows · ${dataset.kind}`;
    if (dataset.kind === 'seed') item.collapsibleState = dataset.problems.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None;
    item.iconPath = new vscode.ThemeIcon(dataset.problems.some((p) => p.severity === 'error') ? 'warning' : 'table');
    item.contextValue = `dataset:${dataset.kind}`;
    return item;
  }

  private async instructionItem(n: InstructionNode): Promise<vscode.TreeItem> {
    const ws = this.service.workspace!;
    const { dataset, state } = await ws.dataset(n.rel);
    const st = state.get(n.rowKey);
    const ins = dataset.kind === 'instructions' ? effectiveInstruction(dataset, n.index, st) : instructionOf(dataset.kind, dataset.rows[n.index]!);
    const firstLine = ins.seed.split('\n')[0]!.trim();
    const item = new vscode.TreeItem(firstLine.length > 80 ? `${firstLine.slice(0, 79)}…` : firstLine || '(empty seed)', vscode.TreeItemCollapsibleState.None);
    item.id = `ins:${n.rel}#${n.index}`;
    const flags = [st.edited ? 'edited' : undefined, dataset.invalidRows.has(n.index) ? 'invalid' : undefined].filter(Boolean);
    item.description = `#${n.index} · ${ins.constraints.length} constraints${flags.length ? ` · ${flags.join(' · ')}` : ''}`;
    item.iconPath = STATUS_ICON[st.status];
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(`**${st.status}** · row ${n.index}\n\n`);
    md.appendText(ins.seed.length > 600 ? `${ins.seed.slice(0, 600)}…` : ins.seed);
    md.appendMarkdown('\n\n');
    ins.constraints.forEach((c, i) => md.appendMarkdown(`${i + 1}. \`${ins.ids[i] ?? 'soft'}\` ${escapeMd(c)}\n`));
    item.tooltip = md;
    item.contextValue = ['instruction', st.status, ...flags].join(':');
    item.command = { command: Commands.openInstruction, title: 'Open instruction', arguments: [n] };
    item.accessibilityInformation = { label: `${st.status} instruction ${n.index}: ${firstLine}` };
    return item;
  }

  private async roundCounts(ws: SeifWorkspace, datasets: string[]) {
    const total = { total: 0, accepted: 0, rejected: 0, pending: 0 };
    for (const rel of datasets) {
      const p = ws.dataset(rel);
      const loaded = await Promise.race([p, new Promise<undefined>((r) => setTimeout(() => r(undefined), 0))]).catch(() => undefined);
      if (!loaded) return undefined;
      const c = loaded.state.counts(loaded.dataset.rows.map((_r, i) => loaded.dataset.rowKey(i)));
      total.total += c.total;
      total.accepted += c.accepted;
      total.rejected += c.rejected;
      total.pending += c.pending;
    }
    return total;
  }

  /** Loads every round's datasets one after another, refreshing each round as its counts become known. */
  private startBackgroundLoad(ws: SeifWorkspace): void {
    if (this.loading) return;
    this.loading = (async () => {
      for (const round of ws.rounds()) {
        for (const rel of round.datasets) await ws.dataset(rel).catch(() => undefined);
        const n = this.nodes.get(`round:${round.id}`);
        if (n && ws === this.service.workspace) this.changed.fire(n);
      }
    })().finally(() => (this.loading = undefined));
  }

  private onWorkspaceChange(dataset: string | undefined): void {
    if (!dataset) {
      this.nodes.clear();
      this.parents.clear();
      this.visible.clear();
      this.changed.fire(undefined);
      return;
    }
    this.visible.delete(dataset);
    const ds = this.nodes.get(`ds:${dataset}`);
    const parent = ds ? this.parents.get(ds) : undefined;
    this.changed.fire(parent ?? ds ?? undefined);
  }

  /** Looks up the cached node of an instruction (for reveal / tests). */
  instructionNode(rel: string, index: number): InstructionNode | undefined {
    return this.nodes.get(`ins:${rel}#${index}`) as InstructionNode | undefined;
  }
}

function escapeMd(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (c) => `\\${c}`);
}
