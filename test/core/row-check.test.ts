// The fast row check in front of zod: it vouches only for rows zod accepts (so zod still decides and words
// every error), and it vouches for the rows SEIF's files are made of (so it is the path they take).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildDataset } from '../../src/core/dataset/dataset';
import { surelyValid } from '../../src/core/dataset/rowCheck';
import { IfevalRowSchema, InstructionRowSchema, SeedRowSchema } from '../../src/core/dataset/rows';
import { ifevalRows, instructionRows, seedPrompts } from '../support/fixtures';
import { mulberry32 } from '../support/prng';

const random = mulberry32(5);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;

// Values a row field may hold in a broken file (or a JSONL line written by hand).
const ODD: unknown[] = [undefined, null, 0, -0, 1.5, 2 ** 53, NaN, 3n, '', 'x', [], ['a'], [1], [null], new Array(2), {}, { a: 1 }, Object.create(null), new Map(), new Date(0), { constructor: 1 }, { constructor: () => 0 }, { [Symbol('s')]: 1 }, new (class Row {})()];

function mutate(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...row };
  for (let n = 1 + Math.floor(random() * 2); n > 0; n--) {
    const key = pick(Object.keys(row));
    const v = out[key];
    if (Array.isArray(v) && v.length > 0 && random() < 0.6) {
      const copy = v.slice();
      if (random() < 0.3) copy.pop();
      else copy[Math.floor(random() * copy.length)] = pick(ODD);
      out[key] = copy;
    } else out[key] = pick(ODD);
  }
  return out;
}

const KINDS = [
  { kind: 'instructions' as const, schema: InstructionRowSchema, rows: instructionRows(40, 1) },
  { kind: 'ifeval' as const, schema: IfevalRowSchema, rows: ifevalRows() },
  { kind: 'seed' as const, schema: SeedRowSchema, rows: seedPrompts(20).map((prompt) => ({ prompt })) },
];

test('every row the fast check vouches for is one zod accepts; well-formed rows are vouched for', () => {
  for (const { kind, schema, rows } of KINDS) {
    for (const row of rows) assert.equal(surelyValid(kind, row), true, `${kind}: a generated row takes the fast path`);
    let vouched = 0;
    let refused = 0;
    for (let n = 0; n < 4000; n++) {
      const row = mutate(pick(rows));
      let zodAccepts: boolean;
      try {
        zodAccepts = schema.safeParse(row).success;
      } catch {
        zodAccepts = false;
      }
      if (surelyValid(kind, row)) {
        vouched++;
        assert.equal(zodAccepts, true, `${kind}: vouched for a row zod refuses: ${String(Object.entries(row).map(([k, v]) => `${k}=${typeof v}`))}`);
      } else if (!zodAccepts) refused++;
    }
    assert.ok(refused > 100, `${kind}: ${refused} broken rows reached zod (${vouched} vouched)`);
  }
});

test('a dataset with broken rows reports zod\'s message for each, with its place', () => {
  const rows = instructionRows(3, 1);
  rows[1] = { ...rows[1]!, constraint: ['a', 7] };
  rows[2] = { ...rows[2]!, kwargs: [] };
  const ds = buildDataset('q_T1.parquet', 'parquet', rows, ['seed_question', 'constraint', 'prompt', 'kwargs', 'instruction_id_list'], []);
  assert.deepEqual([...ds.invalidRows], [1, 2]);
  assert.deepEqual(
    ds.problems.map((p) => [p.place, p.message]),
    [
      ['row 1, column constraint', 'invalid row: constraint.1: Invalid input: expected string, received number'],
      ['row 2, column instruction_id_list', `invalid row: instruction_id_list: constraint, kwargs and instruction_id_list must have equal lengths (got ${(rows[2]!.constraint as string[]).length}, 0, ${(rows[2]!.constraint as string[]).length})`],
    ],
  );
});
