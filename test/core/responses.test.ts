import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ResponseStore, matchResponses } from '../../src/core/curation/responses';
import { tempDir } from '../support/tmp';

test('responses match rows by key, id, seed question or prompt; unmatched and empty lines are counted', () => {
  const rows = new Map([
    ['1000', '1000'],
    ['Explain volcanoes.', 'Explain volcanoes.'],
  ]);
  const prompts = new Map([['Explain volcanoes.\nUse 3 bullets.', 'Explain volcanoes.']]);
  const r = matchResponses(
    [
      { line: 1, value: { key: 1000, response: 'a' } },
      { line: 2, value: { prompt: 'Explain volcanoes.\nUse 3 bullets.', generated_answer: 'b' } },
      { line: 3, value: { id: 'nope', response: 'c' } },
      { line: 4, value: { key: 1000 } },
    ],
    (s) => rows.get(s) ?? prompts.get(s),
  );
  assert.deepEqual(r.matched, [
    { rowKey: '1000', response: 'a' },
    { rowKey: 'Explain volcanoes.', response: 'b' },
  ]);
  assert.deepEqual(r.unmatched, [3]);
  assert.deepEqual(r.noResponse, [4]);
});

test('the response store keeps the last response of a row across reloads', async () => {
  const file = path.join(tempDir(), '.seif', 'responses.jsonl');
  const a = new ResponseStore(file);
  await a.set([{ dataset: 'd', rowKey: 'k', response: 'first' }]);
  await a.set([{ dataset: 'd', rowKey: 'k', response: 'second', source: 'editor' }]);
  const b = new ResponseStore(file);
  assert.equal(await b.get('d', 'k'), 'second');
  assert.equal(await b.get('d', 'other'), undefined);
});
