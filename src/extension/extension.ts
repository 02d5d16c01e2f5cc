import * as vscode from 'vscode';
import { Commands, INSTRUCTION_SCHEME, OUTPUT_CHANNEL, Views } from './ids';
import { WorkspaceService } from './workspace/workspaceService';
import { RoundsTreeProvider } from './tree/roundsTree';
import { InstructionFileSystem } from './documents/instructionFs';
import { InstructionLensProvider } from './documents/lenses';
import { DocumentDiagnostics } from './documents/documentDiagnostics';
import { CurationController } from './curation/curationController';
import type { RoundsNode } from './tree/nodes';
import { JudgerController } from './judger/judgerController';
import { loadResponses } from './judger/loadResponses';
import { loadFeatures } from './features';

/** What the extension hands to its tests and to features built on top of it. */
export interface SeifStudioApi {
  service: WorkspaceService;
  tree: RoundsTreeProvider;
  treeView: vscode.TreeView<RoundsNode>;
  documents: InstructionFileSystem;
  lenses: InstructionLensProvider;
  curation: CurationController;
  judger: JudgerController;
  log: vscode.OutputChannel;
  /** Milliseconds from activate() start to the first workspace open. */
  activationMs: number;
}

export async function activate(context: vscode.ExtensionContext): Promise<SeifStudioApi> {
  const t0 = Date.now();
  const own = <T extends vscode.Disposable>(d: T): T => {
    context.subscriptions.push(d);
    return d;
  };
  const log = own(vscode.window.createOutputChannel(OUTPUT_CHANNEL));
  const service = own(new WorkspaceService(log));
  const documents = own(new InstructionFileSystem(service));
  own(vscode.workspace.registerFileSystemProvider(INSTRUCTION_SCHEME, documents, { isCaseSensitive: true }));
  const tree = own(new RoundsTreeProvider(service));
  const treeView = own(vscode.window.createTreeView(Views.rounds, { treeDataProvider: tree, canSelectMany: true, showCollapseAll: true }));
  const lenses = own(new InstructionLensProvider(service));
  own(new DocumentDiagnostics());
  const curation = own(new CurationController(service, tree, treeView, log));
  const judger = own(new JudgerController(documents, lenses));
  own(vscode.commands.registerCommand(Commands.loadResponses, (arg?: { rel?: string }, file?: string) => loadResponses(service, documents, arg, file)));

  own(
    vscode.commands.registerCommand(Commands.openWorkspace, async () => {
      if (!vscode.workspace.workspaceFolders?.length) {
        const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: 'Open SEIF folder' });
        if (picked?.[0]) await vscode.commands.executeCommand('vscode.openFolder', picked[0]);
        return;
      }
      await service.open();
      await vscode.commands.executeCommand(`${Views.rounds}.focus`);
    }),
  );
  own(vscode.commands.registerCommand(Commands.refresh, () => service.open()));

  await service.open();
  const api: SeifStudioApi = { service, tree, treeView, documents, lenses, curation, judger, log, activationMs: 0 };
  for (const register of await loadFeatures()) {
    try {
      own(await register(api, context));
    } catch (e) {
      log.appendLine(`[activate] a feature failed to start: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    }
  }
  api.activationMs = Date.now() - t0;
  log.appendLine(`[activate] ready in ${api.activationMs} ms`);
  return api;
}

export function deactivate(): void {}
