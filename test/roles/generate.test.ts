import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateInstructions, failuresFileOf, progressFileOf, type GenerateOptions } from '../../src/core/roles';
import { LlmError, parseRoleEndpoint } from '../../src/core/llm';
import { readParquetFile } from '../../src/core/dataset/parquet';
import { buildPrompt } from '../../src/core/dataset/rows';
import { sharedSeifDataDir } from '../../src/core/util/paths';
import { runCli } from '../../src/cli/main';
import { startOpenAiServer, type ReceivedRequest } from '../support/openai-server';

/** A scripted Instructor: reads the seed out of the prompt and answers with 3 or 5 constraints. */
function instructorReply(r: ReceivedRequest): string {
  const prompt = r.body.messages[0]!.content;
  const seed = /Task:\n(.*)\n/.exec(prompt)![1]!;
  const n = prompt.includes('"c5"') ? 5 : 3;
  if (seed.includes('POISON')) return 'Sure! Here are some ideas, but not as JSON.';
  const obj = Object.fromEntries(Array.from({ length: n }, (_, i) => [`c${i + 1}`, `The response should mention item ${i + 1} about ${seed}`]));
  return '```json\n' + JSON.stringify(obj) + '\n```';
}

function workspace(seeds: string[], extraLines: string[] = []): { dir: string; seedsFile: string; outFile: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seif-gen-'));
  const seedsFile = path.join(dir, 'seed.jsonl');
  fs.writeFileSync(seedsFile, [...seeds.map((s) => JSON.stringify({ prompt: s })), ...extraLines].join('\n') + '\n');
  return { dir, seedsFile, outFile: path.join(dir, 'q_T1.parquet') };
}

const options = (baseUrl: string, ws: { dir: string; seedsFile: string; outFile: string }, over: Partial<GenerateOptions> = {}): GenerateOptions => ({
  seedsFile: ws.seedsFile,
  outFile: ws.outFile,
  endpoint: parseRoleEndpoint('instructor', { baseUrl, model: 'test-model', timeoutMs: 2000, concurrency: 3, retries: 2 }),
  template: 'mixed',
  cacheDir: path.join(ws.dir, '.seif', 'cache'),
  recordFile: path.join(ws.dir, '.seif', 'llm-calls.jsonl'),
  backoffMs: 2,
  ...over,
});

const readFailures = (out: string) => fs.readFileSync(failuresFileOf(out), 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { seed: string; error: string });

test('generation: every seed generated or listed as failed, SEIF q_T schema, seed order, re-run resumes without duplicates', async () => {
  const seeds = Array.from({ length: 12 }, (_, i) => `Seed question ${i}: name a colour.`);
  seeds.splice(5, 0, 'POISON seed that never parses');
  const ws = workspace([...seeds, seeds[0]!], ['{"prompt": "cut', JSON.stringify({ prompt: '' })]);
  // Every seed's first request meets a fault (429, 500, 503, truncated JSON in turn); the retry succeeds.
  const attempts = new Map<string, number>();
  const kinds = ['429', '500', '503', 'truncated-json'] as const;
  const server = await startOpenAiServer({
    reply: (r) => {
      const prompt = r.body.messages[0]!.content;
      const n = attempts.get(prompt) ?? 0;
      attempts.set(prompt, n + 1);
      return n === 0 ? { fault: kinds[attempts.size % kinds.length], content: instructorReply(r) } : instructorReply(r);
    },
  });
  try {
    const first = await generateInstructions(options(server.baseUrl, ws));
    assert.equal(first.generated, 12);
    assert.equal(first.failed, 3);
    assert.equal(first.duplicateSeeds, 1);
    assert.equal(first.templates.soft + first.templates.hard, 12);
    assert.equal(server.faultsInjected, 13, 'one fault per distinct seed, each recovered from (or listed)');

    const table = await readParquetFile(ws.outFile);
    assert.deepEqual(table.columns.map((c) => c.name), ['seed_question', 'constraint', 'prompt', 'kwargs', 'instruction_id_list']);
    const good = seeds.filter((s) => !s.includes('POISON'));
    assert.deepEqual(table.rows.map((r) => r.seed_question), good, 'one row per seed, in seed-file order');
    for (const row of table.rows) {
      const constraints = row.constraint as string[];
      assert.ok(constraints.length === 3 || constraints.length === 5);
      assert.equal(row.prompt, buildPrompt(row.seed_question as string, constraints));
      assert.deepEqual(row.instruction_id_list, constraints.map(() => 'soft'));
      assert.deepEqual(row.kwargs, constraints.map(() => ({ num_bullets: 3n })));
    }

    const failures = readFailures(ws.outFile);
    assert.deepEqual(failures.map((f) => f.seed), ['', '', 'POISON seed that never parses']);
    assert.match(failures[0]!.error, /^seed\.jsonl line 15: not JSON/);
    assert.match(failures[1]!.error, /^seed\.jsonl line 16: "prompt" is empty/);
    assert.match(failures[2]!.error, /^seed\.jsonl row 6: instructor endpoint http:\/\/127\.0\.0\.1:\d+\/v1 \(model test-model\): invalid reply .*gave up after 3 attempts/);

    // Re-run with the same arguments: only the failed seed is asked again; nothing is duplicated.
    const before = server.requests.length;
    const again = await generateInstructions(options(server.baseUrl, ws));
    const asked = server.requests.slice(before).map((r) => /Task:\n(.*)\n/.exec(r.body.messages[0]!.content)![1]);
    assert.deepEqual([...new Set(asked)], ['POISON seed that never parses']);
    assert.equal(again.newlyGenerated, 0);
    assert.equal(again.generated, 12);
    assert.equal((await readParquetFile(ws.outFile)).rows.length, 12);
    assert.equal(readFailures(ws.outFile).length, 3);
  } finally {
    await server.close();
  }
});

test('generation: a cancelled run keeps its rows; the next run finishes the rest; each seed once', { timeout: 20_000 }, async () => {
  const seeds = Array.from({ length: 20 }, (_, i) => `Cancellable seed ${i}`);
  const ws = workspace(seeds);
  const server = await startOpenAiServer({ reply: instructorReply, latencyMs: 30 });
  try {
    const ac = new AbortController();
    const first = await generateInstructions(options(server.baseUrl, ws, { signal: ac.signal, onProgress: (p) => p.done >= 6 && ac.abort() }));
    assert.equal(first.cancelled, true);
    assert.ok(first.generated >= 6 && first.generated < 20, `kept ${first.generated}`);
    assert.equal(first.failed, 0, 'cancelled seeds are not failures');
    assert.equal((await readParquetFile(ws.outFile)).rows.length, first.generated);

    const second = await generateInstructions(options(server.baseUrl, ws));
    assert.equal(second.generated, 20);
    assert.equal(second.newlyGenerated, 20 - first.generated);
    const rows = (await readParquetFile(ws.outFile)).rows.map((r) => r.seed_question);
    assert.deepEqual(rows, seeds);
    const progressLines = fs.readFileSync(progressFileOf(ws.outFile), 'utf8').trim().split('\n');
    assert.equal(progressLines.length, 20, 'one progress entry per seed across both runs');
  } finally {
    await server.close();
  }
});

test('generation never starts against a dead endpoint or a wrong model; nothing is written', async () => {
  const ws = workspace(['a seed']);
  const server = await startOpenAiServer({ models: ['if-verifer'] });
  try {
    await assert.rejects(generateInstructions(options(server.baseUrl, ws)), (e: unknown) => e instanceof LlmError && e.kind === 'model-missing' && /served: if-verifer/.test(e.message));
    assert.equal(server.requests.length, 0);
    assert.equal(fs.existsSync(ws.outFile), false);
    assert.equal(fs.existsSync(progressFileOf(ws.outFile)), false);
  } finally {
    await server.close();
  }
});

test('an endpoint that goes away mid-run stops the batch; what was done is kept and the rest resumes', async () => {
  const seeds = Array.from({ length: 30 }, (_, i) => `Outage seed ${i}`);
  const ws = workspace(seeds);
  const server = await startOpenAiServer({ reply: (r) => (r.n >= 8 ? { fault: '401' } : instructorReply(r)) });
  try {
    const first = await generateInstructions(options(server.baseUrl, ws, { concurrency: 2 }));
    assert.match(first.stopped ?? '', /instructor endpoint .*HTTP 401/);
    assert.equal(first.generated, 8);
    assert.ok(first.failed < 30 - 8, 'the run stopped instead of failing every remaining seed');
    server.setReply(instructorReply);
    const second = await generateInstructions(options(server.baseUrl, ws, { concurrency: 2 }));
    assert.deepEqual([second.generated, second.failed, second.stopped], [30, 0, undefined]);
  } finally {
    await server.close();
  }
});

test('seif generate: the CLI contract (exit 0, summary, failures file; usage errors exit 2; dead endpoint exit 1)', async () => {
  const ws = workspace(['cli seed one', 'cli seed two', 'POISON cli']);
  const server = await startOpenAiServer({ reply: instructorReply });
  const out: string[] = [];
  const err: string[] = [];
  const io = { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t), cwd: ws.dir, env: {} };
  try {
    const args = ['generate', '--seeds', 'seed.jsonl', '--out', 'q_T1.parquet', '--base-url', server.baseUrl.replace(/\/v1$/, ''), '--model', 'test-model', '--template', 'hard', '--concurrency', '2'];
    assert.equal(await runCli(args, io), 0, err.join(''));
    const summary = JSON.parse(out.join('')) as { generated: number; failed: number; templates: Record<string, number> };
    assert.deepEqual([summary.generated, summary.failed, summary.templates.hard], [2, 1, 2]);
    assert.equal(readFailures(ws.outFile).length, 1);
    assert.ok(fs.existsSync(path.join(ws.dir, '.seif', 'llm-calls.jsonl')), 'calls are recorded in the workspace');

    assert.equal(await runCli(['generate', '--seeds', 'seed.jsonl', '--out', 'x.parquet', '--base-url', server.baseUrl, '--model', 'm', '--template', 'odd'], io), 2);
    assert.match(err.join(''), /--template must be soft, hard or mixed/);

    const gone = await startOpenAiServer();
    const deadPort = gone.baseUrl;
    await gone.close();
    err.length = 0;
    assert.equal(await runCli(['generate', '--seeds', 'seed.jsonl', '--out', 'y.parquet', '--base-url', deadPort, '--model', 'm'], io), 1);
  } finally {
    await server.close();
  }
});

const data = sharedSeifDataDir(path.resolve(__dirname, '../..'));
test("generated q_T has the schema of SEIF's released q_T files", { skip: !data && 'no seif-data' }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seif-gen-real-'));
  const server = await startOpenAiServer({ reply: instructorReply });
  try {
    const outFile = path.join(dir, 'q_T1.parquet');
    const s = await generateInstructions(options(server.baseUrl, { dir, seedsFile: path.join(data!, 'seed.parquet'), outFile }, { limit: 4 }));
    assert.equal(s.generated, 4);
    const ours = await readParquetFile(outFile);
    const theirs = await readParquetFile(path.join(data!, 'QWEN-7B', 'q_T1.parquet'));
    assert.deepEqual(ours.columns.map((c) => [c.name, c.type]), theirs.columns.map((c) => [c.name, c.type]));
  } finally {
    await server.close();
  }
});

test('generation into a folder that does not exist yet creates it (the editor offers any path)', async () => {
  const ws = workspace(['Name a colour.', 'Name a river.']);
  const server = await startOpenAiServer({ reply: instructorReply });
  try {
    const outFile = path.join(ws.dir, 'new', 'folder', 'q_T1.parquet');
    const summary = await generateInstructions(options(server.baseUrl, ws, { outFile }));
    assert.equal(summary.generated, 2);
    assert.equal((await readParquetFile(outFile)).rows.length, 2);
    assert.ok(fs.existsSync(progressFileOf(outFile)));
  } finally {
    await server.close();
    fs.rmSync(ws.dir, { recursive: true, force: true });
  }
});
