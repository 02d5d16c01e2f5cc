import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { IFEVAL_IDS, ifevalConflict, runRuleFilter, type Instruction } from '../../src/core/roles';
import { readParquetFile } from '../../src/core/dataset/parquet';
import { instructionOf } from '../../src/core/dataset/dataset';
import { sharedSeifDataDir } from '../../src/core/util/paths';

const soft = (...constraints: string[]): Instruction => ({
  seed: 'Describe the water cycle.',
  constraints,
  ids: constraints.map(() => 'soft'),
  kwargs: constraints.map(() => ({ num_bullets: 3 })),
});
const ifeval = (pairs: [string, Record<string, unknown>][]): Instruction => ({
  seed: 'Write about rivers.',
  constraints: pairs.map(([id]) => id),
  ids: pairs.map(([id]) => id),
  kwargs: pairs.map(([, k]) => k),
});
const rulesOf = (i: Instruction) => runRuleFilter(i).map((f) => `${f.constraintIndex}:${f.rule}:${f.severity}`);

test('the IFEval conflict table is symmetric after symmetrising, and every id conflicts with itself', () => {
  for (const a of IFEVAL_IDS) {
    assert.equal(ifevalConflict(a, a), true, a);
    for (const b of IFEVAL_IDS) assert.equal(ifevalConflict(a, b), ifevalConflict(b, a), `${a} / ${b}`);
  }
  // Declared only on capital_word_frequency's side in SEIF; symmetrising gives english_capital the reverse.
  assert.equal(ifevalConflict('change_case:english_capital', 'change_case:capital_word_frequency'), true);
  assert.equal(ifevalConflict('keywords:existence', 'punctuation:no_comma'), false);
});

test('real IFEval ids: table conflicts are errors on the later constraint, naming the earlier one', () => {
  const findings = runRuleFilter(ifeval([['change_case:english_capital', {}], ['detectable_format:number_bullet_lists', { num_bullets: 3 }], ['change_case:capital_word_frequency', { capital_frequency: 2, capital_relation: 'at least' }]]));
  const conflict = findings.filter((f) => f.rule === 'ifeval-conflict');
  assert.deepEqual(conflict.map((f) => [f.constraintIndex, f.related, f.severity]), [[2, [0], 'error']]);
  assert.match(conflict[0]!.message, /constraint 3 \(capital_word_frequency\) conflicts with constraint 1 \(english_capital\)/);
});

test("the hard template's rules: commas in a required keyword, a tight word limit with bullets", () => {
  const commas = runRuleFilter(ifeval([['punctuation:no_comma', {}], ['keywords:existence', { keywords: ['Paris, France'] }]]));
  assert.deepEqual(commas.map((f) => [f.constraintIndex, f.rule, f.severity]), [[1, 'hard-template', 'error']]);
  assert.match(commas[0]!.message, /compatibility rule 6/);

  const tight = runRuleFilter(soft('Your answer must be less than 40 words.', 'Use exactly 4 bullet points.'));
  assert.deepEqual(tight.map((f) => [f.constraintIndex, f.rule, f.severity]), [[1, 'hard-template', 'warning']]);
  assert.match(tight[0]!.message, /guessed from wording\) break compatibility rule 7/);
  assert.deepEqual(rulesOf(soft('Your answer must be less than 400 words.', 'Use exactly 4 bullet points.')), []);
  assert.deepEqual(rulesOf(soft('Your answer must be less than 40 words.', 'Do not use any bullet points.')), []);
});

test('numeric contradictions between constraints, including paragraphs that need more sentences', () => {
  const words = runRuleFilter(soft('The response should be at least 300 words long.', 'Keep the answer to less than 100 words.'));
  assert.deepEqual(words.map((f) => [f.constraintIndex, f.rule, f.related]), [[1, 'numeric-contradiction', [0]]]);
  assert.match(words[0]!.message, /at most 99 words, which contradicts constraint 1 \(at least 300 words\)/);
  const nested = runRuleFilter(soft('Write exactly five paragraphs separated by ***.', 'Use no more than 3 sentences in total.'));
  assert.ok(nested.some((f) => f.rule === 'numeric-contradiction' && /5 paragraphs need at least 5 sentences/.test(f.message)));
  const kw = runRuleFilter(ifeval([['length_constraints:number_words', { num_words: 300, relation: 'at least' }], ['length_constraints:number_words', { num_words: 50, relation: 'less than' }]]));
  assert.ok(kw.some((f) => f.rule === 'numeric-contradiction' && f.constraintIndex === 1));
  // A keyword count is not a length: no contradiction.
  assert.deepEqual(rulesOf(soft('Answer in at least 200 words.', 'Highlight exactly 2 words in the response using **bold**.')), []);
});

test('kwargs validation: missing parameters (SEIF would randomise them) and an n-th paragraph past the count', () => {
  const f = runRuleFilter(ifeval([['length_constraints:number_words', { num_words: 100, relation: null }], ['length_constraints:nth_paragraph_first_word', { num_paragraphs: 2, nth_paragraph: 4, first_word: 'river' }]]));
  const kw = f.filter((x) => x.rule === 'kwargs');
  assert.equal(kw.length, 2);
  assert.match(kw[0]!.message, /^constraint 1: length_constraints:number_words: kwargs.relation is missing \(SEIF's Python would substitute a random value/);
  assert.match(kw[1]!.message, /^constraint 2: .*kwargs.nth_paragraph must be between 1 and num_paragraphs \(2\)/);
  assert.deepEqual(rulesOf(ifeval([['length_constraints:number_words', { num_words: 100n, relation: 'at least', keywords: null }]])), []);
});

test('duplicates, near-duplicates, content statements and sub-questions are flagged', () => {
  const f = runRuleFilter(
    soft(
      'Include the keyword "delta" at least twice.',
      'include the keyword delta at least twice',
      'The squirrel is running through the trees.',
      'What is the boiling point of water?',
      'Please include the keyword "delta" at least twice.',
    ),
  );
  assert.deepEqual(
    f.map((x) => [x.constraintIndex, x.rule]),
    [[1, 'duplicate'], [2, 'not-a-constraint'], [3, 'not-a-constraint'], [4, 'near-duplicate']],
  );
  assert.match(f[1]!.message, /statement about the content/);
  assert.match(f[2]!.message, /sub-question/);
});

test('a well-formed instruction passes clean', () => {
  assert.deepEqual(
    rulesOf(soft('The response should contain exactly 3 sentences.', 'Bold the name of the currency with **.', "Include the word 'Afghanistan' at least twice.")),
    [],
  );
});

const data = sharedSeifDataDir(path.resolve(__dirname, '../..'));
test("on SEIF's data: the 1.5B Instructor's drift to non-constraints shows, the 7B's data mostly passes", { skip: !data && 'no seif-data' }, async () => {
  const share = async (file: string) => {
    const t = await readParquetFile(path.join(data!, file));
    const flagged = t.rows.filter((r) => runRuleFilter(instructionOf('instructions', r)).some((f) => f.rule === 'not-a-constraint')).length;
    return flagged / t.rows.length;
  };
  const small = await share('QWEN-1.5B/q_T3.parquet');
  const large = await share('QWEN-7B/q_T1.parquet');
  assert.ok(small > 0.3, `1.5B T3 flagged ${small}`);
  assert.ok(large < 0.1, `7B T1 flagged ${large}`);
});
