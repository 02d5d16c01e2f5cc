// The rows behind the IFEval-id and category bars of the dashboard: each row listed once, ascending, under
// every id / category one of its constraints has — counted here constraint by constraint.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeRoundStats, isIdMapping, mapConstraint } from '../../src/core/insight';
import { instructionRows } from '../support/fixtures';

test('rowsByMappedId and rowsByCategory list exactly the rows with a constraint of that id / category', () => {
  const rows: Record<string, unknown>[] = instructionRows(60, 2);
  // A promoted constraint counts under its stored id, whatever its text says.
  rows[7] = { ...rows[7]!, instruction_id_list: ['punctuation:no_comma', ...(rows[7]!.instruction_id_list as string[]).slice(1)], kwargs: [{}, ...(rows[7]!.kwargs as unknown[]).slice(1)] };
  const stats = computeRoundStats(rows, { file: 'q_T2.parquet' });
  const byId = new Map<string, number[]>();
  const byCategory = new Map<string, number[]>();
  rows.forEach((row, i) => {
    const ids = row.instruction_id_list as string[];
    const keys = (row.constraint as string[]).map((text, j): { id: string } | { category: string } => {
      if (ids[j] !== 'soft') return { id: ids[j]! };
      const m = mapConstraint(text, { seed: row.seed_question as string });
      return isIdMapping(m) ? { id: m.id } : { category: m?.category ?? 'unrecognised' };
    });
    for (const k of keys) {
      const map = 'id' in k ? byId : byCategory;
      const key = 'id' in k ? k.id : k.category;
      const list = map.get(key) ?? map.set(key, []).get(key)!;
      if (list.at(-1) !== i) list.push(i);
    }
  });
  assert.deepEqual(stats.rowsByMappedId, Object.fromEntries(byId));
  assert.deepEqual(stats.rowsByCategory, Object.fromEntries(byCategory));
  assert.ok(stats.rowsByMappedId['punctuation:no_comma']!.includes(7));
  // Each list's length never exceeds the constraints counted for that key.
  for (const [id, list] of Object.entries(stats.rowsByMappedId)) assert.ok(list.length <= stats.mappedIds[id]!, id);
  for (const [c, list] of Object.entries(stats.rowsByCategory)) assert.ok(list.length <= stats.categoryMix[c]!, c);
});
