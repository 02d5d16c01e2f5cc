// The LLM second opinion on a constraint's mapping, against a real OpenAI-compatible server on 127.0.0.1:
// what the model is asked, and how its answers go through the rules' validation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLlmClient, parseRoleEndpoint } from '../../src/core/llm';
import { mapConstraintWithOpinion } from '../../src/core/insight';
import { llmMappingOpinion } from '../../src/core/roles';
import { startOpenAiServer, type ReceivedRequest } from '../support/openai-server';

const client = (baseUrl: string) => createLlmClient(parseRoleEndpoint('judge', { baseUrl, model: 'test-model', timeoutMs: 2000, concurrency: 2, retries: 0 }), { role: 'judge', backoffMs: 5 });
const userText = (r: ReceivedRequest) => r.body.messages.find((m) => m.role === 'user')!.content;
const systemText = (r: ReceivedRequest) => r.body.messages.find((m) => m.role === 'system')!.content;

// What the "model" answers, by constraint: a scripted stand-in for an LLM behind a real HTTP endpoint.
const ANSWERS: Record<string, string> = {
  'Limit the response to 50 words.': '{"id": "length_constraints:number_words", "kwargs": {"relation": "less than", "num_words": 51}}',
  'Keep the answer under fifty words, please, and cheerful.': '{"id": "length_constraints:number_words", "kwargs": {"relation": "less than", "num_words": 50}}',
  'Present the three key takeaways as a markdown list.': '{"id": "detectable_format:number_bullet_lists", "kwargs": {"num_bullets": "three"}}',
  'Write in a formal tone.': '{"category": "Tone and emotion"}',
  'The squirrel is running.': '{"none": true}',
};

test('the judge endpoint is asked for one check or category; rules and LLM are compared, bad kwargs are refused', async () => {
  const server = await startOpenAiServer({ reply: (r) => ANSWERS[/Constraint: (.*)$/.exec(userText(r))![1]!] ?? 'no idea' });
  try {
    const opinion = llmMappingOpinion(client(server.baseUrl));

    const agree = await mapConstraintWithOpinion('Limit the response to 50 words.', opinion);
    assert.equal(agree.source, 'rules');
    assert.equal(agree.agrees, true);
    assert.deepEqual(agree.opinion, { id: 'length_constraints:number_words', kwargs: { relation: 'less than', num_words: 51 }, rule: 'llm' });
    const asked = server.requests[0]!;
    assert.equal(userText(asked), 'Constraint: Limit the response to 50 words.');
    assert.match(systemText(asked), /- length_constraints:number_words \(num_words, relation\)/);
    assert.match(systemText(asked), /- detectable_format:json_format\n/);
    assert.match(systemText(asked), /Tone and emotion/);

    // The rules leave this one to the LLM Judger; the model names a check, which fills in.
    const filled = await mapConstraintWithOpinion('Keep the answer under fifty words, please, and cheerful.', opinion);
    assert.equal(filled.source, 'llm');
    assert.deepEqual(filled.result, { id: 'length_constraints:number_words', kwargs: { relation: 'less than', num_words: 50 }, rule: 'llm' });

    const refused = await mapConstraintWithOpinion('Present the three key takeaways as a markdown list.', opinion);
    assert.equal(refused.source, 'rules');
    assert.match(refused.problem ?? '', /kwargs rejected: .*num_bullets "three"/);

    assert.deepEqual((await mapConstraintWithOpinion('Write in a formal tone.', opinion)).opinion, { category: 'Tone and emotion' });
    assert.deepEqual((await mapConstraintWithOpinion('The squirrel is running.', opinion)).opinion, null);

    // A reply without JSON is a failed call: the rule result stays, with the reason.
    const failed = await mapConstraintWithOpinion('Use a formal register.', opinion);
    assert.match(failed.problem ?? '', /^second opinion failed: /);
  } finally {
    await server.close();
  }
});

test('the row\'s seed goes to the model (a "repeat the request" constraint needs it)', async () => {
  const server = await startOpenAiServer({ reply: () => '{"id": "combination:repeat_prompt", "kwargs": {"prompt_to_repeat": "Name a river."}}' });
  try {
    const r = await mapConstraintWithOpinion('First repeat the request word for word.', llmMappingOpinion(client(server.baseUrl)), { seed: 'Name a river.' });
    assert.equal(userText(server.requests[0]!), 'Task the constraint belongs to:\nName a river.\n\nConstraint: First repeat the request word for word.');
    assert.equal(r.agrees, true);
  } finally {
    await server.close();
  }
});
