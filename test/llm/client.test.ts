import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import OpenAI from 'openai';
import { checkEndpointHealth, createLlmClient, LlmError, parseRoleEndpoint, type RoleEndpointInput } from '../../src/core/llm';
import { startOpenAiServer } from '../support/openai-server';

function endpoint(baseUrl: string, over: Partial<RoleEndpointInput> = {}) {
  return parseRoleEndpoint('judge', { baseUrl, model: 'test-model', timeoutMs: 2000, concurrency: 4, retries: 2, ...over });
}
function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'seif-llm-'));
}
const Verdict = z.object({ followed: z.boolean(), reason: z.string() });
const ask = (content: string) => ({ messages: [{ role: 'user' as const, content }], schema: Verdict, schemaName: 'verdict' });

test('health: served model present, missing model named, unreachable and 401 say what is wrong', async () => {
  const server = await startOpenAiServer({ models: ['if-judge', 'other'] });
  const dead = await startOpenAiServer();
  const deadUrl = dead.baseUrl;
  await dead.close();
  const locked = await startOpenAiServer({ apiKey: 'sekrit', models: ['test-model'] });
  try {
    const ok = await checkEndpointHealth('judge', endpoint(server.baseUrl, { model: 'if-judge' }));
    assert.equal(ok.ok, true);
    assert.deepEqual(ok.served, ['if-judge', 'other']);

    const wrong = await checkEndpointHealth('judge', endpoint(server.baseUrl, { model: 'if-judeg' }));
    assert.equal(wrong.ok, false);
    assert.equal(wrong.kind, 'model-missing');
    assert.match(wrong.message, /^judge endpoint http:\/\/127\.0\.0\.1:\d+\/v1 \(model if-judeg\): model not served \(served: if-judge, other\)/);

    const down = await checkEndpointHealth('filter', endpoint(deadUrl));
    assert.equal(down.kind, 'unreachable');
    assert.match(down.message, /^filter endpoint .* unreachable \(ECONNREFUSED\)/);

    const noKey = await checkEndpointHealth('follower', endpoint(locked.baseUrl));
    assert.equal(noKey.kind, 'auth');
    assert.match(noKey.message, /follower endpoint .*HTTP 401 .*API key/);
    const withKey = await checkEndpointHealth('follower', endpoint(locked.baseUrl, { apiKey: 'sekrit' }));
    assert.equal(withKey.ok, true);
  } finally {
    await server.close();
    await locked.close();
  }
});

test('a batch never starts against a dead endpoint: ensureHealthy throws before any chat request', async () => {
  const server = await startOpenAiServer({ models: ['served-name'] });
  try {
    const client = createLlmClient(endpoint(server.baseUrl, { model: 'wrong-name' }), { role: 'instructor' });
    await assert.rejects(client.ensureHealthy(), (e: unknown) => e instanceof LlmError && e.kind === 'model-missing' && /instructor endpoint/.test(e.message));
    assert.equal(server.requests.length, 0);
  } finally {
    await server.close();
  }
});

test('structured output: json_schema for OpenAI servers, guided_json / guided_choice for vLLM', async () => {
  const plain = await startOpenAiServer({ reply: () => '{"followed": true, "reason": "ok"}' });
  const vllm = await startOpenAiServer({ ownedBy: 'vllm', reply: (r) => (r.body.guided_choice ? 'yes' : '{"followed": false, "reason": "no"}') });
  try {
    const a = createLlmClient(endpoint(plain.baseUrl));
    await a.ensureHealthy();
    const ra = await a.chatJson(ask('q'));
    assert.deepEqual(ra.value, { followed: true, reason: 'ok' });
    const fmt = plain.requests[0]!.body.response_format as { type: string; json_schema: { schema: { required: string[] } } };
    assert.equal(fmt.type, 'json_schema');
    assert.deepEqual(fmt.json_schema.schema.required, ['followed', 'reason']);

    const b = createLlmClient(endpoint(vllm.baseUrl));
    await b.ensureHealthy();
    const rb = await b.chatJson(ask('q'));
    assert.equal(rb.value.followed, false);
    assert.ok(vllm.requests[0]!.body.guided_json);
    assert.equal(vllm.requests[0]!.body.response_format, undefined);
    const choice = await b.choose({ messages: [{ role: 'user', content: 'pick' }], choices: ['yes', 'no'] as const });
    assert.equal(choice.value, 'yes');
    assert.deepEqual(vllm.requests[1]!.body.guided_choice, ['yes', 'no']);
  } finally {
    await plain.close();
    await vllm.close();
  }
});

test('think prefixes are dropped; truncated JSON and 5xx are retried up to the bound, then a clear error', async () => {
  const good = '{"followed": true, "reason": "fine"}';
  const faults = ['truncated-json', '503', 'think'] as const;
  const server = await startOpenAiServer({ reply: (r) => ({ content: good, fault: faults[r.n] }) });
  try {
    const client = createLlmClient(endpoint(server.baseUrl, { retries: 2 }), { role: 'judge', backoffMs: 5 });
    const reply = await client.chatJson(ask('q'));
    assert.equal(reply.value.reason, 'fine');
    assert.equal(reply.retries, 2);
    assert.equal(server.requests.length, 3);
    assert.match(reply.raw, /^<think>/);

    server.setReply(() => ({ fault: '503' }));
    const before = server.requests.length;
    await assert.rejects(client.chatJson(ask('q2')), (e: unknown) => {
      assert.ok(e instanceof LlmError);
      assert.equal(e.kind, 'server');
      assert.match(e.message, /^judge endpoint http:\/\/127\.0\.0\.1:\d+\/v1 \(model test-model\): HTTP 503 .*gave up after 3 attempts/);
      return true;
    });
    assert.equal(server.requests.length - before, 3);

    server.setReply(() => ({ fault: 'not-json' }));
    await assert.rejects(client.chatJson(ask('q3')), /invalid reply \(no JSON found\); it began: "I am sorry/);
  } finally {
    await server.close();
  }
});

test('401 and wrong model are not retried', async () => {
  const server = await startOpenAiServer({ reply: () => ({ fault: '401' }) });
  try {
    const client = createLlmClient(endpoint(server.baseUrl, { retries: 3 }), { role: 'filter', backoffMs: 5 });
    await assert.rejects(client.chat({ messages: [{ role: 'user', content: 'x' }] }), (e: unknown) => e instanceof LlmError && e.kind === 'auth');
    assert.equal(server.requests.length, 1);
    const wrong = createLlmClient(endpoint(server.baseUrl, { model: 'nope', retries: 3 }), { role: 'filter', backoffMs: 5 });
    await assert.rejects(wrong.chat({ messages: [{ role: 'user', content: 'x' }] }), /filter endpoint .*\(model nope\): HTTP 404 .*served name/);
  } finally {
    await server.close();
  }
});

test('a hang past the timeout is retried a bounded number of times, then reported as a timeout', { timeout: 20_000 }, async () => {
  const server = await startOpenAiServer({ reply: () => ({ fault: 'hang' }) });
  try {
    const client = createLlmClient(endpoint(server.baseUrl, { timeoutMs: 200, retries: 1 }), { role: 'follower', backoffMs: 5 });
    await assert.rejects(client.chat({ messages: [{ role: 'user', content: 'x' }] }), (e: unknown) => e instanceof LlmError && e.kind === 'timeout' && e.attempts === 2);
    assert.equal(server.requests.length, 2);
  } finally {
    await server.close();
  }
});

test('cache hits make no call; every call is recorded with tokens, retries and cache hit', async () => {
  const server = await startOpenAiServer({ reply: () => '{"followed": true, "reason": "cached"}' });
  const dir = tmpDir();
  const paths = { cacheDir: path.join(dir, '.seif', 'cache'), recordFile: path.join(dir, '.seif', 'llm-calls.jsonl') };
  try {
    const first = createLlmClient(endpoint(server.baseUrl), { role: 'judge', ...paths });
    const a = await first.chatJson({ ...ask('same'), purpose: 'judge' });
    await first.close();
    const second = createLlmClient(endpoint(server.baseUrl), { role: 'judge', ...paths });
    const b = await second.chatJson({ ...ask('same'), purpose: 'judge' });
    const c = await second.chatJson({ ...ask('same'), temperature: 0.5 });
    await second.close();
    assert.equal(a.cacheHit, false);
    assert.equal(b.cacheHit, true);
    assert.deepEqual(b.value, a.value);
    assert.equal(c.cacheHit, false, 'different params are a different key');
    assert.equal(server.requests.length, 2);
    const records = fs.readFileSync(paths.recordFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(records.map((r) => r.cacheHit), [false, true, false]);
    assert.equal(records[0]!.purpose, 'judge');
    assert.ok((records[0]!.promptTokens as number) > 0 && (records[1]!.completionTokens as number) > 0);
  } finally {
    await server.close();
  }
});

test('concurrency stays within the endpoint bound and no call is lost', async () => {
  const server = await startOpenAiServer({ latencyMs: 100, reply: (r) => `reply ${r.body.messages[0]!.content}` });
  try {
    const client = createLlmClient(endpoint(server.baseUrl, { concurrency: 3 }));
    const replies = await Promise.all(Array.from({ length: 20 }, (_, i) => client.chat({ messages: [{ role: 'user', content: String(i) }] })));
    assert.deepEqual(replies.map((r) => r.text), Array.from({ length: 20 }, (_, i) => `reply ${i}`));
    assert.equal(server.maxInFlight, 3);
  } finally {
    await server.close();
  }
});

test('cancellation stops a call in flight and calls still queued, promptly', { timeout: 5_000 }, async () => {
  const ac = new AbortController();
  // Cancel once the first call is in flight (the server holds it), whatever the machine's speed.
  const server = await startOpenAiServer({
    reply: () => {
      setTimeout(() => ac.abort(), 10);
      return { fault: 'hang' };
    },
  });
  try {
    const client = createLlmClient(endpoint(server.baseUrl, { concurrency: 1, timeoutMs: 60_000 }), { role: 'judge' });
    const calls = [0, 1, 2].map((i) => client.chat({ messages: [{ role: 'user', content: String(i) }] }, ac.signal));
    const results = await Promise.allSettled(calls);
    for (const r of results) {
      assert.equal(r.status, 'rejected');
      assert.ok((r as PromiseRejectedResult).reason instanceof LlmError && (r as PromiseRejectedResult).reason.kind === 'cancelled');
    }
    assert.equal(server.requests.length, 1, 'queued calls never reached the server');
  } finally {
    await server.close();
  }
});

test('the test peer streams like OpenAI (the real client reads it)', async () => {
  const server = await startOpenAiServer({ reply: () => 'a streamed reply of some length' });
  try {
    const openai = new OpenAI({ baseURL: server.baseUrl, apiKey: 'EMPTY' });
    const stream = await openai.chat.completions.create({ model: 'test-model', messages: [{ role: 'user', content: 'x' }], stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    assert.equal(text, 'a streamed reply of some length');
  } finally {
    await server.close();
  }
});

test('endpoint settings are validated with the role and field named', () => {
  assert.throws(() => parseRoleEndpoint('judge', { baseUrl: 'localhost:1', model: 'm' }), /judge endpoint: baseUrl: base URL must start with http/);
  assert.throws(() => parseRoleEndpoint('filter', { baseUrl: 'http://h:1', model: '', concurrency: 0 }), /filter endpoint: model: model \(served name\) is empty/);
  assert.equal(parseRoleEndpoint('judge', { baseUrl: 'http://h:55111/', model: 'm' }).baseUrl, 'http://h:55111/v1');
});
