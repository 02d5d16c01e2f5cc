import * as vscode from 'vscode';
import { describeError } from '../../core/errors';
import { sampleResponse } from '../../core/roles';
import { Commands } from '../ids';
import { Disposable } from '../lifecycle';
import type { InstructionFileSystem } from '../documents/instructionFs';
import type { InstructionLensContributor } from '../documents/lenses';
import { parseInstructionUri, type InstructionRef } from '../documents/instructionUri';
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
        const { instruction } = await this.documents.resolve(ref);
        // A new sample each time: the researcher asks again to see another answer.
        return (await sampleResponse(client, instruction, abort.signal, { fresh: true })).text;
      });
      await this.documents.setResponse(ref, text, 'follower');
      return text;
    } catch (e) {
      void vscode.window.showErrorMessage(`SEIF: Sample Response failed: ${describeError(e)}`);
      return undefined;
    }
  }
}
