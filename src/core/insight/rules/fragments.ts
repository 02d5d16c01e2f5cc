// Regex pieces shared by the mapping rules, and the helpers that turn their captures into kwargs.
import { NUM, TIMES, parseCount } from '../numbers';

export { NUM, TIMES };

/** A comparison before a count, captured: "at least", "no more than", "under", … */
export const REL = String.raw`(at least|a minimum of|minimum of|no (?:less|fewer) than|not (?:less|fewer) than|more than|over|longer than|greater than|less than|fewer than|under|below|shorter than|at most|no more than|not more than|a maximum of|maximum of|up to|not exceed(?:ing)?|not to exceed|no longer than|within)`;

/** Optional "in the response" / "in your answer" tail: it names the whole response, so it changes nothing. */
export const IN_RESPONSE = String.raw`(?: (?:in|throughout|within) (?:the|your) (?:entire |whole )?(?:response|answer|reply|output|text))?`;

/** One quoted item: 'x' or "x". */
export const QUOTED = String.raw`(?:'[^']+'|"[^"]+")`;
/** Quoted items joined by commas and "and". */
export const LIST_AND = String.raw`${QUOTED}(?:,? (?:and )?${QUOTED})*`;
/** Quoted items joined by commas, "and", "or", "nor" (every one is forbidden). */
export const LIST_ANY = String.raw`${QUOTED}(?:,? (?:(?:and|or|nor) )?${QUOTED})*`;

export type Relation = { relation: 'at least' | 'less than'; n: number };

/** IFEval knows only "at least N" and "less than N": "no more than N" is "less than N+1", "more than N" "at least N+1". */
export function relationOf(rel: string | undefined, rawCount: string): Relation | undefined {
  const n = parseCount(rawCount);
  if (n === undefined) return undefined;
  const r = (rel ?? '').toLowerCase();
  if (/^(at least|a minimum of|minimum of|no (less|fewer) than|not (less|fewer) than)$/.test(r)) return { relation: 'at least', n };
  if (/^(more than|over|longer than|greater than)$/.test(r)) return { relation: 'at least', n: n + 1 };
  if (/^(less than|fewer than|under|below|shorter than)$/.test(r)) return n > 0 ? { relation: 'less than', n } : undefined;
  if (/^(at most|no more than|not more than|a maximum of|maximum of|up to|not exceed(ing)?|not to exceed|no longer than|within)$/.test(r)) {
    return { relation: 'less than', n: n + 1 };
  }
  return undefined;
}

// Characters that SEIF's checkers would read as regex syntax (keywords go into patterns unescaped).
const REGEX_SYNTAX = /[\\^$.|?*+()[\]{}]/;

/** The quoted items of a list, or undefined when one is unsafe as an IFEval keyword. */
export function quotedItems(list: string, opts: { wholeWords?: boolean } = {}): string[] | undefined {
  const items = [...list.matchAll(/'([^']+)'|"([^"]+)"/g)].map((m) => (m[1] ?? m[2]!).trim());
  if (items.length === 0) return undefined;
  for (const item of items) {
    if (item === '' || REGEX_SYNTAX.test(item) || /['"]/.test(item)) return undefined;
    // forbidden_words wraps each word in \b…\b: both ends must be word characters.
    if (opts.wholeWords && !/^[\p{L}\p{N}_].*[\p{L}\p{N}_]$|^[\p{L}\p{N}_]$/u.test(item)) return undefined;
  }
  return [...new Set(items)];
}
