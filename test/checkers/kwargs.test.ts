// kwargs validation: explicit errors naming id and field, never SEIF's random defaults.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { INSTRUCTION_IDS, KWARGS_SCHEMAS, checkInstruction, describeInstruction, isRuleId, verifyCase } from '../../src/core/checkers/index';
import { SeifError } from '../../src/core/errors';

describe('ids', () => {
  it('lists the 25 registered ids, each with a schema', () => {
    assert.equal(INSTRUCTION_IDS.length, 25);
    assert.deepEqual(Object.keys(KWARGS_SCHEMAS).sort(), [...INSTRUCTION_IDS].sort());
    assert.ok(isRuleId('punctuation:no_comma'));
    assert.ok(!isRuleId('soft'));
  });
  it('rejects an unknown id with its name', () => {
    assert.throws(() => checkInstruction('keywords:exists', {}, 'x'), (e: unknown) => e instanceof SeifError && /unknown instruction id "keywords:exists"/.test(e.message));
    assert.throws(() => checkInstruction('soft', {}, 'x'), /"soft" is judged by the LLM verifier/);
  });
});

describe('kwargs errors name the id and the field', () => {
  const cases: [string, unknown, RegExp][] = [
    ['keywords:frequency', { keyword: 'cat', relation: 'at least' }, /keywords:frequency: kwargs\.frequency is missing/],
    ['keywords:frequency', { keyword: 'cat', frequency: 2, relation: 'at most' }, /kwargs\.relation must be "less than" or "at least"/],
    ['keywords:frequency', { keyword: 'cat', frequency: -1, relation: 'at least' }, /kwargs\.frequency must be 0 or more/],
    ['keywords:frequency', { keyword: 'cat', frequency: '2', relation: 'at least' }, /kwargs\.frequency/],
    ['keywords:existence', { keywords: [] }, /kwargs\.keywords must list at least one word/],
    ['keywords:existence', { keywords: ['ok', '(unclosed'] }, /kwargs\.keywords\[1\] makes an invalid Python regular expression/],
    ['keywords:letter_frequency', { letter: '#', let_frequency: 2, let_relation: 'at least' }, /kwargs\.letter must be one letter a–z/],
    ['language:response_language', { language: 'zh' }, /kwargs\.language must be one of IFEval's language codes/],
    ['length_constraints:nth_paragraph_first_word', { num_paragraphs: 2, nth_paragraph: 3, first_word: 'a' }, /kwargs\.nth_paragraph must be between 1 and num_paragraphs \(2\)/],
    ['combination:repeat_prompt', { prompt_to_repeat: null }, /kwargs\.prompt_to_repeat is missing .*placeholder/],
    ['detectable_format:multiple_sections', { section_spliter: '[', num_sections: 1 }, /kwargs\.section_spliter makes an invalid Python regular expression/],
    ['punctuation:no_comma', 'not an object', /punctuation:no_comma: kwargs must be an object/],
  ];
  for (const [id, kwargs, message] of cases) {
    it(`${id} ${JSON.stringify(kwargs)}`, () => {
      assert.throws(() => checkInstruction(id, kwargs, 'some response'), (e: unknown) => e instanceof SeifError && message.test(e.message));
      // The description is text only: like Python's build_description it never compiles the pattern.
      if (!/regular expression/.test(message.source)) assert.throws(() => describeInstruction(id, kwargs), SeifError);
    });
  }
});

describe('test.parquet union structs', () => {
  it('accepts nulls for unused fields and int64 as bigint', () => {
    const union = {
      capital_frequency: null, capital_relation: null, end_phrase: null, first_word: null, forbidden_words: null,
      frequency: null, keyword: null, keywords: null, language: null, let_frequency: null, let_relation: null,
      letter: null, nth_paragraph: null, num_bullets: null, num_highlights: null, num_paragraphs: null,
      num_placeholders: null, num_sections: null, num_sentences: null, num_words: 300n, postscript_marker: null,
      prompt_to_repeat: null, relation: 'at least', section_spliter: null,
    };
    const v = checkInstruction('length_constraints:number_words', union, 'too short');
    assert.equal(v.strict, false);
    assert.equal(v.reason, 'needs at least 300 words, has 2');
    assert.equal(describeInstruction('length_constraints:number_words', union), 'Answer with at least 300 words.');
    assert.equal(checkInstruction('punctuation:no_comma', union, 'fine').strict, true);
  });
});

describe('verifyCase', () => {
  it('returns one verdict per constraint, in order', () => {
    const v = verifyCase({
      instruction_id_list: ['punctuation:no_comma', 'length_constraints:number_words'],
      kwargs: [{}, { num_words: 3, relation: 'at least' }],
      response: 'one two, three',
    });
    assert.deepEqual(v.strict, [false, true]);
    assert.deepEqual(v.loose, [false, true]);
    assert.deepEqual(v.approximate, [false, false]);
    assert.equal(v.reasons[0], 'contains 1 comma');
  });
  it('names the constraint of a bad kwarg and rejects a non-string response', () => {
    assert.throws(() => verifyCase({ instruction_id_list: ['punctuation:no_comma', 'keywords:frequency'], kwargs: [{}, {}], response: 'x' }), /constraint 2: keywords:frequency: kwargs\.keyword is missing/);
    assert.throws(() => verifyCase({ instruction_id_list: ['punctuation:no_comma'], kwargs: [{}], response: 42 as unknown as string }), /response must be a string, got number/);
    assert.throws(() => verifyCase({ instruction_id_list: ['punctuation:no_comma'], kwargs: [{}, {}], response: 'x' }), /one object per instruction id \(1\), got 2/);
  });
});
