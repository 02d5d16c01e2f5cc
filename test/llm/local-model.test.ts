import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { checkEndpointHealth, createLlmClient, parseRoleEndpoint } from '../../src/core/llm';
import { startLocalEndpoint } from '../../src/core/local-model';
import { writeTinyGguf } from '../support/gguf';

// Real llama.cpp inference over a random-weight model: the text is word salad, so only structure is asserted.
test('the LLM layer end to end through a local llama.cpp endpoint (tiny random GGUF)', { timeout: 180_000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seif-gguf-'));
  const ggufPath = path.join(dir, 'tiny-random.gguf');
  writeTinyGguf(ggufPath);
  const local = await startLocalEndpoint({ ggufPath, threads: 1, contextSize: 1024 });
  try {
    assert.match(local.baseUrl, /^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    assert.equal(local.model, 'tiny-random');
    const endpoint = parseRoleEndpoint('judge', { baseUrl: local.baseUrl, model: local.model, timeoutMs: 60_000, concurrency: 2, retries: 1 });
    const health = await checkEndpointHealth('judge', endpoint);
    assert.equal(health.ok, true, health.message);

    const client = createLlmClient(endpoint, { role: 'judge', cacheDir: path.join(dir, 'cache') });
    const verdict = await client.chatJson({ messages: [{ role: 'user', content: 'Is the sky blue?' }], schema: z.object({ followed: z.boolean() }), schemaName: 'verdict', maxTokens: 100 });
    assert.equal(typeof verdict.value.followed, 'boolean');
    assert.ok(verdict.completionTokens > 0);
    const choice = await client.choose({ messages: [{ role: 'user', content: 'yes or no?' }], choices: ['yes', 'no'] as const, maxTokens: 100 });
    assert.ok(['yes', 'no'].includes(choice.value));
    const again = await client.chatJson({ messages: [{ role: 'user', content: 'Is the sky blue?' }], schema: z.object({ followed: z.boolean() }), schemaName: 'verdict', maxTokens: 100 });
    assert.equal(again.cacheHit, true);
  } finally {
    await local.stop();
  }
});
