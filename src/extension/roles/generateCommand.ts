import * as vscode from 'vscode';
import path from 'node:path';
import { describeError } from '../../core/errors';
import { workspaceLlmPaths } from '../../core/llm';
import { generateInstructions, type GenerateSummary, type TemplateChoice } from '../../core/roles';
import type { WorkspaceService } from '../workspace/workspaceService';
import type { RoleClients } from './roleClients';

/** What the command can be given instead of asking (paths absolute or relative to the workspace). */
export interface GeneratePreset {
  seedsFile?: string;
  outFile?: string;
  template?: TemplateChoice;
}

/** "SEIF: Generate Instructions": the Instructor over a seed dataset into a q_T parquet (resumable). */
export async function generateCommand(service: WorkspaceService, clients: RoleClients, given?: GeneratePreset): Promise<GenerateSummary | undefined> {
  const ws = await service.ready();
  const root = ws?.root ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (!root) {
    void vscode.window.showInformationMessage('SEIF: open a folder first.');
    return undefined;
  }
  // A command argument from a tree node or a keybinding may be anything: only take the known fields.
  const preset = given && typeof given === 'object' ? given : undefined;
  const abs = (f: string | undefined) => (typeof f === 'string' && f ? path.resolve(root, f) : undefined);
  const seedsFile =
    abs(preset?.seedsFile) ??
    (await vscode.window.showOpenDialog({ title: 'SEIF: seed dataset', filters: { 'Seed questions': ['parquet', 'jsonl'] }, defaultUri: vscode.Uri.file(ws?.otherDatasets()[0] ? ws.abs(ws.otherDatasets()[0]!) : root) }))?.[0]?.fsPath;
  if (!seedsFile) return undefined;
  const outFile = abs(preset?.outFile) ?? (await vscode.window.showSaveDialog({ title: 'SEIF: write q_T parquet', filters: { Parquet: ['parquet'] }, defaultUri: vscode.Uri.file(path.join(root, 'q_T_generated.parquet')) }))?.fsPath;
  if (!outFile) return undefined;
  const template =
    (['soft', 'hard', 'mixed'] as const).find((t) => t === preset?.template) ??
    (await vscode.window.showQuickPick(
      [
        { label: 'mixed', detail: 'soft or hard per seed (fixed per seed, like SEIF’s random choice but reproducible)' },
        { label: 'soft', detail: '5 constraints from 25 reference categories' },
        { label: 'hard', detail: '3 verifiable constraints from 3 different categories' },
      ],
      { title: 'SEIF: Instructor template' },
    ))?.label as TemplateChoice | undefined;
  if (!template) return undefined;
  try {
    const endpoint = await clients.endpoint('instructor');
    const summary = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `SEIF Instructor → ${path.basename(outFile)}`, cancellable: true }, (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      let last = 0;
      return generateInstructions({
        seedsFile,
        outFile,
        endpoint,
        template,
        signal: abort.signal,
        ...workspaceLlmPaths(root),
        onProgress: ({ done, total, failed }) => {
          const pct = (100 * done) / total;
          progress.report({ increment: pct - last, message: `${done}/${total}${failed ? ` · ${failed} failed` : ''}` });
          last = pct;
        },
      });
    });
    const how = summary.cancelled ? 'stopped (run again to continue)' : summary.stopped ? `stopped: ${summary.stopped}` : 'done';
    void vscode.window.showInformationMessage(`SEIF Instructor ${how}: ${summary.generated} instructions in ${path.basename(outFile)}, ${summary.failed} listed in ${path.basename(summary.failuresFile)}.`);
    return summary;
  } catch (e) {
    void vscode.window.showErrorMessage(`SEIF: Generate Instructions failed: ${describeError(e)}`);
    return undefined;
  }
}
