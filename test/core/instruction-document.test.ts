import { test } from 'node:test';
import assert from 'node:assert/strict';
import { constraintSetFromDocument, parseInstructionDocument, renderInstructionDocument } from '../../src/core/instruction/document';

const ins = {
  seed: 'Explain volcanoes.\n input : lava',
  constraints: ['Use exactly 3 bullet points.', 'Mention "magma" twice.\nIn bold.'],
  ids: ['soft', 'soft'],
  kwargs: [{ num_bullets: 3n }, { num_bullets: 3n }],
};

test('render then parse gives back the seed, constraints (multi-line too) and response', () => {
  const text = renderInstructionDocument({ title: 'T', status: 'pending' }, ins, 'My answer.\n* a');
  const p = parseInstructionDocument(text);
  assert.deepEqual(p.errors, []);
  assert.equal(p.seed, ins.seed);
  assert.deepEqual(p.constraints.map((c) => [c.number, c.id, c.text]), [[1, 'soft', ins.constraints[0]], [2, 'soft', ins.constraints[1]]]);
  assert.equal(p.response, 'My answer.\n* a');
  const { set, errors } = constraintSetFromDocument(p, ins);
  assert.deepEqual(errors, []);
  assert.deepEqual(set, { constraints: ins.constraints, ids: ins.ids, kwargs: ins.kwargs });
});

test('an edited document yields an aligned constraint set; bad lines are errors with their line', () => {
  const text = [
    '» header',
    '=== Seed ===',
    'Explain volcanoes.',
    '=== Constraints ===',
    '2. [soft] Mention "magma" twice.',
    '3. A brand new constraint without an id.',
    'not numbered',
    '4. [keywords:existence] needs kwargs',
    '=== Response ===',
    '',
  ].join('\n');
  const p = parseInstructionDocument(text);
  assert.deepEqual(p.errors, [{ line: 6, message: 'a constraint line starts with its number, e.g. "3. [soft] The response must …"' }]);
  const { set, errors } = constraintSetFromDocument(p, ins);
  assert.deepEqual(set.constraints, ['Mention "magma" twice.', 'A brand new constraint without an id.']);
  assert.deepEqual(set.ids, ['soft', 'soft']);
  assert.equal(set.kwargs.length, 2);
  assert.equal(errors.length, 1);
  assert.equal(errors[0]!.line, 7);
});

test('missing sections are reported', () => {
  const p = parseInstructionDocument('=== Seed ===\nx\n');
  assert.deepEqual(p.errors.map((e) => e.message), ['the "=== Constraints ===" section is missing', 'the "=== Response ===" section is missing']);
});
