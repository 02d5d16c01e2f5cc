import * as vscode from 'vscode';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { SeifStudioApi } from '../../src/extension/extension';
import type { FilterFinding } from '../../src/core/roles';
import type { FilterRoundResult } from '../../src/extension/roles/filterRound';
import type { RoleHealthReport } from '../../src/extension/roles/healthStatusBar';
import type { ConstraintJudgement } from '../../src/extension/judger/judgement';
import type { GenerateSummary } from '../../src/core/roles';
import type { InstructionRef } from '../../src/extension/documents/instructionUri';
import { readParquetFile, writeParquetFile } from '../../src/core/dataset/parquet';
import { instructionsShape } from '../../src/core/dataset/seif-shapes';
import { instructionRows, seedPrompts } from '../support/fixtures';
import { startOpenAiServer, type OpenAiTestServer, type ReceivedRequest } from '../support/openai-server';
import { activateApi, answerQuickPick, readJournal, save, waitFor, workspaceRoot } from './helpers';

// This suite's own rounds (copies of the fixture rows), so it does not depend on what other suites decided.
const FAMILY = 'ROLES';
const Q1 = `data/Self-IF-Self-${FAMILY}/q_T1.parquet`;
const Q2 = `data/Self-IF-Self-${FAMILY}/q_T2.parquet`;
const MODELS = { instructor: 'if-verifer', filter: 'if-filter', follower: 'if-answer', judge: 'if-judge' } as const;
type RoleName = keyof typeof MODELS;

/** Seeds whose instruction the scripted Filter model calls conflicting (the seeds are the same in both rounds). */
const LLM_CONFLICT_SEEDS = ['(case 2).', '(case 6).'];
const FILTER_REASON = 'A formal tone cannot be kept while highlighting sections as asked.';
/** The seed the scripted Instructor always answers with a repeated constraint (an invalid reply). */
const BAD_SEED = '(case 3).';

function lastUser(req: ReceivedRequest): string {
  return req.body.messages.filter((m) => m.role === 'user').at(-1)?.content ?? '';
}

/** SEIF's four served models behind one loopback server; each answers like its role. */
function script(req: ReceivedRequest): string {
  const user = lastUser(req);
  switch (req.body.model) {
    case MODELS.filter: {
      const conflict = LLM_CONFLICT_SEEDS.some((s) => user.includes(s));
      return JSON.stringify(conflict ? { conflict: true, reason: FILTER_REASON, blamed: [1, 3] } : { conflict: false, reason: 'The constraints can all hold.', blamed: [] });
    }
    case MODELS.judge: {
      const requirement = user.slice(user.lastIndexOf('Requirement:'));
      const followed = !/remarkable/.test(requirement);
      return JSON.stringify({ followed, reason: followed ? 'The answer does this.' : 'The keyword "remarkable" never appears.' });
    }
    case MODELS.follower:
      return `Sampled answer ${req.n}: volcanoes form where magma reaches the surface.\nA second line.`;
    case MODELS.instructor: {
      const c = (k: number) => (user.includes(BAD_SEED) ? 'Use exactly three sentences.' : `Constraint ${k} for request ${req.n}: mention item ${k} by name.`);
      return JSON.stringify({ c1: c(1), c2: c(2), c3: c(3), c4: c(4), c5: c(5) });
    }
    default:
      return 'unexpected model';
  }
}

async function setRoleSettings(values: Record<string, unknown>): Promise<void> {
  const cfg = vscode.workspace.getConfiguration('seif');
  for (const [key, value] of Object.entries(values)) {
    if (cfg.inspect(key)?.workspaceValue !== value) await cfg.update(key, value, vscode.ConfigurationTarget.Workspace);
  }
}

function healthySettings(baseUrl: string | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const role of Object.keys(MODELS) as RoleName[]) {
    out[`roles.${role}.baseUrl`] = baseUrl;
    out[`roles.${role}.model`] = undefined; // SEIF's served names are the defaults
    out[`roles.${role}.retries`] = baseUrl === undefined ? undefined : 1;
  }
  return out;
}

/** A port nothing listens on: a server started and closed again. */
async function deadBaseUrl(): Promise<string> {
  const s = await startOpenAiServer();
  await s.close();
  return s.baseUrl;
}

async function openRow(rel: string, index: number): Promise<vscode.TextEditor> {
  await vscode.commands.executeCommand('seif.openInstruction', { rel, index });
  return waitFor(`${rel} row ${index} editor`, () => {
    const e = vscode.window.activeTextEditor;
    return e && e.document.uri.path === `/${rel}/row-${index}.seif-instruction` ? e : undefined;
  });
}

function filterDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'SEIF Filter');
}

function lineOf(doc: vscode.TextDocument, pattern: RegExp): number {
  const line = [...Array(doc.lineCount).keys()].find((i) => pattern.test(doc.lineAt(i).text));
  assert.ok(line !== undefined, `a line matching ${pattern} in\n${doc.getText()}`);
  return line;
}

async function lensTitles(uri: vscode.Uri): Promise<string[]> {
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
  return lenses.map((l) => l.command?.title ?? '');
}

suite('LLM roles in the editor: endpoints, Filter, Follower, LLM Judger, Instructor (loopback OpenAI server)', () => {
  let api: SeifStudioApi;
  let root: string;
  let server: OpenAiTestServer;

  suiteSetup(async () => {
    api = await activateApi();
    root = workspaceRoot();
    server = await startOpenAiServer({ models: Object.values(MODELS), ownedBy: 'vllm', reply: script });
    for (const [rel, t] of [[Q1, 1], [Q2, 2]] as const) {
      if (!fs.existsSync(path.join(root, rel))) await writeParquetFile(path.join(root, rel), instructionsShape(), instructionRows(24, t));
    }
    await vscode.commands.executeCommand('seif.refresh');
    await waitFor('the ROLES rounds', async () => ((await api.service.ready())?.rounds().some((r) => r.family === FAMILY) ? true : undefined));
  });

  setup(async () => {
    await setRoleSettings(healthySettings(server.baseUrl));
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await setRoleSettings(healthySettings(undefined));
    await server?.close();
  });

  test('the status bar sees every role healthy; a dead or misnamed endpoint is reported and a batch refuses to start', async () => {
    const healthy = await vscode.commands.executeCommand<RoleHealthReport>('seif.checkRoleHealth');
    assert.equal(healthy.text, '$(pass) SEIF roles 4/4');
    for (const role of Object.keys(MODELS) as RoleName[]) {
      const h = healthy.roles[role];
      assert.ok(h && typeof h !== 'string' && h.ok, `${role}: ${JSON.stringify(h)}`);
      assert.equal(h.flavour, 'vllm', 'owned_by: vllm is detected');
      assert.deepEqual([...h.served].sort(), Object.values(MODELS).sort());
    }

    // An endpoint that went away after it answered: the next batch checks again and refuses.
    const gone = await startOpenAiServer({ models: [MODELS.filter], reply: () => JSON.stringify({ conflict: false, reason: 'fine', blamed: [] }) });
    await setRoleSettings({ 'roles.filter.baseUrl': gone.baseUrl });
    const findings = await vscode.commands.executeCommand<FilterFinding[]>('seif.runFilter', { rel: Q1, index: 7 });
    assert.ok(Array.isArray(findings), 'Run Filter ran');
    assert.equal(gone.requests.length, 1, 'the Filter model was asked once');
    await gone.close();

    const dead = await deadBaseUrl();
    await setRoleSettings({ 'roles.follower.baseUrl': dead, 'roles.judge.model': 'if-judeg' });
    const report = await vscode.commands.executeCommand<RoleHealthReport>('seif.checkRoleHealth');
    assert.equal(report.text, '$(error) SEIF roles 1/4');
    const msg = (role: RoleName) => {
      const h = report.roles[role];
      return typeof h === 'string' ? h : (h?.message ?? '');
    };
    assert.match(msg('filter'), new RegExp(`^filter endpoint ${gone.baseUrl.replace(/[.]/g, '\\.')} \\(model if-filter\\): unreachable`));
    assert.match(msg('follower'), new RegExp(`^follower endpoint ${dead.replace(/[.]/g, '\\.')} \\(model if-answer\\): unreachable`));
    assert.match(msg('judge'), /^judge endpoint http:\/\/127\.0\.0\.1:\d+\/v1 \(model if-judeg\): model not served \(served: .*if-judge.*\)/);
    assert.ok(msg('instructor').includes('healthy'));

    const journalBefore = readJournal(root).length;
    const requestsBefore = server.requests.length;
    const round = await vscode.commands.executeCommand<FilterRoundResult>('seif.filterRound', { rel: Q2, useLlm: true });
    assert.ok(round.error, 'the Filter Round did not start');
    assert.match(round.error, /filter endpoint .* unreachable/);
    assert.match(round.error, /nothing was rejected/);
    assert.equal(round.checked, 0);
    assert.equal(round.rejected, 0);

    await openRow(Q1, 7);
    const judged = await vscode.commands.executeCommand<ConstraintJudgement[]>('seif.runJudger', { rel: Q1, index: 7 });
    assert.equal(judged.length, 3, 'the Judger still answers, for every constraint');
    for (const j of judged) {
      assert.equal(j.by, 'none');
      assert.match(j.reason, /^not judged: judge endpoint .*model not served/);
    }

    const sampled = await vscode.commands.executeCommand<string | undefined>('seif.sampleResponse', { rel: Q1, index: 7 });
    assert.equal(sampled, undefined, 'no sample from a dead follower endpoint');

    await setRoleSettings({ 'roles.instructor.baseUrl': dead });
    const out = path.join(root, 'generated', 'never.parquet');
    const generated = await vscode.commands.executeCommand<GenerateSummary | undefined>('seif.generateInstructions', { seedsFile: 'data/seed.parquet', outFile: out, template: 'soft' });
    assert.equal(generated, undefined, 'no generation against a dead instructor endpoint');
    assert.ok(!fs.existsSync(out), 'nothing written');

    assert.equal(readJournal(root).length, journalBefore, 'the journal is untouched');
    assert.equal(server.requests.length, requestsBefore, 'no chat request was sent anywhere');
  });

  test('API keys go to SecretStorage, reach the server as a bearer token, and never land in settings', async () => {
    const KEY = 'sk-seif-integration-test';
    const keyed = await startOpenAiServer({ models: [MODELS.judge], apiKey: KEY, reply: script });
    try {
      await setRoleSettings({ 'roles.judge.baseUrl': keyed.baseUrl });
      const msg = (r: RoleHealthReport) => {
        const h = r.roles.judge;
        return typeof h === 'string' ? h : (h?.message ?? '');
      };
      const without = await vscode.commands.executeCommand<RoleHealthReport>('seif.checkRoleHealth');
      assert.match(msg(without), /^judge endpoint .*: HTTP 401 .*check this role's API key/);
      await vscode.commands.executeCommand('seif.setRoleApiKey', 'judge', KEY);
      const withKey = await vscode.commands.executeCommand<RoleHealthReport>('seif.checkRoleHealth');
      assert.equal(withKey.text, '$(pass) SEIF roles 4/4', msg(withKey));
      const ref: InstructionRef = { rel: Q1, index: 4 };
      await api.documents.setResponse(ref, 'A remarkable answer.', 'test');
      await openRow(Q1, 4);
      const judged = await vscode.commands.executeCommand<ConstraintJudgement[]>('seif.runJudger', ref);
      assert.ok(judged.every((j) => j.by === 'llm'), JSON.stringify(judged));
      assert.ok(keyed.requests.length > 0 && keyed.requests.every((r) => r.authorization === `Bearer ${KEY}`));
      const settingsFile = path.join(root, '.vscode', 'settings.json');
      assert.ok(!fs.readFileSync(settingsFile, 'utf8').includes(KEY), 'the key is not in the settings');
      await vscode.commands.executeCommand('seif.setRoleApiKey', 'judge', '');
      assert.match(msg(await vscode.commands.executeCommand<RoleHealthReport>('seif.checkRoleHealth')), /HTTP 401/, 'removed again');
    } finally {
      await keyed.close();
    }
  });

  test('a Filter Round stops when the filter endpoint fails every call, and offers only what it found', async () => {
    const refusing = await startOpenAiServer({ models: [MODELS.filter], reply: () => ({ fault: '401' }) });
    try {
      await setRoleSettings({ 'roles.filter.baseUrl': refusing.baseUrl });
      const journalBefore = readJournal(root).length;
      const result = await answerQuickPick(vscode.commands.executeCommand<FilterRoundResult>('seif.filterRound', { rel: Q1, useLlm: true }), 'close');
      assert.equal(result.error, undefined, 'the health check passed: the server lists the model');
      assert.match(result.stopped ?? '', /^filter endpoint http:\/\/127\.0\.0\.1:\d+\/v1 \(model if-filter\): HTTP 401 .*API key/);
      assert.ok(result.checked < 24, `stopped early (${result.checked} checked)`);
      assert.ok(refusing.requests.length < 24, `did not ask about every row (${refusing.requests.length} requests)`);
      assert.equal(result.rejected, 0);
      assert.equal(readJournal(root).length, journalBefore);
    } finally {
      await refusing.close();
    }
  });

  test('rule Filter: a numeric contradiction is a diagnostic on the constraint; "remove constraint" is journaled on save; "mark as reviewed" hides a finding', async () => {
    const editor = await openRow(Q1, 0);
    const doc = editor.document;
    const diags = await waitFor('SEIF Filter diagnostics', () => {
      const d = filterDiagnostics(doc.uri);
      return d.length ? d : undefined;
    });
    assert.deepEqual(diags.map((d) => d.code), ['numeric-contradiction']);
    const d = diags[0]!;
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    const offending = lineOf(doc, /^5\. \[soft\] Answer with less than 80 words\.$/);
    assert.equal(d.range.start.line, offending);
    assert.equal(d.relatedInformation?.[0]?.location.range.start.line, lineOf(doc, /^3\. \[soft\] Your answer must be at least 150 words long\.$/));
    assert.ok((await lensTitles(doc.uri)).includes('$(filter) Run Filter · 1 finding'));

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, d.range);
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('Mark as reviewed (hide this finding)'), titles.join(' | '));
    const remove = actions.find((a) => a.title === 'Remove this constraint (numeric-contradiction)');
    assert.ok(remove?.edit, titles.join(' | '));
    assert.ok(await vscode.workspace.applyEdit(remove.edit));
    assert.ok(!doc.getText().includes('less than 80 words'));
    await waitFor('the finding to go once the constraint is gone', () => (filterDiagnostics(doc.uri).length === 0 ? true : undefined));
    assert.ok(await save(doc), 'saved');
    const edit = readJournal(root).at(-1)!;
    assert.equal(edit.action, 'edit');
    assert.equal(edit.dataset, Q1);
    assert.deepEqual((edit.after as { constraints: string[] }).constraints, (instructionRows(24, 1)[0]!.constraint as string[]).slice(0, 4));

    // Another contradiction, kept on purpose: mark it as reviewed.
    const other = await openRow(Q1, 10);
    const found = await waitFor('row 10 findings', () => {
      const x = filterDiagnostics(other.document.uri);
      return x.length ? x : undefined;
    });
    const reviewAction = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', other.document.uri, found[0]!.range)).find((a) => a.title.startsWith('Mark as reviewed'));
    assert.ok(reviewAction?.command, 'a "mark as reviewed" action');
    await vscode.commands.executeCommand(reviewAction.command.command, ...(reviewAction.command.arguments ?? []));
    await waitFor('the reviewed finding to be hidden', () => (filterDiagnostics(other.document.uri).length === 0 ? true : undefined));
  });

  test('Run Filter adds the Filter model\'s verdict: its reason on the blamed constraints', async () => {
    const editor = await openRow(Q1, 1);
    const doc = editor.document;
    const before = server.requests.length;
    let lensesChanged = 0;
    const listening = api.lenses.onDidChangeCodeLenses(() => lensesChanged++);
    const findings = await Promise.resolve(vscode.commands.executeCommand<FilterFinding[]>('seif.runFilter', { rel: Q1, index: 1 })).finally(() => listening.dispose());
    assert.ok(lensesChanged > 0, 'the editor is told to draw the lenses again');
    const llm = findings.filter((f) => f.rule === 'llm-conflict');
    assert.deepEqual(llm.map((f) => f.constraintIndex), [0, 2]);
    const asked = server.requests.slice(before).filter((r) => r.body.model === MODELS.filter);
    assert.equal(asked.length, 1);
    assert.ok(asked[0]!.body.guided_json, 'a vLLM server gets guided_json');
    assert.match(lastUser(asked[0]!), /\(case 2\)\.[\s\S]*1\. /);
    const diags = filterDiagnostics(doc.uri).filter((d) => d.code === 'llm-conflict');
    assert.deepEqual(diags.map((d) => d.range.start.line), [lineOf(doc, /^1\. \[soft\] /), lineOf(doc, /^3\. \[soft\] /)]);
    for (const d of diags) assert.equal(d.message, `the Filter model sees a conflict: ${FILTER_REASON}`);
    assert.ok((await lensTitles(doc.uri)).includes('$(filter) Run Filter · 2 findings'));
  });

  test('Sample Response puts the Follower\'s answer in the Response section', async () => {
    const ref: InstructionRef = { rel: Q1, index: 3 };
    const editor = await openRow(Q1, 3);
    const before = server.requests.length;
    const text = await vscode.commands.executeCommand<string>('seif.sampleResponse', ref);
    assert.match(text, /^Sampled answer \d+: volcanoes form/);
    const asked = server.requests.slice(before);
    assert.equal(asked.length, 1);
    assert.equal(asked[0]!.body.model, MODELS.follower);
    const row = instructionRows(24, 1)[3]!;
    assert.deepEqual(asked[0]!.body.messages, [{ role: 'user', content: [String(row.seed_question), ...(row.constraint as string[])].join('\n') }]);
    await waitFor('the Response section to show the sample', () => (editor.document.getText().endsWith(`=== Response ===\n${text}\n`) ? true : undefined));
    assert.ok((await lensTitles(editor.document.uri)).includes('$(comment-discussion) Sample Response'));
    assert.equal((await api.documents.resolve(ref)).response, text);
    assert.ok(!editor.document.isDirty);

    // With unsaved edits: the Follower sees the edited constraint, and saving keeps the new sample.
    const doc = editor.document;
    const first = lineOf(doc, /^1\. \[soft\] /);
    await editor.edit((e) => e.replace(doc.lineAt(first).range, '1. [soft] Mention exactly two volcanoes by name.'));
    const again = await vscode.commands.executeCommand<string>('seif.sampleResponse', ref);
    assert.notEqual(again, text);
    assert.match(lastUser(server.requests.at(-1)!), /\nMention exactly two volcanoes by name\.\n/);
    assert.ok(doc.isDirty, 'the unsaved edit is kept');
    assert.ok(doc.getText().endsWith(`=== Response ===\n${again}\n`), doc.getText());
    assert.ok(await save(doc), 'saved');
    assert.equal((await api.documents.resolve(ref)).response, again, 'saving did not bring the old response back');
    assert.equal((await api.documents.resolve(ref)).instruction.constraints[0], 'Mention exactly two volcanoes by name.');
  });

  test('Run Judger sends soft constraints to the LLM Judger: verdicts, diagnostics and the lens summary', async () => {
    const ref: InstructionRef = { rel: Q1, index: 2 };
    await api.documents.setResponse(ref, 'Tea was first drunk in China. Any other questions?', 'test');
    const editor = await openRow(Q1, 2);
    const doc = editor.document;
    await waitFor('the response in the document', () => (doc.getText().includes('Any other questions?\n') ? true : undefined));
    const before = server.requests.length;
    const judgements = await vscode.commands.executeCommand<ConstraintJudgement[]>('seif.runJudger', ref);
    assert.equal(judgements.length, 5);
    assert.ok(judgements.every((j) => j.by === 'llm'), JSON.stringify(judgements));
    const failed = judgements.filter((j) => !j.strict);
    assert.equal(failed.length, 1);
    assert.equal(server.requests.slice(before).filter((r) => r.body.model === MODELS.judge).length, 5, 'one judge call per soft constraint');
    const diags = vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === 'SEIF Judger');
    assert.equal(diags.length, 1);
    assert.equal(diags[0]!.range.start.line, lineOf(doc, /^\d\. \[soft\] Include the keyword "remarkable"/));
    assert.equal(diags[0]!.message, 'LLM Judger: The keyword "remarkable" never appears.');
    const titles = await lensTitles(doc.uri);
    assert.ok(titles.includes('Judger 4/5 strict · 4/5 loose'), titles.join(' | '));
  });

  test('SEIF: Filter Round lists what it would reject; Esc rejects nothing, Enter rejects through the journal (source "filter")', async () => {
    const journalBefore = readJournal(root).length;
    const dismissed = await answerQuickPick(vscode.commands.executeCommand<FilterRoundResult>('seif.filterRound', { rel: Q2, useLlm: true }), 'close');
    assert.equal(dismissed.error, undefined);
    assert.equal(dismissed.checked, 24);
    // Rules: rows 1, 3, 13, 15 combine "at least 150 words" with "less than 80 words"; the Filter model blames rows 1 and 5.
    assert.deepEqual(dismissed.candidates.map((c) => c.index), [1, 3, 5, 13, 15]);
    assert.ok(dismissed.candidates.find((c) => c.index === 5)!.findings.some((f) => f.rule === 'llm-conflict' && f.message.includes(FILTER_REASON)));
    assert.equal(dismissed.rejected, 0);
    assert.equal(readJournal(root).length, journalBefore, 'Esc rejects nothing');

    const filterCalls = server.requests.filter((r) => r.body.model === MODELS.filter).length;
    const confirmed = await answerQuickPick(vscode.commands.executeCommand<FilterRoundResult>('seif.filterRound', { rel: Q2, useLlm: true }), 'accept');
    assert.equal(server.requests.filter((r) => r.body.model === MODELS.filter).length, filterCalls, 'the second run is answered from the cache');
    assert.equal(confirmed.rejected, 5);
    const entries = readJournal(root).slice(journalBefore);
    assert.deepEqual(entries.map((e) => [e.action, e.dataset, e.source]), Array(5).fill(['reject', Q2, 'filter']));
    const { dataset, state } = await api.service.dataset(Q2);
    assert.deepEqual([1, 3, 5, 13, 15].map((i) => state.status(dataset.rowKey(i))), Array(5).fill('rejected'));
    assert.equal(state.status(dataset.rowKey(0)), 'pending');
  });

  test('SEIF: Generate Instructions writes a q_T parquet in SEIF\'s schema, lists the failed seed, and resumes without duplicates', async () => {
    const out = path.join(root, 'generated', 'q_T_generated.parquet');
    const preset = { seedsFile: 'data/seed.parquet', outFile: 'generated/q_T_generated.parquet', template: 'soft' };
    const summary = await vscode.commands.executeCommand<GenerateSummary>('seif.generateInstructions', preset);
    assert.equal(summary.outFile, out);
    assert.equal(summary.seeds, 24);
    assert.equal(summary.generated, 23);
    assert.equal(summary.failed, 1);
    const table = await readParquetFile(out);
    assert.deepEqual(table.columns.map((c) => c.name), ['seed_question', 'constraint', 'prompt', 'kwargs', 'instruction_id_list']);
    const seeds = seedPrompts(24).filter((s) => !s.includes(BAD_SEED));
    assert.deepEqual(table.rows.map((r) => r.seed_question), seeds, 'seed-file order, one row per seed');
    for (const r of table.rows) {
      const constraints = r.constraint as string[];
      assert.equal(constraints.length, 5);
      assert.equal(r.prompt, [String(r.seed_question), ...constraints].join('\n'));
      assert.deepEqual(r.instruction_id_list, Array(5).fill('soft'));
    }
    const failures = fs.readFileSync(`${out}.failures.jsonl`, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { seed: string; error: string });
    assert.equal(failures.length, 1);
    assert.ok(failures[0]!.seed.includes(BAD_SEED));
    assert.match(failures[0]!.error, /seed\.parquet row 3: instructor endpoint http:\/\/127\.0\.0\.1:\d+\/v1 \(model if-verifer\): invalid reply/);

    const before = server.requests.length;
    const again = await vscode.commands.executeCommand<GenerateSummary>('seif.generateInstructions', preset);
    assert.equal(again.newlyGenerated, 0);
    assert.equal(again.generated, 23);
    assert.ok(server.requests.slice(before).every((r) => lastUser(r).includes(BAD_SEED)), 'only the failed seed is asked again');
    assert.deepEqual((await readParquetFile(out)).rows.map((r) => r.seed_question), seeds, 'no duplicated row');
  });
});
