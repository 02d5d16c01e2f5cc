import * as vscode from 'vscode';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { SeifStudioApi } from '../../src/extension/extension';
import type { RoundsNode } from '../../src/extension/tree/nodes';

export const EXTENSION_ID = 'seif-studio.seif-studio';

export async function activateApi(): Promise<SeifStudioApi> {
  const ext = vscode.extensions.getExtension<SeifStudioApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is installed in the host`);
  return ext.activate();
}

export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the runner opened a workspace folder');
  return folder.uri.fsPath;
}

export async function children(api: SeifStudioApi, node?: RoundsNode): Promise<RoundsNode[]> {
  return (await api.tree.getChildren(node)) ?? [];
}

export async function item(api: SeifStudioApi, node: RoundsNode): Promise<vscode.TreeItem> {
  return api.tree.getTreeItem(node);
}

export function label(i: vscode.TreeItem): string {
  return typeof i.label === 'string' ? i.label : (i.label?.label ?? '');
}

export function readJournal(root: string): { action: string; rowKey: string; dataset: string; after?: unknown; source?: string }[] {
  const file = path.join(root, '.seif', 'journal.jsonl');
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Saves a document. On a loaded machine the workbench sometimes gives up on the extension host's will-save
 * event ("Aborted onWillSaveTextDocument-event after 1750ms") and reports the save as not done; the document
 * is then still dirty, and saving again is what a user would do.
 */
export async function save(doc: vscode.TextDocument): Promise<boolean> {
  for (let attempt = 0; attempt < 3; attempt++) {
    if (await doc.save()) return true;
    if (!doc.isDirty) return false;
  }
  return false;
}

/**
 * Runs a command that ends in a quick pick and answers it the way a keyboard would: `accept` = Enter
 * (the ticked items), `close` = Esc. Until the pick shows, the command is a no-op.
 */
export async function answerQuickPick<T>(run: Thenable<T>, answer: 'accept' | 'close'): Promise<T> {
  let settled = false;
  const done = Promise.resolve(run).finally(() => {
    settled = true;
  });
  const command = answer === 'accept' ? 'workbench.action.acceptSelectedQuickOpenItem' : 'workbench.action.closeQuickOpen';
  while (!settled) {
    await new Promise((r) => setTimeout(r, 250));
    if (!settled) await vscode.commands.executeCommand(command);
  }
  return done;
}
