import { test } from 'node:test';
import assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { renderInstructionDocument } from '../../src/core/instruction/document';
import { constraintLines, documentInstruction } from '../../src/extension/roles/documentInstruction';
import type { Instruction } from '../../src/core/dataset/dataset';

// The editor's Filter puts diagnostics on the lines of a constraint as the document shows it right now.
const saved: Instruction = {
  seed: 'Describe rivers.',
  constraints: ['Use exactly 3 bullet points.', 'Write in lowercase\nand keep it short.', 'Answer in at least 300 words.'],
  ids: ['soft', 'soft', 'length_constraints:number_words'],
  kwargs: [{ num_bullets: 3 }, { num_bullets: 3 }, { num_words: 300, relation: 'at least' }],
};
const doc = (text: string) => ({ getText: () => text }) as unknown as vscode.TextDocument;

test('constraint lines follow the rendered document, multi-line constraints included', () => {
  const text = renderInstructionDocument({ title: 't', status: 'pending' }, saved, 'a response');
  const lines = text.split('\n');
  const { instruction, parsed } = documentInstruction(doc(text), saved);
  assert.deepEqual(instruction.constraints, ['Use exactly 3 bullet points.', 'Write in lowercase\nand keep it short.', 'Answer in at least 300 words.']);
  assert.deepEqual(instruction.kwargs[2], { num_words: 300, relation: 'at least' });
  const second = constraintLines(parsed, 1);
  assert.equal(second.last - second.first, 1);
  assert.match(lines[second.first]!, /^2\. \[soft\] Write in lowercase$/);
  const last = constraintLines(parsed, 2);
  assert.equal(lines[last.last + 1], '=== Response ===');
});

test('an unsaved edit that deletes a constraint keeps the others’ kwargs by number', () => {
  const text = renderInstructionDocument({ title: 't', status: 'pending' }, saved).replace(/^1\. .*\n/m, '');
  const { instruction } = documentInstruction(doc(text), saved);
  assert.deepEqual(instruction.ids, ['soft', 'length_constraints:number_words']);
  assert.deepEqual(instruction.kwargs[1], { num_words: 300, relation: 'at least' });
});
