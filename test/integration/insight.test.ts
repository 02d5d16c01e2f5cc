import * as vscode from 'vscode';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { SeifStudioApi } from '../../src/extension/extension';
import type { DashboardPanel } from '../../src/extension/insight/dashboardPanel';
import type { ContributedNode, DatasetNode, InstructionNode, RoundNode } from '../../src/extension/tree/nodes';
import { instructionOf, loadDataset } from '../../src/core/dataset/dataset';
import { readParquetFile } from '../../src/core/dataset/parquet';
import { computeRoundStats, driftAlarms, instructionCandidates, mapConstraint, type MappingResult } from '../../src/core/insight';
import { isIfevalId } from '../../src/core/insight/ifeval-ids';
import { evaluateResponses } from '../../src/core/checkers/evaluate';
import { readJsonlFile } from '../../src/core/util/jsonl';
import { startOpenAiServer, type OpenAiTestServer, type ReceivedRequest } from '../support/openai-server';
import { EXTENSION_ID, activateApi, answerQuickPick, children, item, readJournal, waitFor, workspaceRoot } from './helpers';

const FAMILY = 'TINY-0.5B';
const Q2 = `data/Self-IF-Self-${FAMILY}/q_T2.parquet`;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

async function rounds(api: SeifStudioApi): Promise<RoundNode[]> {
  return (await children(api)).filter((n): n is RoundNode => n.kind === 'round' && n.round.family === FAMILY);
}

async function shownRows(api: SeifStudioApi, round: RoundNode): Promise<Map<string, number[]>> {
  const out = new Map<string, number[]>();
  for (const ds of (await children(api, round)).filter((n): n is DatasetNode => n.kind === 'dataset')) {
    out.set(ds.rel, (await children(api, ds)).filter((n): n is InstructionNode => n.kind === 'instruction').map((n) => n.index));
  }
  return out;
}

suite('Round insight in the editor: dashboard, drift on the tree, promotions, IFEval (real extension host)', () => {
  let api: SeifStudioApi;
  let root: string;
  let panel: DashboardPanel;

  suiteSetup(async () => {
    api = await activateApi();
    root = workspaceRoot();
    await api.curation.setFilter({});
  });

  suiteTeardown(async () => {
    await api.curation.setFilter({});
    panel?.dispose();
  });

  test('the dashboard is a webview with a nonce CSP and media/ as its only resource root; its script draws the charts', async () => {
    panel = (await vscode.commands.executeCommand<DashboardPanel>('seif.openDashboard'))!;
    assert.ok(panel?.panel, 'the command returns the dashboard');
    const html = panel.panel.webview.html;
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
    assert.ok(csp, 'a CSP meta tag');
    assert.match(csp, /default-src 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
    assert.ok(nonce && nonce.length >= 16, 'scripts only with a nonce');
    const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]!);
    assert.ok(scripts.length > 0 && scripts.every((s) => s.includes(`nonce="${nonce}"`)), 'every script carries the nonce');
    const media = path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'media');
    assert.deepEqual(panel.panel.webview.options.localResourceRoots?.map((u) => u.fsPath), [media]);
    assert.equal(panel.panel.webview.options.enableScripts, true);
    // The bundled script ran in the webview: it said "ready", got the charts, drew them and said so.
    const drawn = await waitFor('the webview to draw the charts', () => (panel.rendered.length ? panel.rendered : undefined), 90_000);
    assert.ok(panel.received.some((m) => m.type === 'ready'));
    assert.deepEqual(drawn, panel.chartSpecs().map((c) => c.id));
    for (const id of ['constraints-per-row', 'constraints-histogram', 'exactness', 'verifiable', 'id-mix', 'category-mix', 'drift']) assert.ok(drawn.includes(id), `chart ${id}`);
    const labels = panel.chartSpecs()[0]!.labels;
    assert.ok(labels.includes(`${FAMILY} T1`) && labels.includes(`${FAMILY} T2`), labels.join(', '));
  });

  test('messages from the webview are validated: malformed ones are refused and do nothing', async () => {
    const before = panel.received.length;
    assert.equal(await panel.receive({ type: 'openRound', chartId: 'drift', roundIndex: -1, series: 'conflict' }), false);
    assert.equal(await panel.receive({ type: 'exportPng', chartId: 'exactness', dataUrl: 'javascript:alert(1)' }), false);
    assert.equal(await panel.receive({ type: 'deleteEverything' }), false);
    assert.equal(panel.received.length, before);
    assert.equal(await panel.receive({ type: 'rendered', charts: panel.rendered }), true);
  });

  test('PNG of a chart (drawn by the webview, asked over the protocol) and CSV of its data land on disk', async () => {
    const png = path.join(root, 'exports', 'exactness.png');
    const written = await panel.exportChart('exactness', 'png', vscode.Uri.file(png));
    assert.equal(written?.fsPath, png);
    const bytes = fs.readFileSync(png);
    assert.deepEqual(bytes.subarray(0, 8), PNG_SIGNATURE);
    assert.ok(bytes.readUInt32BE(16) > 0 && bytes.readUInt32BE(20) > 0, 'a PNG with a width and a height');
    assert.ok(panel.received.some((m) => m.type === 'exportPng' && m.requestId !== undefined), 'the webview answered the PNG request');

    const csvFile = path.join(root, 'exports', 'exactness.csv');
    await panel.exportChart('exactness', 'csv', vscode.Uri.file(csvFile));
    const lines = fs.readFileSync(csvFile, 'utf8').trimEnd().split('\n');
    assert.equal(lines[0], 'round,exactly');
    // The numbers are the round files' own: computed here again from the parquet files.
    const spec = panel.chartSpecs().find((c) => c.id === 'exactness')!;
    for (const [i, label] of spec.labels.entries()) {
      const rel = `data/Self-IF-Self-${label.split(' ')[0]}/q_T${label.split(' T')[1]}.parquet`;
      const ds = await loadDataset(path.join(root, rel));
      assert.equal(lines[i + 1], `${label},${computeRoundStats(ds.rows, { file: rel }).exactlyShare}`);
    }
    await assert.rejects(panel.exportChart('no-such-chart', 'png', vscode.Uri.file(png)), /no chart "no-such-chart"/);
  });

  test('clicking a bar filters the Rounds tree: a histogram bar to that round\'s rows with that many constraints', async () => {
    const r1 = (await rounds(api)).find((r) => r.round.t === 1)!;
    const index = panel.chartSpecs()[0]!.labels.indexOf(`${FAMILY} T1`);
    const series = panel.chartSpecs().find((c) => c.id === 'constraints-histogram')!.series.find((s) => s.name === '3 constraints')!;
    assert.equal(await panel.receive({ type: 'openRound', chartId: 'constraints-histogram', roundIndex: index, series: series.name }), true);
    assert.equal(api.tree.getFilter().constraintCount, 3);
    assert.match(String(api.treeView.description), /3 constraints/);
    const shown = (await shownRows(api, r1)).get(r1.round.datasets[0]!)!;
    assert.ok(shown.length > 0);
    for (const i of shown) {
      const n = (await children(api, (await children(api, r1))[0]!)).find((x): x is InstructionNode => x.kind === 'instruction' && x.index === i)!;
      assert.match(String((await item(api, n)).description), / 3 constraints/);
    }
    const r2 = (await rounds(api)).find((r) => r.round.t === 2)!;
    assert.deepEqual([...(await shownRows(api, r2)).values()].flat(), [], 'other rounds show nothing');
    await api.curation.setFilter({});
  });

  test('clicking an IFEval-id or a soft-category bar filters the tree to exactly the rows with a constraint of that id / category', async () => {
    const r1 = (await rounds(api)).find((r) => r.round.t === 1)!;
    const rel = r1.round.datasets[0]!;
    const ds = await loadDataset(path.join(root, rel));
    // Each row's mappings, worked out here constraint by constraint: a stored IFEval id, else the rules.
    const mappings = ds.rows.map((row) => {
      const ins = instructionOf(ds.kind, row);
      return ins.constraints.map((text, j) => (isIfevalId(ins.ids[j]) ? { id: ins.ids[j]! } : mapConstraint(text, { seed: ins.seed })));
    });
    const rowsWhere = (test: (m: MappingResult | { id: string }) => boolean) => mappings.flatMap((ms, i) => (ms.some(test) ? [i] : []));
    const index = panel.chartSpecs()[0]!.labels.indexOf(`${FAMILY} T1`);
    const cases = [
      { chartId: 'id-mix', rowsOf: (series: string) => rowsWhere((m) => m !== null && 'id' in m && m.id === series) },
      { chartId: 'category-mix', rowsOf: (series: string) => rowsWhere((m) => !(m !== null && 'id' in m) && (m?.category ?? 'unrecognised') === series) },
    ];
    for (const { chartId, rowsOf } of cases) {
      const spec = panel.chartSpecs().find((c) => c.id === chartId)!;
      // The round's smallest non-empty bar: its rows are a strict subset of the round's.
      const series = spec.series.filter((x) => (x.values[index] ?? 0) > 0).sort((a, b) => a.values[index]! - b.values[index]!)[0]!;
      const expected = rowsOf(series.name);
      assert.ok(expected.length > 0 && expected.length < ds.rows.length, `${chartId} "${series.name}": ${expected.length} of ${ds.rows.length} rows`);
      assert.equal(await panel.receive({ type: 'openRound', chartId, roundIndex: index, series: series.name }), true);
      assert.deepEqual(api.tree.visibleRows(await api.service.workspace!.dataset(rel)), expected);
      assert.deepEqual((await shownRows(api, r1)).get(rel), expected.slice(0, 200));
      assert.match(String(api.treeView.description), new RegExp(`${FAMILY} T1: .*\\(${expected.length} rows\\)`));
      const r2 = (await rounds(api)).find((r) => r.round.t === 2)!;
      assert.deepEqual([...(await shownRows(api, r2)).values()].flat(), [], 'other rounds show nothing');
    }
    await api.curation.setFilter({});
  });

  test('drift alarms are problem nodes on the round items with their rows; selecting one filters the tree to them', async () => {
    let total = 0;
    for (const round of await rounds(api)) {
      const rel = round.round.datasets[0]!;
      const ds = await loadDataset(path.join(root, rel));
      const expected = driftAlarms(ds.rows); // the default thresholds, computed here independently
      total += expected.length;
      const nodes = await waitFor(`drift nodes of round ${round.round.t}`, async () => {
        const kids = (await children(api, round)).filter((n): n is ContributedNode => n.kind === 'contributed');
        return kids.length === expected.length ? kids : undefined;
      }, 60_000);
      assert.deepEqual(nodes.map((n) => n.label).sort(), expected.map((a) => `Drift: ${a.kind}`).sort());
      const roundItem = await item(api, round);
      if (expected.length) {
        assert.match(String(roundItem.tooltip), new RegExp(`⚠ drift ${expected[0]!.kind}`));
        assert.equal((roundItem.iconPath as vscode.ThemeIcon).color?.id, 'problemsWarningIcon.foreground');
      }
      for (const alarm of expected) {
        const node = nodes.find((n) => n.label === `Drift: ${alarm.kind}`)!;
        const ti = await item(api, node);
        assert.equal(ti.description, `${alarm.rows.length} rows`);
        assert.equal(ti.command?.command, 'seif.showDriftRows');
        const rows = await vscode.commands.executeCommand<number[]>(ti.command!.command, ...(ti.command!.arguments ?? []));
        assert.deepEqual(rows, alarm.rows);
        assert.deepEqual((await shownRows(api, round)).get(rel), alarm.rows.slice(0, 200));
        assert.match(String(api.treeView.description), new RegExp(`drift ${alarm.kind}`));
      }
      await api.curation.setFilter({});
    }
    assert.ok(total > 0, 'the fixture rounds raise at least one drift alarm');
  });

  test('a mapped soft constraint is promoted from its line (Quick Fix or lens): journal, document and export follow', async () => {
    const ds = await loadDataset(path.join(root, Q2));
    const row = ds.rows.findIndex((r) => instructionCandidates(instructionOf(ds.kind, r)).length > 0);
    assert.ok(row >= 0, 'a row of q_T2 with a mappable soft constraint');
    const candidate = instructionCandidates(instructionOf(ds.kind, ds.rows[row]!))[0]!;
    await vscode.commands.executeCommand('seif.openInstruction', { rel: Q2, index: row });
    const editor = await waitFor('instruction editor', () => (vscode.window.activeTextEditor?.document.uri.path.endsWith(`/row-${row}.seif-instruction`) ? vscode.window.activeTextEditor : undefined));
    const doc = editor.document;
    const line = [...Array(doc.lineCount).keys()].find((i) => doc.lineAt(i).text.startsWith(`${candidate.index + 1}. [soft] `))!;
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
    assert.ok(lenses.some((l) => l.range.start.line === line && l.command?.title.startsWith(`$(arrow-up) Promote to ${candidate.id}`)), 'a Promote lens on the constraint line');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, new vscode.Range(line, 0, line, 0));
    const promote = actions.find((a) => a.title.startsWith(`Promote to ${candidate.id}`));
    assert.ok(promote?.command, `a Quick Fix in ${actions.map((a) => a.title).join(' | ')}`);
    assert.equal(await vscode.commands.executeCommand(promote.command.command, ...(promote.command.arguments ?? [])), true);
    const entry = readJournal(root).at(-1)!;
    assert.equal(entry.action, 'promote');
    assert.equal(entry.dataset, Q2);
    assert.deepEqual(entry.after, { index: candidate.index, id: candidate.id, kwargs: candidate.kwargs });
    await waitFor('the document to show the id', () => doc.getText().includes(`${candidate.index + 1}. [${candidate.id}] `) || undefined);
    const after = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, new vscode.Range(line, 0, line, 0));
    assert.ok(!after.some((a) => a.title.startsWith(`Promote to ${candidate.id}`)), 'no second promotion of the same constraint');

    // Export still writes parquet: kwargs widened to IFEval's fields, the promoted kwargs in place.
    await api.service.workspace!.decide(Q2, [ds.rowKey(row)], 'accept', 'test');
    const out = await vscode.commands.executeCommand<string>('seif.exportCurated', Q2);
    const table = await readParquetFile(out);
    assert.match(table.columns.find((c) => c.name === 'kwargs')!.type, /num_words: int64/);
    const exported = table.rows.find((r) => r.seed_question === ds.rows[row]!.seed_question)!;
    assert.equal((exported.instruction_id_list as string[])[candidate.index], candidate.id);
    const kw = (exported.kwargs as Record<string, unknown>[])[candidate.index]!;
    for (const [k, v] of Object.entries(candidate.kwargs)) assert.equal(typeof kw[k] === 'bigint' ? Number(kw[k]) : kw[k], v, `kwargs.${k}`);
  });

  test('bulk promotion of a dataset promotes every mapped soft constraint in one journal append; nothing is left after', async () => {
    const before = readJournal(root).length;
    const n = await vscode.commands.executeCommand<number>('seif.promoteDataset', { rel: Q2 }, { confirmed: true });
    assert.ok(n > 0);
    const added = readJournal(root).slice(before);
    assert.equal(added.length, n);
    assert.ok(added.every((e) => e.action === 'promote' && e.dataset === Q2 && e.source === 'bulk-mapping'));
    assert.equal(await vscode.commands.executeCommand<number>('seif.promoteDataset', { rel: Q2 }, { confirmed: true }), 0);
  });

  suite('with a Judge endpoint on 127.0.0.1: Ask LLM next to the rules', () => {
    const Q1 = `data/Self-IF-Self-${FAMILY}/q_T1.parquet`;
    let server: OpenAiTestServer;
    // The "LLM": a scripted answer per constraint, served over HTTP like a real judge endpoint.
    const ANSWERS: Record<string, unknown> = {
      'The response must contain exactly 3 bullet points.': { id: 'detectable_format:number_bullet_lists', kwargs: { num_bullets: 3 } },
      'End your response with the exact phrase "Any other questions?"': { id: 'startend:end_checker', kwargs: { end_phrase: 'Any questions?' } },
      'Your entire response should be in lowercase letters.': { id: 'change_case:english_lowercase', kwargs: {} },
    };
    const constraintOf = (req: ReceivedRequest) => /\nConstraint: (.*)$|^Constraint: (.*)$/.exec(req.body.messages.at(-1)!.content);
    const judge = (req: ReceivedRequest) => {
      const m = constraintOf(req);
      return JSON.stringify(m ? (ANSWERS[m[1] ?? m[2]!] ?? { none: true }) : { followed: true, reason: 'not a mapping request' });
    };
    const roles = () => vscode.workspace.getConfiguration('seif.roles');
    type AskResult = { agreement: string; title: string; items: { label: string; description?: string; detail?: string }[]; promoted?: { by: string; id: string; kwargs: Record<string, unknown> } };

    /** Row and constraint index of a fixture constraint text in q_T1, and the row's seed. */
    async function find(text: string): Promise<{ row: number; constraint: number; seed: string }> {
      const ds = await loadDataset(path.join(root, Q1));
      for (const [row, r] of ds.rows.entries()) {
        const ins = instructionOf(ds.kind, r);
        const constraint = ins.constraints.indexOf(text);
        if (constraint >= 0 && ins.ids[constraint] === 'soft') return { row, constraint, seed: ins.seed };
      }
      throw new Error(`no soft "${text}" in ${Q1}`);
    }

    async function askLenses(row: number): Promise<vscode.CodeLens[]> {
      await vscode.commands.executeCommand('seif.openInstruction', { rel: Q1, index: row });
      const doc = await waitFor('instruction editor', () => (vscode.window.activeTextEditor?.document.uri.path.endsWith(`/row-${row}.seif-instruction`) ? vscode.window.activeTextEditor.document : undefined));
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
      return lenses.filter((l) => l.command?.command === 'seif.askMappingOpinion');
    }

    suiteSetup(async () => {
      server = await startOpenAiServer({ models: ['if-judge'], reply: judge });
    });

    suiteTeardown(async () => {
      await roles().update('judge.baseUrl', undefined, vscode.ConfigurationTarget.Workspace);
      await roles().update('judge.retries', undefined, vscode.ConfigurationTarget.Workspace);
      await server?.close();
    });

    test('"Ask LLM" shows the LLM\'s mapping next to the rules\' with agreement marked; Enter promotes, Esc keeps the constraint soft', async () => {
      const bullets = await find('The response must contain exactly 3 bullet points.');
      assert.deepEqual(await askLenses(bullets.row), [], 'no Ask LLM without a judge endpoint');
      await roles().update('judge.baseUrl', server.baseUrl, vscode.ConfigurationTarget.Workspace);
      await roles().update('judge.retries', 0, vscode.ConfigurationTarget.Workspace);
      const lens = (await askLenses(bullets.row)).find((l) => (l.command!.arguments![0] as { constraint: number }).constraint === bullets.constraint);
      assert.equal(lens?.command?.title, '$(sparkle) Ask LLM');

      // Rules and LLM name the same check: marked as agreeing, Enter promotes it (as the rules' promotion).
      const before = readJournal(root).length;
      const agreed = await answerQuickPick(vscode.commands.executeCommand<AskResult>(lens!.command!.command, ...lens!.command!.arguments!), 'accept');
      assert.equal(agreed.agreement, 'agree');
      assert.match(agreed.title, /^Constraint \d: \$\(check\) rules and LLM agree$/);
      assert.deepEqual(agreed.items.map((i) => [i.label, i.description]), [
        ['$(law) Rules: detectable_format:number_bullet_lists {num_bullets: 3}', '$(check) agrees'],
        ['$(sparkle) LLM: detectable_format:number_bullet_lists {num_bullets: 3}', '$(check) agrees'],
        ['$(circle-slash) Keep it soft', undefined],
      ]);
      assert.deepEqual(agreed.promoted, { by: 'rules', id: 'detectable_format:number_bullet_lists', kwargs: { num_bullets: 3 } });
      const entry = readJournal(root).at(-1)!;
      assert.equal(readJournal(root).length, before + 1);
      assert.deepEqual([entry.action, entry.dataset, entry.source, entry.after], ['promote', Q1, 'editor', { index: bullets.constraint, id: 'detectable_format:number_bullet_lists', kwargs: { num_bullets: 3 } }]);
      const asked = server.requests.at(-1)!.body.messages.at(-1)!.content;
      assert.equal(asked, `Task the constraint belongs to:\n${bullets.seed.trim()}\n\nConstraint: The response must contain exactly 3 bullet points.`);

      // Different end phrases: marked as disagreeing; Esc promotes nothing.
      const ending = await find('End your response with the exact phrase "Any other questions?"');
      const disagreed = await answerQuickPick(vscode.commands.executeCommand<AskResult>('seif.askMappingOpinion', { rel: Q1, index: ending.row, constraint: ending.constraint }), 'close');
      assert.equal(disagreed.agreement, 'disagree');
      assert.deepEqual(disagreed.items.slice(0, 2).map((i) => [i.label, i.description]), [
        ['$(law) Rules: startend:end_checker {end_phrase: "Any other questions?"}', '$(warning) disagrees'],
        ['$(sparkle) LLM: startend:end_checker {end_phrase: "Any questions?"}', '$(warning) disagrees'],
      ]);
      assert.equal(disagreed.promoted, undefined);
      assert.equal(readJournal(root).length, before + 1, 'Esc records nothing');

      // Only the LLM names a check (the rules want "English" for english_lowercase): Enter promotes the LLM's.
      const lower = await find('Your entire response should be in lowercase letters.');
      const lowerLens = (await askLenses(lower.row)).find((l) => (l.command!.arguments![0] as { constraint: number }).constraint === lower.constraint)!;
      const llmOnly = await answerQuickPick(vscode.commands.executeCommand<AskResult>(lowerLens.command!.command, ...lowerLens.command!.arguments!), 'accept');
      assert.equal(llmOnly.agreement, 'llm-only');
      assert.equal(llmOnly.items[0]!.label, '$(law) Rules: no IFEval check (soft category "Morphological")');
      assert.deepEqual(llmOnly.promoted, { by: 'llm', id: 'change_case:english_lowercase', kwargs: {} });
      const last = readJournal(root).at(-1)!;
      assert.deepEqual([last.action, last.source, last.after], ['promote', 'llm-mapping', { index: lower.constraint, id: 'change_case:english_lowercase', kwargs: {} }]);
      const doc = vscode.window.activeTextEditor!.document;
      await waitFor('the document to show the promoted id', () => doc.getText().includes(`${lower.constraint + 1}. [change_case:english_lowercase] `) || undefined);
      assert.equal(server.requests.filter((r) => constraintOf(r)).length, 3, 'one judge request per Ask LLM');
    });
  });

  suite('with a Follower endpoint on 127.0.0.1', () => {
    let server: OpenAiTestServer;
    const words = (k: number) => Array.from({ length: k }, (_, i) => `word${i}`).join(' ');
    const follower = (req: ReceivedRequest) => {
      const prompt = req.body.messages.at(-1)!.content;
      if (prompt.includes('history of tea')) return `Tea history. ${words(320)}.`;
      if (prompt.includes('glaciers')) return '<<Ice>>\nSlow rivers of ice carve valleys.';
      return '* one\n* two';
    };
    const roles = () => vscode.workspace.getConfiguration('seif.roles');

    suiteSetup(async () => {
      server = await startOpenAiServer({ models: ['if-answer'], reply: follower });
      await roles().update('follower.baseUrl', server.baseUrl, vscode.ConfigurationTarget.Workspace);
      await roles().update('follower.retries', 0, vscode.ConfigurationTarget.Workspace);
    });

    suiteTeardown(async () => {
      await roles().update('follower.baseUrl', undefined, vscode.ConfigurationTarget.Workspace);
      await roles().update('follower.retries', undefined, vscode.ConfigurationTarget.Workspace);
      await server?.close();
    });

    test('Evaluate Round on IFEval samples test.parquet, records the four accuracies in seif.json and charts them', async () => {
      const record = await vscode.commands.executeCommand<Record<string, number>>('seif.evaluateRound', { family: FAMILY, t: 1 });
      assert.ok(record, 'the evaluation finished');
      const test = await loadDataset(path.join(root, 'data/test.parquet'));
      assert.equal(server.requests.length, test.rows.length, 'one Follower request per IFEval prompt');
      // Scored again here from the saved answers: the same numbers as the command's.
      const responses = path.join(root, '.seif/eval', `${FAMILY}-T1.responses.jsonl`);
      const again = evaluateResponses(test, await readJsonlFile(responses)).scores;
      assert.deepEqual(record, { promptStrict: again.promptStrict, promptLoose: again.promptLoose, instructionStrict: again.instructionStrict, instructionLoose: again.instructionLoose, prompts: test.rows.length });
      if (test.rows.length === 3) assert.equal(record.promptStrict, 2 / 3); // the generated fixture: the bullet answer fails
      const manifest = JSON.parse(fs.readFileSync(path.join(root, 'seif.json'), 'utf8')) as { rounds: { t: number; family?: string; eval?: unknown }[] };
      assert.deepEqual(manifest.rounds.find((r) => r.t === 1 && (r.family ?? FAMILY) === FAMILY)!.eval, record);
      const drawn = await waitFor('the IFEval chart', () => (panel.rendered.includes('ifeval') ? panel.chartSpecs().find((c) => c.id === 'ifeval') : undefined), 60_000);
      const i = drawn.labels.indexOf(`${FAMILY} T1`);
      assert.equal(drawn.series.find((s) => s.name === 'prompt-level strict')!.values[i], record.promptStrict);
    });
  });

  test('training metrics of a run (.seif/runs/<id>/metrics.jsonl) are drawn per step, one line per run', async () => {
    const file = path.join(root, '.seif/runs/run-test/metrics.jsonl');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const steps = [1, 2, 3].map((step) => ({ step, metrics: { 'critic/score/mean': step / 10, 'actor/kl_loss': step / 1000, 'response_length/mean': 200 + step } }));
    fs.writeFileSync(file, steps.map((s) => JSON.stringify(s)).join('\n') + '\n');
    await panel.refresh();
    await waitFor('the training charts drawn', () => (panel.rendered.includes('training-reward') ? true : undefined), 60_000);
    for (const id of ['training-reward', 'training-kl', 'training-responseLength']) assert.ok(panel.rendered.includes(id), id);
    const csv = path.join(root, 'exports', 'reward.csv');
    await panel.exportChart('training-reward', 'csv', vscode.Uri.file(csv));
    assert.equal(fs.readFileSync(csv, 'utf8'), 'step,run-test\n1,0.1\n2,0.2\n3,0.3\n');
    const png = await panel.exportChart('training-kl', 'png', vscode.Uri.file(path.join(root, 'exports', 'kl.png')));
    assert.deepEqual(fs.readFileSync(png!.fsPath).subarray(0, 8), PNG_SIGNATURE);
  });
});
