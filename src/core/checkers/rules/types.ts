import { SeifError } from '../../errors';
import { compilePyRegex, PyRegexError, type PyFlags } from '../../nlp/pyregex';

/** One check of one response text. `reason` says why, in a researcher's words. */
export interface RuleOutcome {
  ok: boolean;
  reason: string;
  /** Set when a data file was missing and an approximation decided (Punkt, language profiles). */
  approximate?: boolean;
}

export type Rule = (value: string) => RuleOutcome;

export type Relation = 'less than' | 'at least';

/** SEIF's two relations: "less than" is actual < n, "at least" is actual ≥ n. */
export function compare(relation: Relation, actual: number, n: number): boolean {
  return relation === 'less than' ? actual < n : actual >= n;
}

/** "needs at least 300 words, has 212" / "needs fewer than 5 sentences, has 7". */
export function countReason(relation: Relation, n: number, what: string, actual: number): string {
  return `needs ${relation === 'less than' ? 'fewer than' : 'at least'} ${n} ${what}, has ${actual}`;
}

/** Compiles a Python pattern built from kwargs; an invalid one is a kwargs error naming id and field. */
export function kwargPattern(id: string, field: string, pattern: string, flags: PyFlags = {}): { re: RegExp; groups: number } {
  try {
    return compilePyRegex(pattern, flags);
  } catch (e) {
    if (e instanceof PyRegexError) {
      throw new SeifError(`${id}: kwargs.${field} makes an invalid Python regular expression ${JSON.stringify(pattern)}: ${e.message}`);
    }
    throw e;
  }
}

/** Compiles one of the checkers' own fixed Python patterns. */
export function fixedPattern(pattern: string, flags: PyFlags = {}): RegExp {
  return compilePyRegex(pattern, flags).re;
}
