// Mapping decisions that matter for the rule Judger, checked with the real checkers (src/core/checkers):
// a mapped constraint must accept responses that satisfy it and reject ones that break it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkInstruction } from '../../src/core/checkers';
import { isIdMapping, mapConstraint, mapToIfeval } from '../../src/core/insight';

const words = (n: number) => Array.from({ length: n }, (_, i) => `w${i}`).join(' ');

function strict(text: string, response: string): boolean {
  const m = mapToIfeval(text);
  assert.ok(m, `expected a mapping for ${JSON.stringify(text)}`);
  return checkInstruction(m.id, m.kwargs, response).strict;
}

test('"at most N" limits become IFEval "less than N+1", and the checker draws the line at N', () => {
  for (const text of ['Limit the response to 50 words.', 'The response should not exceed 50 words.', 'no more than 50 words', 'The response must be 50 words or less.']) {
    assert.deepEqual(mapToIfeval(text)?.kwargs, { relation: 'less than', num_words: 51 }, text);
    assert.equal(strict(text, words(50)), true, text);
    assert.equal(strict(text, words(51)), false, text);
  }
  assert.deepEqual(mapToIfeval('The response must be less than 50 words.')?.kwargs, { relation: 'less than', num_words: 50 });
  assert.equal(strict('Word Count: at least 20 words.', words(20)), true);
  assert.equal(strict('Word Count: at least 20 words.', words(19)), false);
});

test('"exactly N" is mapped only where IFEval checks equality (bullets, paragraphs), never for word or sentence counts', () => {
  assert.equal(mapToIfeval('The response should contain exactly 100 words.'), null);
  assert.equal(mapToIfeval('The response should contain exactly 3 sentences.'), null);
  assert.equal(mapToIfeval('Limit the response to exactly 50 words.'), null);
  assert.equal(mapToIfeval("Use the word 'sky' exactly twice."), null);
  const bullets = 'The response should contain exactly 2 bullet points using markdown bullets.';
  assert.deepEqual(mapToIfeval(bullets), { id: 'detectable_format:number_bullet_lists', kwargs: { num_bullets: 2 }, rule: 'bullets-exact' });
  assert.equal(strict(bullets, '* one\n* two'), true);
  assert.equal(strict(bullets, '* one\n* two\n* three'), false);
  const paragraphs = "There must be exactly 2 paragraphs separated by '***'.";
  assert.equal(strict(paragraphs, 'first part\n***\nsecond part'), true);
  assert.equal(strict(paragraphs, 'only one part'), false);
  // Without the *** separator the checker would count blank-line paragraphs as one.
  assert.equal(mapToIfeval('Divide the response into two paragraphs.'), null);
});

test('keywords: lists, frequencies and forbidden words map with the exact quoted items', () => {
  assert.deepEqual(mapToIfeval("The response should include the words 'Tesla', 'Newton', and 'meters' at least once each.")?.kwargs, {
    keywords: ['Tesla', 'Newton', 'meters'],
  });
  const freq = "The response must include the word 'Afghanistan' at least twice.";
  assert.deepEqual(mapToIfeval(freq)?.kwargs, { keyword: 'Afghanistan', frequency: 2, relation: 'at least' });
  assert.equal(strict(freq, 'Afghanistan and afghanistan'), true);
  assert.equal(strict(freq, 'Afghanistan once'), false);
  const banned = "The response should avoid using the words 'climax', 'erect', or 'phallus'.";
  assert.deepEqual(mapToIfeval(banned)?.kwargs, { forbidden_words: ['climax', 'erect', 'phallus'] });
  assert.equal(strict(banned, 'a calm story'), true);
  assert.equal(strict(banned, 'the climax came'), false);
  // Two keywords with a count each are two checks, "or" is a choice, "such as" is open-ended: none is one id.
  assert.equal(mapToIfeval("The response should include the word 'Barcelona' and 'Bayern Munich' at least twice each."), null);
  assert.equal(mapToIfeval("The response should start with the phrase 'In order to' or 'In order to make'."), null);
  assert.equal(mapToIfeval("Use specific terms such as 'noun' and 'verb'."), null);
  // Keywords go into SEIF's regexes unescaped: regex syntax is never mapped.
  assert.equal(mapToIfeval("The answer must include the word 'C++'."), null);
  // A count that does not cover the whole list means "any of", not "all of".
  assert.equal(mapToIfeval("Include at least one required keyword: 'ISO', 'ANSI'."), null);
});

test('case, commas, endings, JSON, language and postscripts map to their ids', () => {
  const lower = 'Your answer must be in English, and in all lowercase letters; no capital letters allowed.';
  assert.equal(mapToIfeval(lower)?.id, 'change_case:english_lowercase');
  assert.equal(strict(lower, 'all quiet here in english text'), true);
  assert.equal(strict(lower, 'Not quiet here'), false);
  assert.equal(mapToIfeval('The response should not use any commas.')?.id, 'punctuation:no_comma');
  const end = "The response must end with the exact phrase 'End of introduction'.";
  assert.deepEqual(mapToIfeval(end)?.kwargs, { end_phrase: 'End of introduction' });
  assert.equal(strict(end, 'Hello there. End of introduction'), true);
  assert.equal(mapToIfeval("The response must end with the phrase 'in 2030', ensuring the final sentence is 'in 2030'."), null);
  assert.equal(mapToIfeval('The entire output must be valid JSON.')?.id, 'detectable_format:json_format');
  assert.deepEqual(mapToIfeval('The response should be in French.')?.kwargs, { language: 'fr' });
  assert.equal(mapToIfeval('The response should be in Klingon.'), null);
  assert.deepEqual(mapToIfeval("Your answer must contain a postscript starting with 'P.P.S'.")?.kwargs, { postscript_marker: 'P.P.S' });
  assert.deepEqual(mapToIfeval('The response should not contain any ALL-CAPS words.')?.kwargs, { capital_frequency: 1, capital_relation: 'less than' });
  // "capital letters" alone are letters, not words.
  assert.equal(mapToIfeval('The response should include at least 5 capital letters.'), null);
});

test('repeat-the-request needs the seed question; without it nothing is mapped', () => {
  const text = 'First repeat the request word for word without change, then give your answer.';
  assert.equal(mapToIfeval(text), null);
  assert.deepEqual(mapToIfeval(text, { seed: ' Name three rivers. ' })?.kwargs, { prompt_to_repeat: 'Name three rivers.' });
});

test('the subject must be the whole response: parts of it are left to the LLM judge', () => {
  assert.equal(mapToIfeval('Limit the explanation to 100 words.'), null);
  assert.equal(mapToIfeval('Each correction should be 20 words or less.'), null);
  assert.equal(mapToIfeval("The sentence must include the word 'enthusiasm'."), null);
  assert.equal(mapToIfeval('Highlight the word \'drives\' in the response using markdown bold.'), null);
});

test('unmapped constraints get a soft category, content statements and bare words get none, Chinese is categorised only', () => {
  assert.deepEqual(mapConstraint('Write in a formal tone.'), { category: 'Tone and emotion' });
  assert.deepEqual(mapConstraint('The response should contain exactly 100 words.'), { category: 'Word count' });
  assert.deepEqual(mapConstraint('Output in Markdown format.'), { category: 'Fundamental format' });
  assert.deepEqual(mapConstraint('Role-based constraint: You are a personal fitness trainer.'), { category: 'Role-based' });
  assert.equal(mapConstraint('The squirrel is running through the trees.'), null);
  assert.equal(mapConstraint('Sue'), null);
  const chinese = mapConstraint('不超过100个汉字');
  assert.ok(chinese && !isIdMapping(chinese), 'a Chinese count is not expressible as an IFEval check');
  assert.deepEqual(mapConstraint("避免使用'文学'一词"), { category: 'Inverse' });
});
