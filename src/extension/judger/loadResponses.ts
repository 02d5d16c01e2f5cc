import * as vscode from 'vscode';
import path from 'node:path';
import { readJsonlFile } from '../../core/util/jsonl';
import { matchResponses } from '../../core/curation/responses';
import { describeError } from '../../core/errors';
import type { WorkspaceService } from '../workspace/workspaceService';
import type { InstructionFileSystem } from '../documents/instructionFs';
import { parseInstructionUri } from '../documents/instructionUri';

/**
 * "SEIF: Load Responses…": attaches responses from a JSONL (ours, SEIF's if_reward1.jsonl, rollout dumps)
 * to the rows of a dataset, so the Judger can run on them. Returns how many rows got a response.
 */
export async function loadResponses(service: WorkspaceService, documents: InstructionFileSystem, arg?: { rel?: string }, file?: string): Promise<number> {
  const ws = await service.ready();
  if (!ws) return 0;
  let rel = arg?.rel ?? (vscode.window.activeTextEditor && parseInstructionUri(vscode.window.activeTextEditor.document.uri)?.rel);
  if (!rel) {
    const all = [...ws.rounds().flatMap((r) => r.datasets), ...ws.otherDatasets()];
    rel = (await vscode.window.showQuickPick(all, { title: 'SEIF: Load Responses — for which dataset?' })) ?? undefined;
  }
  if (!rel) return 0;
  if (!file) {
    const picked = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'Responses (JSONL)': ['jsonl'] }, openLabel: 'Load responses', defaultUri: vscode.Uri.file(ws.root) });
    file = picked?.[0]?.fsPath;
  }
  if (!file) return 0;
  try {
    const { dataset } = await ws.dataset(rel);
    const byPrompt = new Map<string, string>();
    dataset.rows.forEach((row, i) => typeof row.prompt === 'string' && byPrompt.set(row.prompt, dataset.rowKey(i)));
    const parsed = await readJsonlFile(file);
    const result = matchResponses(parsed.values, (s) => (dataset.indexOfKey(s) !== undefined ? s : byPrompt.get(s)));
    await documents.store().set(result.matched.map((m) => ({ dataset: rel!, rowKey: m.rowKey, response: m.response, source: `file:${path.basename(file!)}` })));
    const notes = [
      result.unmatched.length ? `${result.unmatched.length} line(s) matched no row (first: line ${result.unmatched[0]})` : '',
      result.noResponse.length ? `${result.noResponse.length} line(s) had no response field (first: line ${result.noResponse[0]})` : '',
      parsed.errors.length ? `${parsed.errors.length} broken line(s) skipped (first: line ${parsed.errors[0]!.line})` : '',
    ].filter(Boolean);
    void vscode.window.showInformationMessage(`SEIF: loaded ${result.matched.length} response(s) from ${path.basename(file)} into ${path.basename(rel)}${notes.length ? ` — ${notes.join('; ')}` : ''}.`);
    return result.matched.length;
  } catch (e) {
    void vscode.window.showErrorMessage(`SEIF: could not load responses: ${describeError(e)}`);
    return 0;
  }
}
