import * as vscode from 'vscode';
import { parseInstructionDocument } from '../../core/instruction/document';
import { INSTRUCTION_SCHEME } from '../ids';
import { Disposable } from '../lifecycle';

/** Live structure checks of instruction documents (source "SEIF"), so a save never surprises. */
export class DocumentDiagnostics extends Disposable {
  private readonly collection = this._register(vscode.languages.createDiagnosticCollection('seif-instruction'));

  constructor() {
    super();
    this._register(vscode.workspace.onDidOpenTextDocument((d) => this.check(d)));
    this._register(vscode.workspace.onDidChangeTextDocument((e) => this.check(e.document)));
    this._register(vscode.workspace.onDidCloseTextDocument((d) => this.collection.delete(d.uri)));
    for (const d of vscode.workspace.textDocuments) this.check(d);
  }

  private check(doc: vscode.TextDocument): void {
    if (doc.uri.scheme !== INSTRUCTION_SCHEME) return;
    const parsed = parseInstructionDocument(doc.getText());
    this.collection.set(
      doc.uri,
      parsed.errors.map((e) => {
        const line = doc.lineAt(Math.min(e.line, doc.lineCount - 1));
        const d = new vscode.Diagnostic(line.range, e.message, vscode.DiagnosticSeverity.Error);
        d.source = 'SEIF';
        return d;
      }),
    );
  }
}
