// The LLM second opinion: an injected async function. Rules stay authoritative; the opinion is validated.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mapConstraintWithOpinion, type SecondOpinionRequest } from '../../src/core/insight';

// A deterministic second opinion standing in for an LLM: it answers from a table and records its requests.
function tableOpinion(answers: Record<string, unknown>) {
  const asked: SecondOpinionRequest[] = [];
  const fn = async (req: SecondOpinionRequest) => {
    asked.push(req);
    if (!(req.text in answers)) throw new Error('endpoint unreachable');
    return answers[req.text];
  };
  return { fn, asked };
}

test('rules decide when they map; the opinion is recorded with agreement', async () => {
  const text = 'Limit the response to 50 words.';
  const { fn, asked } = tableOpinion({ [text]: { id: 'length_constraints:number_words', kwargs: { relation: 'less than', num_words: 50 } } });
  const r = await mapConstraintWithOpinion(text, fn);
  assert.equal(r.source, 'rules');
  assert.deepEqual(r.result, { id: 'length_constraints:number_words', kwargs: { relation: 'less than', num_words: 51 }, rule: 'words-limit' });
  assert.equal(r.agrees, false, 'the LLM said less than 50, the rules less than 51');
  assert.deepEqual(asked[0]?.rules, r.result);
});

test('the opinion fills in what rules left unmapped, only with a valid id and kwargs', async () => {
  const text = 'Present the three key takeaways as a markdown list.';
  const ok = tableOpinion({ [text]: { id: 'detectable_format:number_bullet_lists', kwargs: { num_bullets: 3 } } });
  const r = await mapConstraintWithOpinion(text, ok.fn);
  assert.equal(r.source, 'llm');
  assert.deepEqual(r.result, { id: 'detectable_format:number_bullet_lists', kwargs: { num_bullets: 3 }, rule: 'llm' });

  const badKwargs = tableOpinion({ [text]: { id: 'detectable_format:number_bullet_lists', kwargs: { num_bullets: 'three' } } });
  const r2 = await mapConstraintWithOpinion(text, badKwargs.fn);
  assert.equal(r2.source, 'rules');
  assert.deepEqual(r2.result, { category: 'Fundamental format' });
  assert.match(r2.problem ?? '', /kwargs rejected: detectable_format:number_bullet_lists: invalid num_bullets "three"/);

  const unknownId = tableOpinion({ [text]: { id: 'format:bullets', kwargs: {} } });
  assert.match((await mapConstraintWithOpinion(text, unknownId.fn)).problem ?? '', /unknown IFEval id "format:bullets"/);
});

test('a failing or absent second opinion leaves the rule result and says why', async () => {
  const { fn } = tableOpinion({});
  const r = await mapConstraintWithOpinion('Write in a formal tone.', fn);
  assert.deepEqual(r.result, { category: 'Tone and emotion' });
  assert.equal(r.problem, 'second opinion failed: endpoint unreachable');
  assert.deepEqual(await mapConstraintWithOpinion('Sue', undefined), { result: null, source: 'none', opinion: null });
});

test('the seed reaches the opinion and the rules (repeat the request)', async () => {
  const { fn, asked } = tableOpinion({ 'Repeat the request first.': null });
  const r = await mapConstraintWithOpinion('Repeat the request first.', fn, { seed: 'Name a river.' });
  assert.equal(asked[0]?.seed, 'Name a river.');
  assert.equal(r.source, 'rules');
});
