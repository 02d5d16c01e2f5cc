import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CallCache, extractJson, stripThink } from '../../src/core/llm';

test('stripThink keeps what follows the last </think>; an unclosed think block leaves nothing', () => {
  assert.equal(stripThink('<think>plan {"a":1}</think>\n{"b": 2}'), '{"b": 2}');
  assert.equal(stripThink('no reasoning here'), 'no reasoning here');
  assert.equal(stripThink('<think>\nstill thinking when max_tokens ran out'), '');
  // Some chat templates pre-insert <think>, so the reply starts mid-reasoning and only closes it.
  assert.equal(stripThink('reasoning…</think>answer'), 'answer');
});

test('extractJson: fenced blocks whose strings hold braces survive (SEIF cut them at the first })', () => {
  assert.deepEqual(extractJson('Here:\n```json\n{"c1": "Use {curly} braces", "c2": "x"}\n```\nDone.'), { c1: 'Use {curly} braces', c2: 'x' });
  assert.deepEqual(extractJson('Sure! {"c1": "a"} hope that helps'), { c1: 'a' });
  assert.equal(extractJson('{"c1": "cut off'), undefined);
  assert.equal(extractJson('no json at all'), undefined);
});

test('cache keys ignore field order but not values', () => {
  assert.equal(CallCache.keyOf({ a: 1, b: [1, { c: 2, d: 3 }] }), CallCache.keyOf({ b: [1, { d: 3, c: 2 }], a: 1 }));
  assert.notEqual(CallCache.keyOf({ a: 1 }), CallCache.keyOf({ a: 2 }));
});
