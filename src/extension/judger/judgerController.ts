import * as vscode from 'vscode';
import { describeInstruction, isRuleId } from '../../core/checkers/index';
import { parseInstructionDocument } from '../../core/instruction/document';
import { describeError } from '../../core/errors';
import { Commands, INSTRUCTION_SCHEME } from '../ids';
import { Disposable } from '../lifecycle';
import type { InstructionFileSystem } from '../documents/instructionFs';
import type { InstructionLensContributor, InstructionLensProvider } from '../documents/lenses';
import { parseInstructionUri, type InstructionRef } from '../documents/instructionUri';
import { judgeInstruction, summarise, type ConstraintJudgement, type SoftJudge } from './judgement';

interface Result {
  version: number;
  judgements: ConstraintJudgement[];
}

/**
 * "Run Judger" on an instruction document: every rule constraint is checked against the Response section;
 * failures become diagnostics on their constraint line (source "SEIF Judger", code = instruction id),
 * passes are marked inline, and a lens sums it up. kwargs show as hovers.
 */
export class JudgerController extends Disposable implements InstructionLensContributor {
  private readonly diagnostics = this._register(vscode.languages.createDiagnosticCollection('seif-judger'));
  private readonly passDecoration = this._register(vscode.window.createTextEditorDecorationType({ after: { margin: '0 0 0 1.5em', color: new vscode.ThemeColor('testing.iconPassed') } }));
  private readonly results = new Map<string, Result>();
  private softJudge: SoftJudge | undefined;

  constructor(private readonly documents: InstructionFileSystem, private readonly lenses: InstructionLensProvider) {
    super();
    this._register(lenses.addContributor(this));
    this._register(vscode.commands.registerCommand(Commands.runJudger, (arg?: InstructionRef) => this.run(arg)));
    this._register(vscode.languages.registerHoverProvider({ scheme: INSTRUCTION_SCHEME }, { provideHover: (d, p) => this.hover(d, p) }));
    this._register(vscode.window.onDidChangeVisibleTextEditors(() => this.decorateAll()));
    this._register(vscode.workspace.onDidCloseTextDocument((d) => {
      this.results.delete(d.uri.toString());
      this.diagnostics.delete(d.uri);
    }));
  }

  /** The LLM Judger registers here to judge `soft` constraints. */
  setSoftJudge(judge: SoftJudge | undefined): vscode.Disposable {
    this.softJudge = judge;
    return new vscode.Disposable(() => {
      if (this.softJudge === judge) this.softJudge = undefined;
    });
  }

  provideLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const top = new vscode.Range(0, 0, 0, 0);
    const r = this.results.get(document.uri.toString());
    const lenses = [new vscode.CodeLens(top, { title: '$(beaker) Run Judger', command: Commands.runJudger, arguments: [parseInstructionUri(document.uri)], tooltip: 'Check the Response section against every constraint' })];
    if (r) {
      const stale = r.version !== document.version ? ' (edited since)' : '';
      lenses.push(new vscode.CodeLens(top, { title: `${summarise(r.judgements)}${stale}`, command: Commands.runJudger, arguments: [parseInstructionUri(document.uri)], tooltip: 'Run the Judger again' }));
    }
    return lenses;
  }

  async run(arg?: InstructionRef): Promise<ConstraintJudgement[] | undefined> {
    const doc = await this.documentFor(arg);
    if (!doc) {
      void vscode.window.showInformationMessage('SEIF: open an instruction document to run the Judger.');
      return undefined;
    }
    const ref = parseInstructionUri(doc.uri)!;
    const parsed = parseInstructionDocument(doc.getText());
    const { instruction } = await this.documents.resolve(ref);
    if (!parsed.response.trim()) {
      void vscode.window.showWarningMessage('SEIF Judger: the Response section is empty — paste a response, load responses from a JSONL, or sample one from the Follower. (IFEval fails every constraint of an empty response.)');
    }
    const version = doc.version;
    let judgements: ConstraintJudgement[];
    const abort = new AbortController();
    try {
      judgements = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'SEIF Judger', cancellable: true }, (_p, token) => {
        token.onCancellationRequested(() => abort.abort());
        return judgeInstruction(instruction, parsed.response, this.softJudge, abort.signal);
      });
    } catch (e) {
      void vscode.window.showErrorMessage(`SEIF Judger failed: ${describeError(e)}`);
      return undefined;
    }
    this.results.set(doc.uri.toString(), { version, judgements });
    this.diagnostics.set(doc.uri, this.toDiagnostics(doc, parsed.constraints.map((c) => c.line), judgements));
    this.decorateAll();
    this.lenses.refresh();
    return judgements;
  }

  private async documentFor(arg?: InstructionRef): Promise<vscode.TextDocument | undefined> {
    const active = vscode.window.activeTextEditor?.document;
    if (!arg) return active && parseInstructionUri(active.uri) ? active : undefined;
    const open = vscode.workspace.textDocuments.find((d) => {
      const r = parseInstructionUri(d.uri);
      return r && r.rel === arg.rel && r.index === arg.index;
    });
    return open ?? undefined;
  }

  private toDiagnostics(doc: vscode.TextDocument, lines: number[], judgements: ConstraintJudgement[]): vscode.Diagnostic[] {
    const out: vscode.Diagnostic[] = [];
    for (const j of judgements) {
      const line = lines[j.index];
      if (line === undefined || line >= doc.lineCount || j.strict === true) continue;
      if (j.by === 'none') continue;
      const severity = j.error ? vscode.DiagnosticSeverity.Error : j.loose ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Error;
      const d = new vscode.Diagnostic(doc.lineAt(line).range, `${j.reason}${j.approximate ? ' (approximate: see SEIF checker data)' : ''}`, severity);
      d.source = 'SEIF Judger';
      d.code = j.id;
      out.push(d);
    }
    return out;
  }

  private decorateAll(): void {
    for (const editor of vscode.window.visibleTextEditors) {
      const r = this.results.get(editor.document.uri.toString());
      if (!r || editor.document.uri.scheme !== INSTRUCTION_SCHEME) continue;
      const lines = parseInstructionDocument(editor.document.getText()).constraints.map((c) => c.line);
      const marks: vscode.DecorationOptions[] = [];
      for (const j of r.judgements) {
        const line = lines[j.index];
        if (line === undefined || line >= editor.document.lineCount || j.strict === undefined) continue;
        const text = j.strict ? '✓ passes' : j.loose ? '✗ strict · ✓ loose' : '✗ fails';
        marks.push({ range: editor.document.lineAt(line).range, renderOptions: { after: { contentText: `${text}${j.by === 'llm' ? ' (LLM)' : ''}` } }, hoverMessage: j.reason });
      }
      editor.setDecorations(this.passDecoration, marks);
    }
  }

  private async hover(doc: vscode.TextDocument, pos: vscode.Position): Promise<vscode.Hover | undefined> {
    const ref = parseInstructionUri(doc.uri);
    if (!ref) return undefined;
    const parsed = parseInstructionDocument(doc.getText());
    const i = parsed.constraints.findIndex((c) => c.line === pos.line);
    if (i < 0) return undefined;
    const { instruction } = await this.documents.resolve(ref);
    const id = instruction.ids[i];
    if (!id || !isRuleId(id)) return undefined;
    const kwargs = Object.fromEntries(Object.entries(instruction.kwargs[i] ?? {}).filter(([, v]) => v !== null && v !== undefined));
    const md = new vscode.MarkdownString();
    md.appendMarkdown(`**${id}**\n\n`);
    try {
      md.appendText(describeInstruction(id, instruction.kwargs[i] ?? {}));
    } catch (e) {
      md.appendText(describeError(e));
    }
    md.appendCodeblock(JSON.stringify(kwargs, (_k, v) => (typeof v === 'bigint' ? Number(v) : v), 2), 'json');
    return new vscode.Hover(md, doc.lineAt(pos.line).range);
  }
}
