import * as vscode from 'vscode';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { DatasetNode, RoundNode } from '../../src/extension/tree/nodes';
import { writeParquetFile } from '../../src/core/dataset/parquet';
import { instructionsShape } from '../../src/core/dataset/seif-shapes';
import { instructionRows } from '../support/fixtures';
import { activateApi, children, item, workspaceRoot } from './helpers';

// Reports (does not assert timings): how long the first page of a 5,000-instruction round takes in the host.
suite('Report: a 5k-instruction round in the extension host', () => {
  test('first page of a 5,000-row round', async () => {
    const api = await activateApi();
    const root = workspaceRoot();
    await writeParquetFile(path.join(root, 'data', 'Self-IF-Self-PERF-5K', 'q_T1.parquet'), instructionsShape(), instructionRows(5000));
    // From the refresh on: the round's counts need its rows, so the dataset is read during the refresh.
    const t0 = performance.now();
    await vscode.commands.executeCommand('seif.refresh');
    const round = (await children(api)).find((n): n is RoundNode => n.kind === 'round' && n.round.family === 'PERF-5K')!;
    const [ds] = (await children(api, round)) as DatasetNode[];
    const page = await children(api, ds);
    const tLoaded = performance.now();
    await Promise.all(page.map((n) => item(api, n)));
    const tItems = performance.now();
    assert.equal(page.filter((n) => n.kind === 'instruction').length, 200, 'one page of 200 instructions');
    assert.equal(page.at(-1)!.kind, 'more');
    const t2 = performance.now();
    await vscode.commands.executeCommand('seif.loadMore', page.at(-1));
    const second = await children(api, ds);
    const t3 = performance.now();
    assert.equal(second.filter((n) => n.kind === 'instruction').length, 400);
    console.log(`      [perf] 5,000-row round: refresh (reads every dataset of the workspace) + first page ${(tLoaded - t0).toFixed(0)} ms, 200 tree items ${(tItems - tLoaded).toFixed(0)} ms, next page ${(t3 - t2).toFixed(0)} ms; activation ${api.activationMs} ms`);
  });
});
