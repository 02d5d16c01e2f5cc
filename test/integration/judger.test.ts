import * as vscode from 'vscode';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { SeifStudioApi } from '../../src/extension/extension';
import { activateApi, waitFor, workspaceRoot } from './helpers';

const TEST = 'data/test.parquet';

async function openRow(index: number): Promise<vscode.TextEditor> {
  await vscode.commands.executeCommand('seif.openInstruction', { rel: TEST, index });
  return waitFor(`row ${index} editor`, () => (vscode.window.activeTextEditor?.document.uri.path.endsWith(`/row-${index}.seif-instruction`) ? vscode.window.activeTextEditor : undefined));
}

suite('Judger in the editor: rule constraints checked against the Response section', () => {
  let api: SeifStudioApi;
  suiteSetup(async () => {
    api = await activateApi();
  });

  test('failing rule constraints become diagnostics with the id and the reason; the lens sums up; kwargs hover', async () => {
    await api.documents.setResponse({ rel: TEST, index: 0 }, 'Tea began in China, long ago.', 'test');
    const editor = await openRow(0);
    assert.match(editor.document.getText(), /=== Response ===\nTea began in China, long ago\./);
    const judgements = await vscode.commands.executeCommand<{ id: string; strict: boolean }[]>('seif.runJudger');
    assert.deepEqual(judgements.map((j) => [j.id, j.strict]), [['punctuation:no_comma', false], ['length_constraints:number_words', false]]);
    const diags = vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.source === 'SEIF Judger');
    assert.deepEqual(diags.map((d) => d.code), ['punctuation:no_comma', 'length_constraints:number_words']);
    assert.match(diags[1]!.message, /300/);
    assert.match(editor.document.lineAt(diags[1]!.range.start.line).text, /^2\. \[length_constraints:number_words\] Answer with at least 300 words\./);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri);
    assert.ok(lenses.some((l) => l.command?.title === 'Judger 0/2 strict · 0/2 loose'), lenses.map((l) => l.command?.title).join(' | '));
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, new vscode.Position(diags[1]!.range.start.line, 5));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value))).join('\n');
    assert.match(text, /"num_words": 300/);
    assert.match(text, /"relation": "at least"/);
  });

  test('responses load from a JSONL by key and pass the Judger', async () => {
    const file = path.join(workspaceRoot(), 'rollouts.jsonl');
    fs.writeFileSync(file, [JSON.stringify({ key: 1001, response: '<<Glaciers>>\nSlow rivers of ice.' }), JSON.stringify({ key: 4242, response: 'x' }), ''].join('\n'));
    const loaded = await vscode.commands.executeCommand<number>('seif.loadResponses', { rel: TEST }, file);
    assert.equal(loaded, 1);
    const editor = await openRow(1);
    assert.match(editor.document.getText(), /<<Glaciers>>/);
    await vscode.commands.executeCommand('seif.runJudger');
    assert.equal(vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.source === 'SEIF Judger').length, 0);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri);
    assert.ok(lenses.some((l) => l.command?.title === 'Judger 1/1 strict · 1/1 loose'));
  });
});
