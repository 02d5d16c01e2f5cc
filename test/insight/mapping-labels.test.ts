// Precision and coverage of the rule mapping on constraints labelled by hand (test/fixtures/constraint-labels.jsonl:
// 448 constraints sampled deterministically from QWEN-7B and QWEN-1.5B q_T files; "dev" = the first sample, read
// while the rules were written; "heldout" = a second sample labelled before the rules were run on it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parseKwargs, requireRuleId } from '../../src/core/checkers/kwargs';
import { mapToIfeval, type IdMapping } from '../../src/core/insight';
import { PROJECT_ROOT } from '../support/tmp';

interface Labelled {
  set: 'dev' | 'heldout';
  file: string;
  row: number;
  index: number;
  text: string;
  label: { id: string; kwargs: Record<string, unknown> } | null;
}

const FIXTURE = path.join(PROJECT_ROOT, 'test/fixtures/constraint-labels.jsonl');
const labelled: Labelled[] = fs
  .readFileSync(FIXTURE, 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as Labelled);

const sorted = (k: Record<string, unknown>) => JSON.stringify(Object.keys(k).sort().map((key) => [key, k[key]]));
const agrees = (m: IdMapping, label: Labelled['label']) => label !== null && label.id === m.id && sorted(label.kwargs) === sorted(m.kwargs);

function measure(items: Labelled[]) {
  let made = 0;
  let correct = 0;
  const wrong: string[] = [];
  for (const item of items) {
    const m = mapToIfeval(item.text);
    if (!m) continue;
    made++;
    if (agrees(m, item.label)) correct++;
    else wrong.push(`${item.file} row ${item.row}: ${JSON.stringify(item.text)} → ${m.id} ${JSON.stringify(m.kwargs)}`);
  }
  const verifiable = items.filter((i) => i.label !== null).length;
  return { made, correct, verifiable, precision: made ? correct / made : 1, coverage: verifiable ? correct / verifiable : 1, wrong };
}

test('the labelled sample has ≥ 300 constraints from both families, each with a valid label', () => {
  assert.ok(labelled.length >= 300, `only ${labelled.length} labelled constraints`);
  assert.ok(labelled.some((l) => l.file.startsWith('QWEN-7B/')) && labelled.some((l) => l.file.startsWith('QWEN-1.5B/')));
  for (const l of labelled) {
    if (!l.label) continue;
    // Every label must be something the rule Judger accepts.
    parseKwargs(requireRuleId(l.label.id), l.label.kwargs);
  }
});

for (const set of ['all', 'heldout'] as const) {
  test(`rule mapping precision ≥ 0.95 on the hand-labelled constraints (${set})`, (t) => {
    const r = measure(set === 'all' ? labelled : labelled.filter((l) => l.set === set));
    t.diagnostic(
      `${set}: precision ${r.correct}/${r.made} = ${r.precision.toFixed(3)}, coverage ${r.correct}/${r.verifiable} = ${r.coverage.toFixed(3)}`,
    );
    assert.ok(r.made > 25, `only ${r.made} mappings made`);
    assert.ok(r.precision >= 0.95, `precision ${r.precision.toFixed(3)} < 0.95; wrong:\n${r.wrong.join('\n')}`);
  });
}
