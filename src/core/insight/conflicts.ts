// Conflicting pairs among the mapped constraints of one row. Cross-id conflicts follow IFEval's table as the
// Filter uses it (src/core/roles/filter/conflict-table.ts, §5.6 symmetrised). The table also makes every id
// conflict with itself; for two constraints of the same id we report only pairs that cannot both hold
// (exactly 2 vs exactly 3 bullets, "at least 300" vs "less than 100" words), since "at least 100 words" and
// "less than 300 words" together are satisfiable. A keyword both required and forbidden is a conflict too.
import { ifevalConflict } from '../roles/filter/conflict-table';
import type { IdMapping } from './map';

// Ids whose checks are "at least N" lower bounds only: any two of them can hold together.
const MONOTONE = new Set([
  'keywords:existence',
  'keywords:forbidden_words',
  'detectable_content:number_placeholders',
  'detectable_format:number_highlighted_sections',
  'detectable_format:multiple_sections',
]);

// Relation ids: [count key, relation key, key that must match for the two to talk about the same thing].
const RELATIONS: Record<string, [string, string, string?]> = {
  'length_constraints:number_words': ['num_words', 'relation'],
  'length_constraints:number_sentences': ['num_sentences', 'relation'],
  'keywords:frequency': ['frequency', 'relation', 'keyword'],
  'keywords:letter_frequency': ['let_frequency', 'let_relation', 'letter'],
  'change_case:capital_word_frequency': ['capital_frequency', 'capital_relation'],
};

function sameKwargs(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const norm = (k: Record<string, unknown>) => JSON.stringify(Object.keys(k).sort().map((key) => [key, k[key]]));
  return norm(a) === norm(b);
}

function sameIdConflict(a: IdMapping, b: IdMapping): boolean {
  if (MONOTONE.has(a.id) || sameKwargs(a.kwargs, b.kwargs)) return false;
  const rel = RELATIONS[a.id];
  if (!rel) return true;
  const [countKey, relKey, subjectKey] = rel;
  if (subjectKey && String(a.kwargs[subjectKey]).toLowerCase() !== String(b.kwargs[subjectKey]).toLowerCase()) return false;
  if (a.kwargs[relKey] === b.kwargs[relKey]) return false;
  const atLeast = a.kwargs[relKey] === 'at least' ? a : b;
  const lessThan = atLeast === a ? b : a;
  return Number(atLeast.kwargs[countKey]) >= Number(lessThan.kwargs[countKey]);
}

function keywordClash(a: IdMapping, b: IdMapping): boolean {
  const required = a.id === 'keywords:existence' ? a : b.id === 'keywords:existence' ? b : undefined;
  const forbidden = a.id === 'keywords:forbidden_words' ? a : b.id === 'keywords:forbidden_words' ? b : undefined;
  if (!required || !forbidden) return false;
  const banned = new Set((forbidden.kwargs.forbidden_words as string[]).map((w) => w.toLowerCase()));
  return (required.kwargs.keywords as string[]).some((w) => banned.has(w.toLowerCase()));
}

export function mappingsConflict(a: IdMapping, b: IdMapping): boolean {
  if (a.id === b.id) return sameIdConflict(a, b);
  return ifevalConflict(a.id, b.id) || keywordClash(a, b);
}

/** Index pairs [i, j] (i < j) of conflicting mappings; unmapped entries are undefined and skipped. */
export function conflictingPairs(mappings: (IdMapping | undefined)[]): [number, number][] {
  const pairs: [number, number][] = [];
  for (let i = 0; i < mappings.length; i++) {
    const a = mappings[i];
    if (!a) continue;
    for (let j = i + 1; j < mappings.length; j++) {
      const b = mappings[j];
      if (b && mappingsConflict(a, b)) pairs.push([i, j]);
    }
  }
  return pairs;
}
