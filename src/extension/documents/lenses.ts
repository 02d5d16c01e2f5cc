import * as vscode from 'vscode';
import { Commands, INSTRUCTION_SCHEME } from '../ids';
import { Disposable } from '../lifecycle';
import type { WorkspaceService } from '../workspace/workspaceService';
import { parseInstructionUri, type InstructionRef } from './instructionUri';

/** Other features (Filter, Judger, Follower sample) add their lenses to instruction documents through this. */
export interface InstructionLensContributor {
  provideLenses(document: vscode.TextDocument, ref: InstructionRef): vscode.CodeLens[] | Promise<vscode.CodeLens[]>;
}

/** Accept / Reject / Undo / Next above every instruction document, plus what contributors add. */
export class InstructionLensProvider extends Disposable implements vscode.CodeLensProvider {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly contributors = new Set<InstructionLensContributor>();

  constructor(private readonly service: WorkspaceService) {
    super();
    this._register(service.onDidChange(() => this.changed.fire()));
    this._register(vscode.languages.registerCodeLensProvider({ scheme: INSTRUCTION_SCHEME }, this));
  }

  addContributor(c: InstructionLensContributor): vscode.Disposable {
    this.contributors.add(c);
    this.changed.fire();
    return new vscode.Disposable(() => {
      this.contributors.delete(c);
      this.changed.fire();
    });
  }

  refresh(): void {
    this.changed.fire();
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const ref = parseInstructionUri(document.uri);
    if (!ref) return [];
    const top = new vscode.Range(0, 0, 0, 0);
    let status = 'pending';
    try {
      const { dataset, state } = await this.service.dataset(ref.rel);
      status = state.status(dataset.rowKey(ref.index));
    } catch {
      return [];
    }
    const lenses = [
      new vscode.CodeLens(top, { title: status === 'accepted' ? '$(pass-filled) Accepted' : '$(check) Accept', command: Commands.accept, arguments: [ref], tooltip: 'Accept this instruction and go to the next pending one (Ctrl+Alt+Enter)' }),
      new vscode.CodeLens(top, { title: status === 'rejected' ? '$(error) Rejected' : '$(close) Reject', command: Commands.reject, arguments: [ref], tooltip: 'Reject this instruction and go to the next pending one (Ctrl+Alt+Backspace)' }),
      new vscode.CodeLens(top, { title: '$(discard) Undo', command: Commands.undo, arguments: [ref], tooltip: 'Undo the last decision on this instruction (Ctrl+Alt+Z)' }),
      new vscode.CodeLens(top, { title: 'Next pending $(arrow-right)', command: Commands.nextPending, arguments: [ref], tooltip: 'Open the next pending instruction (Ctrl+Alt+])' }),
    ];
    for (const c of this.contributors) {
      try {
        lenses.push(...(await c.provideLenses(document, ref)));
      } catch {}
    }
    return lenses;
  }
}
