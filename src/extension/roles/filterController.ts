import * as vscode from 'vscode';
import { describeError } from '../../core/errors';
import { runLlmFilter, runRuleFilter, type FilterFinding } from '../../core/roles';
import { Commands, INSTRUCTION_SCHEME } from '../ids';
import { Disposable } from '../lifecycle';
import type { InstructionFileSystem } from '../documents/instructionFs';
import type { InstructionLensContributor } from '../documents/lenses';
import { instructionUri, parseInstructionUri, type InstructionRef } from '../documents/instructionUri';
import type { ParsedDocument } from '../../core/instruction/document';
import { constraintLines, documentInstruction } from './documentInstruction';
import type { RoleClients } from './roleClients';

export const FILTER_SOURCE = 'SEIF Filter';
const SEVERITY = { error: vscode.DiagnosticSeverity.Error, warning: vscode.DiagnosticSeverity.Warning, info: vscode.DiagnosticSeverity.Information } as const;

/** What a Quick Fix needs to find its constraint again. */
interface FindingTag {
  rule: string;
  constraint: string;
}

/**
 * The Filter in instruction documents: rule findings as diagnostics (source "SEIF Filter") whenever a
 * document opens or changes; "Run Filter" adds the LLM Filter's verdict. Quick Fixes remove the
 * constraint or mark the finding as reviewed (remembered per workspace).
 */
export class FilterController extends Disposable implements InstructionLensContributor, vscode.CodeActionProvider {
  readonly diagnostics = this._register(vscode.languages.createDiagnosticCollection('seif-filter'));
  private readonly changed = this._register(new vscode.EventEmitter<vscode.Uri>());
  /** The findings of a document changed (its "Run Filter · n findings" lens must be drawn again). */
  readonly onDidChangeFindings = this.changed.event;
  private readonly llmFindings = new Map<string, { version: number; findings: FilterFinding[] }>();
  private readonly tags = new WeakMap<vscode.Diagnostic, FindingTag>();
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly documents: InstructionFileSystem,
    private readonly clients: RoleClients,
    private readonly memento: vscode.Memento,
  ) {
    super();
    this._register(vscode.commands.registerCommand(Commands.runFilter, (arg?: InstructionRef) => this.runFilter(arg)));
    this._register(vscode.commands.registerCommand(Commands.markFilterReviewed, (uri: vscode.Uri, tag: FindingTag) => this.markReviewed(uri, tag)));
    this._register(vscode.languages.registerCodeActionsProvider({ scheme: INSTRUCTION_SCHEME }, this, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }));
    this._register(vscode.workspace.onDidOpenTextDocument((d) => void this.refresh(d)));
    this._register(vscode.workspace.onDidChangeTextDocument((e) => this.refreshSoon(e.document)));
    this._register({ dispose: () => this.timers.forEach((t) => clearTimeout(t)) });
    this._register(vscode.workspace.onDidCloseTextDocument((d) => {
      this.diagnostics.delete(d.uri);
      this.llmFindings.delete(d.uri.toString());
    }));
    for (const d of vscode.workspace.textDocuments) void this.refresh(d);
  }

  provideLenses(document: vscode.TextDocument, ref: InstructionRef): vscode.CodeLens[] {
    const top = new vscode.Range(0, 0, 0, 0);
    const count = this.diagnostics.get(document.uri)?.length ?? 0;
    const llm = this.clients.configured('filter') ? ' (rules + LLM)' : ' (rules)';
    return [new vscode.CodeLens(top, { title: `$(filter) Run Filter${count ? ` · ${count} finding${count === 1 ? '' : 's'}` : ''}`, command: Commands.runFilter, arguments: [ref], tooltip: `Check the constraints for conflicts and non-constraints${llm}` })];
  }

  /** Typing re-runs the rules once the keystrokes pause. */
  private refreshSoon(document: vscode.TextDocument): void {
    if (!parseInstructionUri(document.uri)) return;
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      void this.refresh(document);
    }, 200));
  }

  /** The rules (cheap, no model call) plus the last LLM verdict while the document is unchanged since it. */
  async refresh(document: vscode.TextDocument): Promise<FilterFinding[] | undefined> {
    const ref = parseInstructionUri(document.uri);
    if (!ref) return undefined;
    let saved;
    try {
      saved = (await this.documents.resolve(ref)).instruction;
    } catch {
      return undefined;
    }
    const { instruction, parsed } = documentInstruction(document, saved);
    const llm = this.llmFindings.get(document.uri.toString());
    const findings = [...runRuleFilter(instruction), ...(llm && llm.version === document.version ? llm.findings : [])];
    this.publish(document, parsed, instruction.constraints, findings);
    return findings;
  }

  /** "Run Filter": rules, plus the Filter model's verdict when the filter role has an endpoint. */
  async runFilter(arg?: InstructionRef): Promise<FilterFinding[] | undefined> {
    const document = await this.documentFor(arg);
    if (!document) {
      void vscode.window.showInformationMessage('SEIF: open an instruction document to run the Filter.');
      return undefined;
    }
    if (this.clients.configured('filter')) {
      const ref = parseInstructionUri(document.uri)!;
      const { instruction } = documentInstruction(document, (await this.documents.resolve(ref)).instruction);
      const version = document.version;
      try {
        const verdict = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'SEIF Filter', cancellable: true }, async (_p, token) => {
          const abort = new AbortController();
          token.onCancellationRequested(() => abort.abort());
          const client = await this.clients.client('filter');
          await client.ensureHealthy(abort.signal);
          return runLlmFilter(client, instruction, abort.signal);
        });
        this.llmFindings.set(document.uri.toString(), { version, findings: verdict.findings });
      } catch (e) {
        void vscode.window.showErrorMessage(`SEIF Filter (LLM) failed: ${describeError(e)} — rule findings are shown.`);
      }
    }
    return this.refresh(document);
  }

  private publish(document: vscode.TextDocument, parsed: ParsedDocument, constraints: string[], findings: FilterFinding[]): void {
    const reviewed = new Set(this.memento.get<string[]>(reviewedKey(document.uri), []));
    const diagnostics: vscode.Diagnostic[] = [];
    for (const f of findings) {
      const constraint = f.constraintIndex === null ? '' : (constraints[f.constraintIndex] ?? '');
      if (reviewed.has(`${f.rule}\u0000${constraint}`)) continue;
      let range: vscode.Range;
      if (f.constraintIndex !== null && parsed.constraints[f.constraintIndex]) {
        const { first, last } = constraintLines(parsed, f.constraintIndex);
        range = new vscode.Range(first, 0, last, document.lineAt(Math.min(last, document.lineCount - 1)).text.length);
      } else {
        const header = Math.max(0, (parsed.constraints[0]?.line ?? 1) - 1);
        range = document.lineAt(header).range;
      }
      const d = new vscode.Diagnostic(range, f.message, SEVERITY[f.severity]);
      d.source = FILTER_SOURCE;
      d.code = f.rule;
      if (f.related?.length) {
        d.relatedInformation = f.related
          .filter((r) => parsed.constraints[r])
          .map((r) => new vscode.DiagnosticRelatedInformation(new vscode.Location(document.uri, document.lineAt(parsed.constraints[r]!.line).range), `constraint ${r + 1}`));
      }
      this.tags.set(d, { rule: f.rule, constraint });
      diagnostics.push(d);
    }
    const before = this.diagnostics.get(document.uri)?.length ?? 0;
    this.diagnostics.set(document.uri, diagnostics);
    if (before !== diagnostics.length) this.changed.fire(document.uri);
  }

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const d of context.diagnostics) {
      if (d.source !== FILTER_SOURCE) continue;
      const tag = this.tags.get(d) ?? { rule: String(d.code), constraint: '' };
      if (tag.constraint) {
        const remove = new vscode.CodeAction(`Remove this constraint (${d.code})`, vscode.CodeActionKind.QuickFix);
        const edit = new vscode.WorkspaceEdit();
        edit.delete(document.uri, new vscode.Range(d.range.start.line, 0, d.range.end.line + 1, 0));
        remove.edit = edit;
        remove.diagnostics = [d];
        remove.isPreferred = d.severity === vscode.DiagnosticSeverity.Error;
        actions.push(remove);
      }
      const reviewed = new vscode.CodeAction('Mark as reviewed (hide this finding)', vscode.CodeActionKind.QuickFix);
      reviewed.command = { title: 'Mark as reviewed', command: Commands.markFilterReviewed, arguments: [document.uri, tag] };
      reviewed.diagnostics = [d];
      actions.push(reviewed);
    }
    return actions;
  }

  async markReviewed(uri: vscode.Uri, tag: FindingTag): Promise<void> {
    const key = reviewedKey(uri);
    const list = new Set(this.memento.get<string[]>(key, []));
    list.add(`${tag.rule}\u0000${tag.constraint}`);
    await this.memento.update(key, [...list]);
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (doc) await this.refresh(doc);
  }

  private async documentFor(arg?: InstructionRef): Promise<vscode.TextDocument | undefined> {
    const active = vscode.window.activeTextEditor?.document;
    if (!arg) return active && parseInstructionUri(active.uri) ? active : undefined;
    const open = vscode.workspace.textDocuments.find((d) => {
      const r = parseInstructionUri(d.uri);
      return r?.rel === arg.rel && r.index === arg.index;
    });
    if (open) return open;
    return vscode.workspace.openTextDocument(instructionUri(arg));
  }
}

function reviewedKey(uri: vscode.Uri): string {
  return `seif.filter.reviewed:${uri.toString()}`;
}
