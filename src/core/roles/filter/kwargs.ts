import { parseKwargs } from '../../checkers';
import { SeifError } from '../../errors';
import type { ConstraintKind } from './kinds';
import type { FilterFinding } from './types';

/**
 * kwargs of real IFEval ids, validated by the rule checkers' own schemas (KWARGS_SCHEMAS): SEIF's Python
 * silently draws a RANDOM value for a missing or out-of-range parameter; the Filter flags it instead.
 */
export function kwargsFindings(kinds: readonly ConstraintKind[]): FilterFinding[] {
  const findings: FilterFinding[] = [];
  for (const k of kinds) {
    if (!k.certain || !k.id) continue;
    try {
      parseKwargs(k.id, k.kwargs);
    } catch (e) {
      if (!(e instanceof SeifError)) throw e;
      findings.push({ constraintIndex: k.index, rule: 'kwargs', severity: 'error', message: `constraint ${k.index + 1}: ${e.message}` });
    }
  }
  return findings;
}
