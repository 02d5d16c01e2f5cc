import * as vscode from 'vscode';
import path from 'node:path';
import { describeError } from '../../core/errors';
import type { Decision } from '../../core/workspace/workspace';
import { Commands, ContextKeys, INSTRUCTION_LANGUAGE } from '../ids';
import { Disposable } from '../lifecycle';
import type { RoundsTreeProvider } from '../tree/roundsTree';
import type { DatasetNode, MoreNode, ProblemNode, RoundsNode } from '../tree/nodes';
import type { WorkspaceService } from '../workspace/workspaceService';
import { instructionUri, parseInstructionUri, type InstructionRef } from '../documents/instructionUri';
import { resolveTargets } from './targets';
import type { InstructionFilter } from '../tree/filterState';
import type { RowStatus } from '../../core/curation/state';

/** Accept / reject / undo / navigate / export: the researcher's curation loop, Prodigy-style. */
export class CurationController extends Disposable {
  constructor(
    private readonly service: WorkspaceService,
    private readonly tree: RoundsTreeProvider,
    private readonly treeView: vscode.TreeView<RoundsNode>,
    private readonly log: vscode.OutputChannel,
  ) {
    super();
    const reg = (id: string, fn: (...args: any[]) => unknown) => this._register(vscode.commands.registerCommand(id, fn));
    reg(Commands.accept, (a?: unknown, s?: unknown) => this.decide('accept', a, s));
    reg(Commands.reject, (a?: unknown, s?: unknown) => this.decide('reject', a, s));
    reg(Commands.undo, (a?: unknown) => this.undo(a));
    reg(Commands.nextPending, (a?: unknown) => this.step(a, +1));
    reg(Commands.previous, (a?: unknown) => this.step(a, -1));
    reg(Commands.openInstruction, (a: InstructionRef) => this.open(a));
    reg(Commands.exportCurated, (a?: DatasetNode | string) => this.exportCurated(a));
    reg(Commands.loadMore, (n: MoreNode) => this.tree.loadMore(n));
    reg(Commands.filter, () => this.pickFilter());
    reg(Commands.clearFilter, () => this.setFilter({}));
    reg(Commands.showProblem, (n: ProblemNode) => this.showProblem(n));
    this._register(vscode.window.onDidChangeActiveTextEditor((e) => this.updateFocus(e)));
    this.updateFocus(vscode.window.activeTextEditor);
  }

  private updateFocus(editor: vscode.TextEditor | undefined): void {
    const ref = editor && parseInstructionUri(editor.document.uri);
    void vscode.commands.executeCommand('setContext', ContextKeys.instructionFocused, !!ref);
    if (ref && editor.document.languageId !== INSTRUCTION_LANGUAGE) void vscode.languages.setTextDocumentLanguage(editor.document, INSTRUCTION_LANGUAGE);
  }

  async open(ref: InstructionRef, options: { preserveFocus?: boolean } = {}): Promise<vscode.TextEditor> {
    const doc = await vscode.workspace.openTextDocument(instructionUri(ref));
    const shown = await vscode.window.showTextDocument(doc, { preview: true, preserveFocus: options.preserveFocus ?? false });
    if (doc.languageId !== INSTRUCTION_LANGUAGE) await vscode.languages.setTextDocumentLanguage(doc, INSTRUCTION_LANGUAGE);
    return shown;
  }

  /** Records a decision for the targets; from an editor, saves pending edits first and moves on. */
  async decide(decision: Decision, arg?: unknown, selected?: unknown): Promise<number> {
    const { refs, fromEditor } = resolveTargets(arg, selected, this.treeView.selection);
    if (refs.length === 0) {
      void vscode.window.showInformationMessage(`SEIF: nothing to ${decision} — open an instruction or select some in the Rounds view.`);
      return 0;
    }
    const ws = await this.service.ready();
    if (!ws) return 0;
    let count = 0;
    try {
      for (const [rel, group] of groupBy(refs, (r) => r.rel)) {
        const dirty = vscode.workspace.textDocuments.filter((d) => d.isDirty && group.some((g) => parseInstructionUri(d.uri)?.index === g.index && parseInstructionUri(d.uri)?.rel === rel));
        for (const d of dirty) if (!(await d.save())) throw new Error(`could not save the edits of ${d.uri.path}; fix them before deciding`);
        const { dataset } = await ws.dataset(rel);
        const keys = group.map((r) => dataset.rowKey(r.index));
        count += (await ws.decide(rel, keys, decision, refs.length > 1 ? 'bulk' : fromEditor ? 'editor' : 'tree')).length;
      }
    } catch (e) {
      void vscode.window.showErrorMessage(`SEIF: could not ${decision}: ${describeError(e)} — nothing was recorded for the rest.`);
      return count;
    }
    if (refs.length > 1) void vscode.window.setStatusBarMessage(`SEIF: ${decision === 'accept' ? 'accepted' : 'rejected'} ${refs.length} instructions`, 4000);
    if (fromEditor && refs.length === 1) await this.advance(refs[0]!, +1, 'pending');
    return count;
  }

  async undo(arg?: unknown): Promise<void> {
    const ws = await this.service.ready();
    if (!ws) return;
    const ref = arg ? resolveTargets(arg, undefined, []).refs[0] : undefined;
    let target;
    try {
      target = ref ? await ws.undo(ref.rel, (await ws.dataset(ref.rel)).dataset.rowKey(ref.index)) : await ws.undo();
    } catch (e) {
      void vscode.window.showErrorMessage(`SEIF: undo failed: ${describeError(e)}`);
      return;
    }
    if (!target) {
      void vscode.window.showInformationMessage('SEIF: nothing to undo.');
      return;
    }
    const { dataset } = await ws.dataset(target.dataset);
    const index = dataset.indexOfKey(target.rowKey);
    void vscode.window.setStatusBarMessage(`SEIF: undid ${target.action} of row ${index ?? '?'}`, 4000);
    if (index !== undefined && !ref) await this.open({ rel: target.dataset, index });
  }

  private async step(arg: unknown, direction: 1 | -1): Promise<void> {
    const { refs } = resolveTargets(arg, undefined, this.treeView.selection);
    const from = refs[0];
    if (!from) {
      void vscode.window.showInformationMessage('SEIF: open an instruction first.');
      return;
    }
    await this.advance(from, direction, direction > 0 ? 'pending' : undefined);
  }

  /** Opens the next (or previous) visible instruction after `from`, with the given status, wrapping around. */
  private async advance(from: InstructionRef, direction: 1 | -1, status?: RowStatus): Promise<void> {
    const loaded = await this.service.dataset(from.rel);
    const rows = this.tree.visibleRows(loaded);
    if (rows.length === 0) return;
    let pos = rows.findIndex((i) => (direction > 0 ? i > from.index : i >= from.index));
    if (pos < 0) pos = direction > 0 ? 0 : rows.length;
    for (let k = 0; k < rows.length; k++) {
      const idx = direction > 0 ? (pos + k) % rows.length : (pos - 1 - k + rows.length * 2) % rows.length;
      const index = rows[idx]!;
      if (index === from.index) continue;
      if (!status || loaded.state.status(loaded.dataset.rowKey(index)) === status) {
        await this.open({ rel: from.rel, index });
        return;
      }
    }
    void vscode.window.showInformationMessage(`SEIF: no ${status ?? 'other'} instructions left in ${path.basename(from.rel)}${this.tree.filterDescription() ? ` (filter: ${this.tree.filterDescription()})` : ''}.`);
  }

  async exportCurated(arg?: DatasetNode | string): Promise<string | undefined> {
    const ws = await this.service.ready();
    if (!ws) return undefined;
    let rel = typeof arg === 'string' ? arg : arg?.rel;
    if (!rel) {
      const choices = ws.rounds().flatMap((r) => r.datasets.map((d) => ({ label: path.basename(d), description: `${r.family} round ${r.t}`, rel: d })));
      const pick = choices.length === 1 ? choices[0] : await vscode.window.showQuickPick(choices, { title: 'SEIF: Export Curated Dataset', placeHolder: 'Which round dataset?' });
      rel = pick?.rel;
    }
    if (!rel) return undefined;
    try {
      const summary = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `SEIF: exporting ${path.basename(rel)}…` }, () => ws.exportCurated(rel!));
      this.log.appendLine(`[export] ${JSON.stringify(summary)}`);
      void vscode.window
        .showInformationMessage(`SEIF: exported ${summary.exported} accepted instructions to ${ws.rel(summary.parquet)} (+ JSONL); ${summary.pending} pending and ${summary.rejected} rejected left out.`, 'Reveal')
        .then((a) => a === 'Reveal' && vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(summary.parquet)));
      return summary.parquet;
    } catch (e) {
      void vscode.window.showErrorMessage(`SEIF: export failed: ${describeError(e)}`);
      return undefined;
    }
  }

  async setFilter(filter: InstructionFilter): Promise<void> {
    await this.tree.setFilter(filter);
    this.treeView.description = this.tree.filterDescription();
  }

  private async pickFilter(): Promise<void> {
    const f = this.tree.getFilter();
    type Item = vscode.QuickPickItem & { apply: () => Promise<InstructionFilter | undefined> };
    const items: Item[] = [
      ...(['pending', 'accepted', 'rejected'] as const).map((s) => ({ label: `$(filter) Status: ${s}`, picked: f.status === s, apply: async () => ({ ...f, status: s }) })),
      { label: '$(filter) Status: any', apply: async () => ({ ...f, status: undefined }) },
      {
        label: '$(search) Text contains…',
        description: f.text ? `now “${f.text}”` : undefined,
        apply: async () => {
          const text = await vscode.window.showInputBox({ title: 'SEIF: show instructions whose seed or constraints contain', value: f.text ?? '' });
          return text === undefined ? undefined : { ...f, text: text || undefined };
        },
      },
      ...[3, 5].map((n) => ({ label: `$(list-ordered) ${n} constraints`, apply: async () => ({ ...f, constraintCount: n }) })),
      { label: '$(list-ordered) Any number of constraints', apply: async () => ({ ...f, constraintCount: undefined }) },
      { label: '$(clear-all) Clear filter', apply: async () => ({}) },
    ];
    const pick = await vscode.window.showQuickPick(items, { title: 'SEIF: Filter Instructions', placeHolder: this.tree.filterDescription() ?? 'No filter' });
    const next = pick && (await pick.apply());
    if (next) await this.setFilter(next);
  }

  private async showProblem(n: ProblemNode): Promise<void> {
    const p = n.problem;
    if (!p.file) return;
    const line = n.line ?? Number(/line (\d+)/.exec(p.place ?? '')?.[1] ?? NaN);
    if (/\.(json|jsonl)$/.test(p.file) && Number.isFinite(line)) {
      const pos = new vscode.Position(Math.max(0, line - 1), Math.max(0, (n.column ?? 1) - 1));
      await vscode.window.showTextDocument(vscode.Uri.file(p.file), { selection: new vscode.Range(pos, pos) });
      return;
    }
    void vscode.window.showWarningMessage(`SEIF: ${p.file}${p.place ? ` (${p.place})` : ''}: ${p.message}`);
  }
}

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const t of items) m.set(key(t), [...(m.get(key(t)) ?? []), t]);
  return m;
}
