import * as vscode from 'vscode';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { DatasetNode, ProblemNode, RoundNode } from '../../src/extension/tree/nodes';
import { activateApi, children, waitFor, workspaceRoot } from './helpers';

// Runs last (file name): it adds broken files to the shared fixture workspace.
suite('Bad input: clear errors with their place, the rest of the workspace still loads', () => {
  test('a corrupt parquet round shows a problem node; a wrong-typed seif.json gets a diagnostic; nothing is overwritten', async () => {
    const api = await activateApi();
    const root = workspaceRoot();
    const broken = path.join(root, 'data', 'Self-IF-Self-BROKEN', 'q_T1.parquet');
    fs.mkdirSync(path.dirname(broken), { recursive: true });
    fs.writeFileSync(broken, 'PAR1 this is not really parquet');
    const manifestFile = path.join(root, 'seif.json');
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
    manifest.rounds[0].t = 'one';
    const badText = JSON.stringify(manifest, null, 2);
    fs.writeFileSync(manifestFile, badText);
    await vscode.commands.executeCommand('seif.refresh');

    const top = await children(api);
    const manifestProblem = top.find((n): n is ProblemNode => n.kind === 'problem');
    assert.ok(manifestProblem, 'the manifest problem is shown at the top of the tree');
    assert.match(manifestProblem.problem.message, /invalid manifest: rounds\[0\]\.t/);
    const diags = await waitFor('seif.json diagnostics', () => {
      const d = vscode.languages.getDiagnostics(vscode.Uri.file(manifestFile));
      return d.length ? d : undefined;
    });
    assert.equal(diags[0]!.source, 'SEIF manifest');
    assert.equal(diags[0]!.range.start.line, badText.split('\n').findIndex((l) => l.includes('"one"')));
    assert.equal(fs.readFileSync(manifestFile, 'utf8'), badText, 'a broken manifest is never rewritten');

    const rounds = top.filter((n): n is RoundNode => n.kind === 'round');
    const brokenRound = rounds.find((r) => r.round.family === 'BROKEN')!;
    assert.ok(brokenRound, 'the broken file still shows as a round');
    const [ds] = (await children(api, brokenRound)) as DatasetNode[];
    const [problem] = (await children(api, ds)) as ProblemNode[];
    assert.equal(problem!.kind, 'problem');
    assert.match(problem!.problem.message, /truncated or corrupt parquet file/);
    assert.equal(problem!.problem.file, broken);
    const good = rounds.find((r) => r.round.family !== 'BROKEN' && r.round.t === 2)!;
    const goodRows = await children(api, (await children(api, good))[0]);
    assert.equal(goodRows.length, 24, 'the other rounds load as before');
  });
});
