import * as vscode from 'vscode';
import { describeError } from '../../core/errors';
import { parseInstructionDocument } from '../../core/instruction/document';
import { sampleResponse } from '../../core/roles';
import { Commands } from '../ids';
import { Disposable } from '../lifecycle';
import type { InstructionFileSystem } from '../documents/instructionFs';
import type { InstructionLensContributor } from '../documents/lenses';
import { parseInstructionUri, type InstructionRef } from '../documents/instructionUri';
import { documentInstruction } from './documentInstruction';
import type { RoleClients } from './roleClients';

/** "Sample Response": the Follower answers the instruction; the answer goes into the Response section. */
export class FollowerLens extends Disposable implements InstructionLensContributor {
  constructor(
    private readonly documents: InstructionFileSystem,
    private readonly clients: RoleClients,
  ) {
    super();
    this._register(vscode.commands.registerCommand(Commands.sampleResponse, (arg?: InstructionRef) => this.sample(arg)));
  }

  provideLenses(_document: vscode.TextDocument, ref: InstructionRef): vscode.CodeLens[] {
    const top = new vscode.Range(0, 0, 0, 0);
    return [new vscode.CodeLens(top, { title: '$(comment-discussion) Sample Response', command: Commands.sampleResponse, arguments: [ref], tooltip: 'Ask the follower endpoint for a response and put it in the Response section' })];
  }

  async sample(arg?: InstructionRef): Promise<string | undefined> {
    const active = vscode.window.activeTextEditor?.document.uri;
    const ref = arg ?? (active && parseInstructionUri(active));
    if (!ref) {
      void vscode.window.showInformationMessage('SEIF: open an instruction document to sample a response.');
      return undefined;
    }
    try {
      const text = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'SEIF: sampling a response from the Follower…', cancellable: true }, async (_p, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        const client = await this.clients.client('follower');
        await client.ensureHealthy(abort.signal);
        // The instruction as the researcher sees it: unsaved constraint edits of an open document count.
        const saved = (await this.documents.resolve(ref)).instruction;
        const open = openDocument(ref);
        const instruction = open ? documentInstruction(open, saved).instruction : saved;
        // A new sample each time: the researcher asks again to see another answer.
        return (await sampleResponse(client, instruction, abort.signal, { fresh: true })).text;
      });
      await this.documents.setResponse(ref, text, 'follower');
      // A document with unsaved edits is not reloaded from the store: put the answer in its Response
      // section too, or saving it would write the old response over the sample.
      const open = openDocument(ref);
      if (open?.isDirty) await replaceResponse(open, text);
      return text;
    } catch (e) {
      void vscode.window.showErrorMessage(`SEIF: Sample Response failed: ${describeError(e)}`);
      return undefined;
    }
  }
}

function openDocument(ref: InstructionRef): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((d) => {
    const r = parseInstructionUri(d.uri);
    return r?.rel === ref.rel && r.index === ref.index;
  });
}

async function replaceResponse(document: vscode.TextDocument, text: string): Promise<void> {
  const parsed = parseInstructionDocument(document.getText());
  const end = document.lineAt(document.lineCount - 1).range.end;
  const edit = new vscode.WorkspaceEdit();
  // Everything after the "=== Response ===" line is the response (the header is added when missing).
  if (parsed.responseLine < 1) edit.insert(document.uri, end, `${document.lineAt(document.lineCount - 1).text ? '\n' : ''}=== Response ===\n${text}\n`);
  else edit.replace(document.uri, new vscode.Range(document.lineAt(parsed.responseLine - 1).range.end, end), `\n${text}\n`);
  await vscode.workspace.applyEdit(edit);
}
