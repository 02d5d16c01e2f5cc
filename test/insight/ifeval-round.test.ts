// IFEval evaluation of a round's Follower against the loopback OpenAI server: answers sampled over
// test.parquet rows, scored by the rule checkers, the accuracies kept in seif.json; training metrics read
// from the local metrics.jsonl format.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createLlmClient, parseRoleEndpoint } from '../../src/core/llm';
import { loadDataset } from '../../src/core/dataset/dataset';
import { evaluateFollower, roundEvalRecord, setRoundEval, readRunMetrics, trainingCharts, workspaceRunMetrics, runMetricsPath, chartCsv, evalChart } from '../../src/core/insight';
import { SeifWorkspace } from '../../src/core/workspace/workspace';
import { loadManifest, saveManifest } from '../../src/core/workspace/manifest';
import { writeGeneratedWorkspace } from '../support/fixtures';
import { startOpenAiServer, type ReceivedRequest } from '../support/openai-server';
import { tempDir } from '../support/tmp';
import { cli } from '../support/cli';

const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');

/** A Follower that obeys the tea and glacier prompts and gets the bullet count wrong. */
function follower(req: ReceivedRequest): string {
  const prompt = req.body.messages.at(-1)!.content;
  if (prompt.includes('history of tea')) return `Tea history. ${words(320)}.`;
  if (prompt.includes('glaciers')) return '<<Ice>>\nSlow rivers of ice carve valleys.';
  return '* bees dance\n* bees sting';
}

test('evaluateFollower samples every IFEval row once (greedy) and scores strict/loose accuracies; seif.json keeps them', async () => {
  const root = tempDir();
  await writeGeneratedWorkspace(root, { rows: 4, rounds: 2 });
  const server = await startOpenAiServer({ reply: follower });
  try {
    const client = createLlmClient(parseRoleEndpoint('follower', { baseUrl: server.baseUrl, model: 'test-model', retries: 0, timeoutMs: 5000 }), { role: 'follower' });
    const ds = await loadDataset(path.join(root, 'data/test.parquet'));
    const progress: number[] = [];
    const r = await evaluateFollower(client, ds, { onProgress: (done) => progress.push(done) });
    assert.equal(server.requests.length, 3, 'one request per IFEval row');
    assert.ok(server.requests.every((q) => q.body.temperature === 0));
    assert.deepEqual(progress.sort(), [1, 2, 3]);
    assert.equal(r.failed.length, 0);
    assert.equal(r.responses.length, 3);
    const s = r.evaluation.scores;
    assert.equal(r.evaluation.scored, 3);
    assert.equal(s.prompts, 3);
    assert.equal(s.instructions, 4);
    assert.equal(s.promptStrict, 2 / 3);
    assert.equal(s.instructionStrict, 3 / 4);
    assert.equal(s.perId['detectable_format:number_bullet_lists']!.strict, 0);

    const ws = new SeifWorkspace(root);
    await ws.open();
    const manifest = (await loadManifest(root))!;
    setRoundEval(manifest, 'TINY-0.5B', 2, roundEvalRecord(r.evaluation));
    await saveManifest(root, manifest);
    const saved = JSON.parse(fs.readFileSync(path.join(root, 'seif.json'), 'utf8'));
    assert.deepEqual(saved.rounds[1].eval, { promptStrict: 2 / 3, promptLoose: 2 / 3, instructionStrict: 0.75, instructionLoose: 0.75, prompts: 3 });
    assert.equal(saved.rounds[0].eval, undefined);
    assert.throws(() => setRoundEval(manifest, 'TINY-0.5B', 9, {}), /no round 9/);

    const chart = evalChart([{ label: 'T1' }, { label: 'T2', eval: saved.rounds[1].eval }])!;
    assert.equal(chartCsv(chart).split('\n')[1], 'T1,,,,');
  } finally {
    await server.close();
  }
});

test('rows the Follower cannot answer are listed and left unscored; none answered is an error naming the cause', async () => {
  const root = tempDir();
  await writeGeneratedWorkspace(root, { rows: 4, rounds: 1 });
  const ds = await loadDataset(path.join(root, 'data/test.parquet'));
  const server = await startOpenAiServer({ reply: (req) => (req.body.messages.at(-1)!.content.includes('glaciers') ? { fault: '500' } : follower(req)) });
  try {
    const client = createLlmClient(parseRoleEndpoint('follower', { baseUrl: server.baseUrl, model: 'test-model', retries: 0, timeoutMs: 5000 }), { role: 'follower' });
    const r = await evaluateFollower(client, ds);
    assert.deepEqual(r.failed.map((f) => f.key), ['1001']);
    assert.equal(r.evaluation.scored, 2);
    assert.deepEqual(r.evaluation.missing, ['1001']);
    server.setReply(() => ({ fault: '500' }));
    const fresh = createLlmClient(parseRoleEndpoint('follower', { baseUrl: server.baseUrl, model: 'test-model', retries: 0, timeoutMs: 5000 }), { role: 'follower' });
    await assert.rejects(evaluateFollower(fresh, ds), /answered none of the 3 IFEval prompts/);
    const q1 = await loadDataset(path.join(root, 'data/Self-IF-Self-TINY-0.5B/q_T1.parquet'));
    await assert.rejects(evaluateFollower(fresh, q1), /needs IFEval's test\.parquet/);
  } finally {
    await server.close();
  }
});

test('training metrics: .seif/runs/<id>/metrics.jsonl read per step, charted per run, bad lines reported', async () => {
  const root = tempDir();
  const write = (id: string, lines: string[]) => {
    fs.mkdirSync(path.dirname(runMetricsPath(root, id)), { recursive: true });
    fs.writeFileSync(runMetricsPath(root, id), lines.join('\n') + '\n');
  };
  write('r1', [
    JSON.stringify({ step: 2, metrics: { 'critic/score/mean': 0.5, 'actor/kl_loss': 0.002, 'response_length/mean': 300 } }),
    JSON.stringify({ step: 1, metrics: { 'critic/score/mean': 0.25, 'actor/kl_loss': 0.001, 'response_length/mean': 280 } }),
    'not json',
    JSON.stringify({ step: 'x', metrics: {} }),
  ]);
  write('r2', [JSON.stringify({ step: 1, metrics: { 'reward/overall': 0.75 } })]);
  fs.mkdirSync(path.join(root, '.seif/runs/empty'), { recursive: true });
  const one = await readRunMetrics(runMetricsPath(root, 'r1'), 'r1');
  assert.deepEqual(one.steps.map((s) => s.step), [1, 2]);
  assert.equal(one.problems.length, 2);
  const runs = await workspaceRunMetrics(root, new Map([['r1', 'TINY T1 · train']]));
  assert.deepEqual(runs.map((r) => r.label), ['TINY T1 · train', 'r2']);
  const charts = trainingCharts(runs);
  assert.deepEqual(charts.map((c) => c.id), ['training-reward', 'training-kl', 'training-responseLength']);
  const reward = charts[0]!;
  assert.deepEqual(reward.labels, ['1', '2']);
  assert.deepEqual(reward.series, [{ name: 'TINY T1 · train', values: [0.25, 0.5] }, { name: 'r2', values: [0.75, null] }]);
  assert.equal(chartCsv(reward), 'step,TINY T1 · train,r2\n1,0.25,0.75\n2,0.5,\n');
  assert.deepEqual(charts[1]!.series.map((s) => s.name), ['TINY T1 · train'], 'a run without KL is not drawn on the KL chart');
});

test('seif eval --follower samples the answers, --round records them in seif.json; --responses still scores given answers', async () => {
  const root = tempDir();
  await writeGeneratedWorkspace(root, { rows: 4, rounds: 2 });
  await new SeifWorkspace(root).open(); // writes seif.json
  const server = await startOpenAiServer({ reply: follower });
  try {
    const run = await cli(['eval', '--dataset', 'data/test.parquet', '--follower', server.baseUrl, '--model', 'test-model', '--round', '2', '--save-responses', 'out/answers.jsonl', '--json'], root);
    assert.equal(run.code, 0, run.stderr);
    const sampled = JSON.parse(run.stdout) as { scores: { promptStrict: number }; scored: number };
    assert.equal(sampled.scored, 3);
    assert.equal(sampled.scores.promptStrict, 2 / 3);
    const saved = JSON.parse(fs.readFileSync(path.join(root, 'seif.json'), 'utf8'));
    assert.equal(saved.rounds[1].eval.promptStrict, 2 / 3);
    assert.equal(saved.rounds[1].eval.prompts, 3);
    // The saved answers are what --responses reads: the same scores again, without an endpoint.
    const again = await cli(['eval', '--dataset', 'data/test.parquet', '--responses', 'out/answers.jsonl', '--json'], root);
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(JSON.parse(again.stdout).scores, JSON.parse(run.stdout).scores);
    const both = await cli(['eval', '--dataset', 'data/test.parquet', '--responses', 'x', '--follower', server.baseUrl], root);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /not both/);
  } finally {
    await server.close();
  }
});
