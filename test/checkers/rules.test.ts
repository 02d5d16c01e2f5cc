// Every instruction id at its boundaries, with SEIF's semantics (pipeline doc §5.2).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkInstruction } from '../../src/core/checkers/index';

type Case = [kwargs: Record<string, unknown>, response: string, strict: boolean, loose?: boolean];

function table(id: string, cases: Case[]): void {
  describe(id, () => {
    cases.forEach(([kwargs, response, strict, loose], i) => {
      it(`case ${i + 1}: ${JSON.stringify(response).slice(0, 60)} → ${strict}`, () => {
        const v = checkInstruction(id, kwargs, response);
        assert.equal(v.strict, strict, `strict (${v.reason})`);
        assert.equal(v.loose, loose ?? strict, `loose (${v.reason})`);
        assert.ok(v.reason.length > 0);
      });
    });
  });
}

const words = (n: number) => Array.from({ length: n }, (_, i) => `w${i}`).join(' ');

table('keywords:existence', [
  [{ keywords: ['cat'] }, 'A category of things', true], // substring, no word boundary
  [{ keywords: ['cat', 'dog'] }, 'Only a cat here.', false],
  [{ keywords: ['a.c'] }, 'abc', true], // regex fragment
  [{ keywords: ['CAT'] }, 'cat', true], // IGNORECASE
  [{ keywords: ['i'] }, 'İstanbul', true], // Python IGNORECASE: İ lowercases to i
  [{ keywords: ['x{2}'] }, 'axxb', true],
  [{ keywords: ['x{'] }, 'ax{b', true], // `{` is literal unless it forms a quantifier
  [{ keywords: ['end$'] }, 'the end\n', true], // `$` also matches before a final newline
]);

table('keywords:frequency', [
  [{ keyword: 'the', frequency: 4, relation: 'at least' }, 'The theory of the other', true], // the, the(ory), the, (o)the(r)
  [{ keyword: 'the', frequency: 5, relation: 'at least' }, 'The theory of the other', false],
  [{ keyword: 'ISO', frequency: 2, relation: 'less than' }, 'iso code', true],
  [{ keyword: 'ISO', frequency: 1, relation: 'less than' }, 'iso code', false],
  [{ keyword: ' aa ', frequency: 2, relation: 'at least' }, 'aaaa', true], // stripped, non-overlapping
  [{ keyword: 'aa', frequency: 3, relation: 'at least' }, 'aaaaa', false],
]);

table('keywords:forbidden_words', [
  [{ forbidden_words: ['rock'] }, 'Rocky roads', true], // whole word only
  [{ forbidden_words: ['rock'] }, 'I like ROCK.', false],
  [{ forbidden_words: ['café'] }, 'un café noir', false], // Unicode \b
  [{ forbidden_words: ['caf'] }, 'un café noir', true], // é is a word character
  [{ forbidden_words: ['co-op'] }, 'the co-op store', false],
]);

table('keywords:letter_frequency', [
  [{ letter: 'Q', let_frequency: 2, let_relation: 'at least' }, 'Quick quiz', true],
  [{ letter: 'e', let_frequency: 3, let_relation: 'less than' }, 'eee', false],
  [{ letter: 'e', let_frequency: 4, let_relation: 'less than' }, 'EEE', true],
  [{ letter: 'a', let_frequency: 0, let_relation: 'at least' }, 'xyz', true],
]);

table('length_constraints:number_words', [
  [{ num_words: 300, relation: 'at least' }, words(300), true],
  [{ num_words: 300, relation: 'at least' }, words(299), false],
  [{ num_words: 4, relation: 'less than' }, "It's well-known", false], // It, s, well, known
  [{ num_words: 5, relation: 'less than' }, "It's well-known", true],
  [{ num_words: 2, relation: 'less than' }, '日本語のテキスト', true], // one \w+ run
]);

table('length_constraints:number_paragraphs', [
  [{ num_paragraphs: 3 }, 'A\n***\nB\n***\nC', true],
  [{ num_paragraphs: 2 }, 'A\n***\nB\n***\nC', false, true], // loose: without the last line
  [{ num_paragraphs: 2 }, '***\nA\n***\nB\n***', true], // empty first/last chunk discounted
  [{ num_paragraphs: 2 }, 'A\n******\nB', false], // empty middle chunk
  [{ num_paragraphs: 2 }, 'A ****B', true], // `****` splits as *** + *
]);

table('length_constraints:nth_paragraph_first_word', [
  [{ num_paragraphs: 2, nth_paragraph: 2, first_word: 'Then' }, 'First one.\n\nThen two.', true],
  [{ num_paragraphs: 2, nth_paragraph: 2, first_word: 'then' }, 'First one.\n\n"Then," two.', true], // quotes and punctuation dropped
  [{ num_paragraphs: 3, nth_paragraph: 2, first_word: 'then' }, 'First one.\n\nThen two.', false], // count must equal
  [{ num_paragraphs: 2, nth_paragraph: 2, first_word: 'then' }, 'First.\n\n\n\nThen.', false], // raw chunk 2 is empty
  [{ num_paragraphs: 1, nth_paragraph: 1, first_word: 'one' }, 'One\ntwo', true],
]);

table('length_constraints:number_sentences', [
  [{ num_sentences: 3, relation: 'at least' }, 'Dr. Smith came. He sat. It rained.', true],
  [{ num_sentences: 4, relation: 'at least' }, 'Dr. Smith came. He sat. It rained.', false], // "Dr." is an abbreviation
  [{ num_sentences: 2, relation: 'less than' }, 'One sentence only', true],
]);

table('detectable_content:number_placeholders', [
  [{ num_placeholders: 2 }, 'Dear [name], see [address].', true],
  [{ num_placeholders: 3 }, 'Dear [name], see [address].', false],
  [{ num_placeholders: 1 }, 'empty [] counts', true],
  [{ num_placeholders: 1 }, 'no [multi\nline] placeholder', false],
]);

table('detectable_content:postscript', [
  [{ postscript_marker: 'P.S.' }, 'Hello.\nP.S. see you', true],
  [{ postscript_marker: 'P.S.' }, 'Hello.\np. s. see you', true],
  [{ postscript_marker: 'P.P.S' }, 'Hello.\nP.S. see you', false],
  [{ postscript_marker: 'P.S.' }, 'go help.s. now', true], // not line-anchored
  [{ postscript_marker: 'Note' }, 'Hi\nNOTE: this', true], // custom marker: lowercased regex
]);

table('detectable_format:number_bullet_lists', [
  [{ num_bullets: 2 }, '* one\n* two', true],
  [{ num_bullets: 3 }, '* one\n- two\n---', true], // `---` counts
  [{ num_bullets: 1 }, '**bold**\n* one', true], // **bold** does not
  [{ num_bullets: 2 }, '* one', false],
]);

table('detectable_format:constrained_response', [
  [{}, 'My answer is yes.', true],
  [{}, 'Well... My answer is maybe. Really', true],
  [{}, 'my answer is yes.', false],
  [{}, 'My answer is Yes.', false],
]);

table('detectable_format:number_highlighted_sections', [
  [{ num_highlights: 1 }, '**x**', true],
  [{ num_highlights: 2 }, '**x**', false], // the single-star matches are empty
  [{ num_highlights: 2 }, '*a* and *b*', true],
  [{ num_highlights: 1 }, '* * and ** **', false],
]);

table('detectable_format:multiple_sections', [
  [{ section_spliter: 'Section', num_sections: 2 }, 'Section 1\na\nSection 2\nb', true],
  [{ section_spliter: 'Section', num_sections: 3 }, 'Section 1\na\nSection 2\nb', false],
  [{ section_spliter: 'SECTION', num_sections: 1 }, 'Section 1', false], // case-sensitive
  [{ section_spliter: 'Day', num_sections: 2 }, 'OneDay 1 and MyDay 2', true], // anywhere in the text
]);

table('detectable_format:json_format', [
  [{}, '{"a": 1}', true],
  [{}, '```json\n{"a": 1}\n```', true],
  [{}, 'NaN', true], // Python's json accepts NaN, Infinity and scalars
  [{}, '[1, -Infinity]', true],
  [{}, '42', true],
  [{}, "{'a': 1}", false],
  [{}, '1NaN', false],
  [{}, 'Here:\n{"a": 1}', false, true], // loose: without the first line
]);

table('detectable_format:title', [
  [{}, '<<My Title>>\nText', true],
  [{}, '<< >>', false],
  [{}, '<<a\nb>>', false],
]);

table('combination:two_responses', [
  [{}, 'A\n******\nB', true],
  [{}, 'A\n******\nA', false], // identical after strip
  [{}, 'A******\n******B', false], // empty middle
  [{}, '******A******B******', true], // empty first and last allowed
]);

table('combination:repeat_prompt', [
  [{ prompt_to_repeat: 'Write a poem.' }, '  write a POEM. Roses are red.', true],
  [{ prompt_to_repeat: 'Write a poem.' }, 'Sure. Write a poem.', false],
  [{ prompt_to_repeat: 'Write a poem.' }, 'Sure!\nWrite a poem. Roses are red.', false, true], // loose: without the first line
]);

table('startend:end_checker', [
  [{ end_phrase: 'Any other questions?' }, 'Bye. any other questions?"', true],
  [{ end_phrase: 'Any other questions?' }, 'Any other questions? Yes', false],
  [{ end_phrase: 'Any other questions?' }, 'Any other questions?\nThanks!', false, true], // loose: without the last line
]);

table('change_case:capital_word_frequency', [
  [{ capital_frequency: 3, capital_relation: 'at least' }, 'The USA and the UK met NASA.', true],
  [{ capital_frequency: 2, capital_relation: 'less than' }, "I DON'T KNOW", false], // I, DO, N'T, KNOW
  [{ capital_frequency: 1, capital_relation: 'at least' }, 'U.S. policy', true],
]);

table('punctuation:no_comma', [
  [{}, 'No commas here', true],
  [{}, 'One, comma', false],
  [{}, '全角，逗号', true], // the full-width comma is allowed
]);

table('startend:quotation', [
  [{}, '"Hello"', true],
  [{}, '  "Hello"\n', true],
  [{}, '"', false],
  [{}, '“Hello”', false], // curly quotes fail
]);

describe('empty response', () => {
  it('strict and loose fail every constraint, even ones an empty text would satisfy', () => {
    for (const [id, kwargs] of [
      ['punctuation:no_comma', {}],
      ['keywords:forbidden_words', { forbidden_words: ['x'] }],
      ['length_constraints:number_words', { num_words: 5, relation: 'less than' }],
    ] as const) {
      const v = checkInstruction(id, kwargs, '  \n ');
      assert.equal(v.strict, false, id);
      assert.equal(v.loose, false, id);
      assert.match(v.reason, /empty/);
    }
  });
});
