import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLlmClient, LlmError, parseRoleEndpoint } from '../../src/core/llm';
import { judgeConstraints, runLlmFilter, sampleResponse, type Instruction } from '../../src/core/roles';
import { buildPrompt } from '../../src/core/dataset/rows';
import { startOpenAiServer, type ReceivedRequest } from '../support/openai-server';

const instruction: Instruction = {
  seed: 'Describe the water cycle.',
  constraints: ['Use exactly 3 bullet points.', 'Write everything in lowercase.', 'Answer in at least 300 words.'],
  ids: ['soft', 'soft', 'soft'],
  kwargs: [{ num_bullets: 3 }, { num_bullets: 3 }, { num_bullets: 3 }],
};
const client = (baseUrl: string, role: string) =>
  createLlmClient(parseRoleEndpoint(role, { baseUrl, model: 'test-model', timeoutMs: 2000, concurrency: 4, retries: 2 }), { role, backoffMs: 5 });
const userText = (r: ReceivedRequest) => r.body.messages.find((m) => m.role === 'user')!.content;

test('LLM Filter: one verdict for the whole instruction, with the reason and the blamed constraints', async () => {
  const server = await startOpenAiServer({
    reply: (r) => ({
      // A reasoning model's think block may hold JSON-looking text; only what follows </think> counts.
      fault: 'think',
      content: userText(r).includes('lowercase')
        ? '{"conflict": true, "reason": "Three bullets cannot reach 300 words in lowercase? No: 3 bullets and 300 words clash.", "blamed": [1, 3, 9]}'
        : '{"conflict": false, "reason": "compatible", "blamed": []}',
    }),
  });
  try {
    const c = client(server.baseUrl, 'filter');
    const verdict = await runLlmFilter(c, instruction);
    assert.equal(verdict.conflict, true);
    assert.deepEqual(verdict.blamed, [0, 2], 'out-of-range 9 dropped, 1-based → 0-based');
    assert.deepEqual(verdict.findings.map((f) => [f.constraintIndex, f.rule, f.related]), [[0, 'llm-conflict', [2]], [2, 'llm-conflict', [0]]]);
    assert.match(verdict.findings[0]!.message, /^the Filter model sees a conflict: Three bullets/);
    const sent = userText(server.requests[0]!);
    assert.match(sent, /^Task:\nDescribe the water cycle\.\n\nConstraints:\n1\. Use exactly 3 bullet points\.\n2\. Write everything in lowercase\.\n3\. Answer in at least 300 words\.$/);

    const clean = await runLlmFilter(c, { ...instruction, constraints: ['Use exactly 3 bullet points.'], ids: ['soft'], kwargs: [{}] });
    assert.deepEqual([clean.conflict, clean.findings], [false, []]);
  } finally {
    await server.close();
  }
});

test('LLM Judger: per-constraint verdicts, score = followed / total; a constraint without a verdict counts as not followed', async () => {
  const server = await startOpenAiServer({
    reply: (r) => {
      const text = userText(r);
      if (text.includes('lowercase')) return { fault: 'not-json' };
      return `{"followed": ${text.includes('bullet')}, "reason": "checked"}`;
    },
  });
  try {
    const c = client(server.baseUrl, 'judge');
    const result = await judgeConstraints(c, '* a\n* b\n* c', instruction);
    assert.deepEqual(result.verdicts.map((v) => [v.index, v.followed, v.source]), [[0, true, 'llm'], [1, null, 'none'], [2, false, 'llm']]);
    assert.equal(result.score, 1 / 3);
    assert.match(result.verdicts[1]!.error!, /^judge endpoint http:\/\/127\.0\.0\.1:\d+\/v1 \(model test-model\): invalid reply \(no JSON found\)/);
    // The judge sees the answer first and the one constraint last (prefix reuse), never the other constraints.
    const first = server.requests.find((r) => userText(r).includes('bullet'))!;
    assert.match(userText(first), /^Answer:\n<<<\n\* a\n\* b\n\* c\n>>>\n\nRequirement: Use exactly 3 bullet points\.$/);

    const before = server.requests.length;
    const empty = await judgeConstraints(c, '   ', instruction);
    assert.deepEqual([empty.score, server.requests.length - before], [0, 0]);
  } finally {
    await server.close();
  }
});

test('LLM Judger: real IFEval ids go to the IFEval rule checkers; soft ones to the LLM', async () => {
  const server = await startOpenAiServer({ reply: () => '{"followed": true, "reason": "ok"}' });
  try {
    const mixed: Instruction = {
      seed: 'x',
      constraints: ['punctuation:no_comma', 'Mention the sea.'],
      ids: ['punctuation:no_comma', 'soft'],
      kwargs: [{}, {}],
    };
    const result = await judgeConstraints(client(server.baseUrl, 'judge'), 'a, b', mixed);
    assert.deepEqual(result.verdicts.map((v) => [v.followed, v.source]), [[false, 'rule'], [true, 'llm']]);
    assert.equal(result.score, 0.5);
    assert.equal(server.requests.length, 1);
    const fine = await judgeConstraints(client(server.baseUrl, 'judge'), 'a b', mixed);
    assert.equal(fine.verdicts[0]!.followed, true);
    // Bad kwargs of a rule id: no verdict, a clear error, counted as not followed.
    const bad = await judgeConstraints(client(server.baseUrl, 'judge'), 'text', { seed: 'x', constraints: ['length_constraints:number_words'], ids: ['length_constraints:number_words'], kwargs: [{ num_words: 5 }] });
    assert.deepEqual([bad.verdicts[0]!.followed, bad.score], [null, 0]);
    assert.match(bad.verdicts[0]!.error!, /kwargs.relation is missing/);
  } finally {
    await server.close();
  }
});

test('Judger cancellation rejects as cancelled instead of scoring', { timeout: 5000 }, async () => {
  const server = await startOpenAiServer({ reply: () => ({ fault: 'hang' }) });
  try {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 30);
    await assert.rejects(judgeConstraints(client(server.baseUrl, 'judge'), 'text', instruction, ac.signal), (e: unknown) => e instanceof LlmError && e.kind === 'cancelled');
  } finally {
    await server.close();
  }
});

test('Follower sample: SEIF prompt as one user message, think block removed; IFEval rows send their prompt', async () => {
  const server = await startOpenAiServer({ reply: () => ({ fault: 'think', content: 'the answer' }) });
  try {
    const c = client(server.baseUrl, 'follower');
    const sample = await sampleResponse(c, instruction);
    assert.equal(sample.text, 'the answer');
    assert.deepEqual(server.requests[0]!.body.messages, [{ role: 'user', content: buildPrompt(instruction.seed, instruction.constraints) }]);
    const ifevalRow: Instruction = { seed: 'Write a poem without commas.', constraints: ['punctuation:no_comma'], ids: ['punctuation:no_comma'], kwargs: [{}] };
    await sampleResponse(c, ifevalRow);
    assert.equal(userText(server.requests[1]!), 'Write a poem without commas.');
  } finally {
    await server.close();
  }
});
