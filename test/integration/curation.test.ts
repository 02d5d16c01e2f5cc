import * as vscode from 'vscode';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { SeifStudioApi } from '../../src/extension/extension';
import type { DatasetNode, InstructionNode, RoundNode } from '../../src/extension/tree/nodes';
import { readParquetFile } from '../../src/core/dataset/parquet';
import { activateApi, children, item, label, readJournal, save, waitFor, workspaceRoot } from './helpers';

const FAMILY = 'TINY-0.5B';
const Q1 = `data/Self-IF-Self-${FAMILY}/q_T1.parquet`;

suite('Foundation: rounds tree, curation, documents, export (real extension host)', () => {
  let api: SeifStudioApi;
  let root: string;
  let round1: RoundNode;
  let q1: DatasetNode;
  let rows: InstructionNode[];

  suiteSetup(async () => {
    api = await activateApi();
    root = workspaceRoot();
    console.log(`      [perf] activation to first workspace open: ${api.activationMs} ms`);
  });

  test('the tree shows rounds with counts, datasets and instructions with status icons', async () => {
    const top = await children(api);
    const rounds = top.filter((n): n is RoundNode => n.kind === 'round');
    assert.deepEqual(rounds.map((r) => [r.round.family, r.round.t]), [[FAMILY, 1], [FAMILY, 2]]);
    assert.ok(top.some((n) => n.kind === 'group'), 'a "Seeds & evaluation" group');
    round1 = rounds[0]!;
    const roundItem = await waitFor('round counts', async () => {
      const i = await item(api, round1);
      return String(i.description).includes('pending') ? i : undefined;
    });
    assert.equal(label(roundItem), 'Round 1');
    assert.equal(roundItem.description, '24 · ✓0 ✗0 · 24 pending');
    const datasets = await children(api, round1);
    q1 = datasets[0] as DatasetNode;
    assert.equal(q1.rel, Q1);
    rows = (await children(api, q1)) as InstructionNode[];
    assert.equal(rows.length, 24);
    const first = await item(api, rows[0]!);
    assert.equal(first.contextValue, 'instruction:pending');
    assert.equal((first.iconPath as vscode.ThemeIcon).id, 'circle-large-outline');
    assert.match(String(first.description), /^#0 · [35] constraints$/);
  });

  test('inline accept and multi-select reject record decisions in the journal and update the tree', async () => {
    await vscode.commands.executeCommand('seif.accept', rows[0]);
    await vscode.commands.executeCommand('seif.reject', rows[1], [rows[1], rows[2]]);
    const journal = readJournal(root);
    assert.deepEqual(journal.map((e) => [e.action, e.dataset, e.source]), [['accept', Q1, 'tree'], ['reject', Q1, 'bulk'], ['reject', Q1, 'bulk']]);
    assert.equal((await item(api, rows[0]!)).contextValue, 'instruction:accepted');
    assert.equal((await item(api, rows[2]!)).contextValue, 'instruction:rejected');
    assert.equal((await item(api, round1)).description, '24 · ✓1 ✗2 · 21 pending');
  });

  test('an instruction document has the language, code lenses, and keys that accept and auto-advance', async () => {
    await vscode.commands.executeCommand('seif.openInstruction', rows[3]);
    const editor = await waitFor('instruction editor', () => vscode.window.activeTextEditor?.document.uri.scheme === 'seif-instruction' ? vscode.window.activeTextEditor : undefined);
    assert.equal(editor.document.languageId, 'seif-instruction');
    assert.match(editor.document.getText(), /^» SEIF instruction · TINY-0\.5B round 1 · q_T1\.parquet · row 3 of 24 · pending/);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri);
    const titles = lenses.map((l) => l.command?.title ?? '');
    for (const t of ['$(check) Accept', '$(close) Reject', '$(discard) Undo', 'Next pending $(arrow-right)']) assert.ok(titles.includes(t), `lens ${t} in ${titles.join(', ')}`);
    // What Ctrl+Alt+Enter runs: accept the active instruction, then open the next pending one.
    await vscode.commands.executeCommand('seif.accept');
    assert.equal(readJournal(root).at(-1)!.action, 'accept');
    const next = await waitFor('auto-advance', () => {
      const p = vscode.window.activeTextEditor?.document.uri.path;
      return p && !p.endsWith('/row-3.seif-instruction') ? p : undefined;
    });
    assert.ok(next.endsWith('/row-4.seif-instruction'), `advanced to ${next}`);
    assert.equal((await item(api, rows[3]!)).contextValue, 'instruction:accepted');
  });

  test('saving an edited constraint records an edit; undo takes back the last decision', async () => {
    const editor = vscode.window.activeTextEditor!;
    const doc = editor.document;
    const line = [...Array(doc.lineCount).keys()].find((i) => /^1\. \[soft\] /.test(doc.lineAt(i).text))!;
    await editor.edit((e) => e.replace(doc.lineAt(line).range, '1. [soft] The response must mention exactly two volcanoes by name.'));
    assert.ok(await save(doc), 'saved');
    const edit = readJournal(root).at(-1)!;
    assert.equal(edit.action, 'edit');
    assert.deepEqual((edit.after as { constraints: string[] }).constraints[0], 'The response must mention exactly two volcanoes by name.');
    assert.match(String((await item(api, rows[4]!)).description), /edited/);
    await vscode.commands.executeCommand('seif.reject', rows[4]);
    await vscode.commands.executeCommand('seif.undo', rows[4]);
    assert.equal((await item(api, rows[4]!)).contextValue, 'instruction:pending:edited');
    assert.equal(readJournal(root).at(-1)!.action, 'undo');
  });

  test('filters by status and text, and clears', async () => {
    await api.curation.setFilter({ status: 'accepted' });
    let shown = (await children(api, q1)).filter((n) => n.kind === 'instruction') as InstructionNode[];
    assert.deepEqual(shown.map((n) => n.index), [0, 3]);
    await api.curation.setFilter({ text: 'volcanoes by name' });
    shown = (await children(api, q1)).filter((n) => n.kind === 'instruction') as InstructionNode[];
    assert.deepEqual(shown.map((n) => n.index), [4]);
    await vscode.commands.executeCommand('seif.clearFilter');
    assert.equal((await children(api, q1)).length, 24);
  });

  test('export writes the accepted rows with edits applied and the source schema, and records it in seif.json', async () => {
    await vscode.commands.executeCommand('seif.accept', rows[4]);
    const out = await vscode.commands.executeCommand<string>('seif.exportCurated', Q1);
    assert.equal(out, path.join(root, `data/Self-IF-Self-${FAMILY}/q_T1.curated.parquet`));
    const table = await readParquetFile(out);
    assert.equal(table.rows.length, 3);
    assert.deepEqual(table.columns.map((c) => c.type), ['string', 'list<string>', 'string', 'list<struct<num_bullets: int64>>', 'list<string>']);
    const edited = table.rows[2]!;
    assert.equal((edited.constraint as string[])[0], 'The response must mention exactly two volcanoes by name.');
    assert.equal(edited.prompt, [String(edited.seed_question).trim(), ...(edited.constraint as string[])].join('\n'));
    assert.ok(fs.existsSync(out.replace(/\.parquet$/, '.jsonl')));
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'seif.json'), 'utf8'));
    assert.equal(manifest.rounds[0].curated, `data/Self-IF-Self-${FAMILY}/q_T1.curated.parquet`);
  });

  test('decisions survive a reload of the workspace (tree state = data + journal)', async () => {
    await vscode.commands.executeCommand('seif.refresh');
    const top = await children(api);
    const r1 = top.find((n): n is RoundNode => n.kind === 'round' && n.round.t === 1)!;
    const desc = await waitFor('counts after reload', async () => {
      const d = String((await item(api, r1)).description);
      return d.includes('pending') ? d : undefined;
    });
    assert.equal(desc, '24 · ✓3 ✗2 · 19 pending');
  });

});
