// Drift alarms on crafted rows: each kind flags exactly the rows behind it, and thresholds gate the alarm.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DRIFT_KINDS, driftAlarms, type DriftKind } from '../../src/core/insight';

const row = (...constraint: string[]) => ({
  seed_question: 'Describe the water cycle.',
  constraint,
  instruction_id_list: constraint.map(() => 'soft'),
  kwargs: constraint.map(() => ({ num_bullets: 3n })),
});

const EVERY_KIND = { thresholds: Object.fromEntries(DRIFT_KINDS.map((k) => [k, 0])) as Record<DriftKind, number> };

const rows = [
  row('The response should contain exactly 2 bullet points using markdown bullets.', 'Write in a formal tone.', 'The response should not use any commas.'), // 0 healthy
  row('The squirrel is running through the trees.', 'Sue', 'Solve x + 1 = 2'), // 1 no constraint
  row('Word Count: at least 50 words.', 'Required Keywords — include the word "rain".', 'Use a formal tone.'), // 2 leak
  row('Use a formal tone.', 'Use a formal tone!', 'Limit the response to 50 words.'), // 3 near-duplicate
  row('使用正式的语气回答', 'Limit the response to 50 words.', 'Write in a formal tone.'), // 4 language mix
  row('The response should contain exactly 2 bullet points using markdown bullets.', 'The response should contain exactly 3 bullet points using markdown bullets.', 'Write in a formal tone.'), // 5 conflict (same id)
  row('The response should be in JSON format.', "End your response with the exact phrase 'Any questions?'", 'Write in a formal tone.'), // 6 conflict (table)
  row("The response must include the word 'rain'.", "The response should not use the word 'rain'.", 'Write in a formal tone.'), // 7 conflict (keyword required and forbidden)
  row('Word Count: at least 300 words.', 'The response must be less than 100 words.', 'Use a formal tone.'), // 8 leak + conflict (empty range)
  row('The response should contain at least 100 words.', 'The response must be less than 300 words.', 'Use a formal tone.'), // 9 satisfiable range: healthy
];

test('each drift kind lists exactly the crafted rows behind it (0-based)', () => {
  const alarms = driftAlarms(rows, EVERY_KIND);
  const byKind = Object.fromEntries(alarms.map((a) => [a.kind, a.rows]));
  assert.deepEqual(byKind, {
    'no-constraint': [1],
    'category-leak': [2, 8],
    'near-duplicate': [3],
    'language-mix': [4],
    conflict: [5, 6, 7, 8],
  });
  const leak = alarms.find((a) => a.kind === 'category-leak')!;
  assert.match(leak.message, /^2 of 10 rows \(20\.0 %\) have a constraint starting with a template category name/);
});

test('an alarm is raised only when its share of rows reaches the threshold', () => {
  const many = [...rows, ...Array.from({ length: 90 }, () => rows[0]!)];
  // 1 of 100 rows without a constraint: under the default 10 % threshold, over a 1 % one.
  assert.equal(driftAlarms(many).find((a) => a.kind === 'no-constraint'), undefined);
  assert.deepEqual(driftAlarms(many, { thresholds: { 'no-constraint': 0.01 } }).find((a) => a.kind === 'no-constraint')?.rows, [1]);
  // 4 of 100 rows with conflicts pass the default 1 % threshold.
  assert.deepEqual(driftAlarms(many).find((a) => a.kind === 'conflict')?.rows, [5, 6, 7, 8]);
});

test('a promoted constraint (real IFEval id stored in the row) is judged by its stored id, not its text', () => {
  const promoted = {
    seed_question: 'Describe the water cycle.',
    constraint: ['Keep it short.', 'Make it a list.'],
    instruction_id_list: ['detectable_format:number_bullet_lists', 'detectable_format:number_bullet_lists'],
    kwargs: [{ num_bullets: 2n }, { num_bullets: 4n }],
  };
  assert.deepEqual(driftAlarms([promoted], EVERY_KIND), [
    { kind: 'conflict', rows: [0], message: "1 of 1 rows (100.0 %) have mapped constraints that conflict (IFEval's conflict table)" },
  ]);
});

test('rows without constraints and an empty dataset raise nothing odd', () => {
  assert.deepEqual(driftAlarms([]), []);
  assert.deepEqual(driftAlarms([{ seed_question: 'x', constraint: [] }], EVERY_KIND), [
    { kind: 'no-constraint', rows: [0], message: '1 of 1 rows (100.0 %) have no verifiable or recognisable constraint (content statements, sub-questions, bare words)' },
  ]);
});
