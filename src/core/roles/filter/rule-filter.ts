import type { Instruction } from '../../dataset/dataset';
import { ifevalConflict } from './conflict-table';
import { duplicateFindings } from './duplicates';
import { HARD_RULES } from './hard-rules';
import { shortId } from './ifeval-ids';
import { constraintKinds, type ConstraintKind } from './kinds';
import { kwargsFindings } from './kwargs';
import { categoryNameFindings, notAConstraintFindings } from './not-a-constraint';
import { numericContradictions } from './numeric';
import type { FilterFinding } from './types';

const label = (k: ConstraintKind) => `constraint ${k.index + 1} (${k.id ? shortId(k.id) : 'soft'}${k.certain ? '' : ', guessed from wording'})`;

/** Pairwise type conflicts: IFEval's table first; the hard template's rules for pairs the table allows. */
function typeConflicts(kinds: ConstraintKind[]): FilterFinding[] {
  const findings: FilterFinding[] = [];
  for (let j = 1; j < kinds.length; j++) {
    for (let i = 0; i < j; i++) {
      const a = kinds[i]!;
      const b = kinds[j]!;
      if (!a.id || !b.id) continue;
      const certain = a.certain && b.certain;
      // The same guessed type twice is common and fine in `soft` data ("include X", "include Y").
      if (ifevalConflict(a.id, b.id) && (a.id !== b.id || certain)) {
        findings.push({
          constraintIndex: j,
          rule: 'ifeval-conflict',
          severity: certain ? 'error' : 'warning',
          related: [i],
          message: `${label(b)} conflicts with ${label(a)} in IFEval's conflict table`,
        });
        continue;
      }
      const rule = HARD_RULES.find((r) => r.breaks(a, b));
      if (rule) {
        findings.push({
          constraintIndex: j,
          rule: 'hard-template',
          severity: rule.impossible && certain ? 'error' : 'warning',
          related: [i],
          message: `${label(b)} and ${label(a)} break compatibility rule ${rule.n}: ${rule.summary}`,
        });
      }
    }
  }
  return findings;
}

/** Every rule-based check of one instruction; findings sorted by constraint. Pure and fast (no I/O). */
export function runRuleFilter(instruction: Instruction): FilterFinding[] {
  const kinds = constraintKinds(instruction);
  const findings = [
    // Real IFEval ids are constraints by definition (and an IFEval row's "constraint" text is the id).
    ...notAConstraintFindings(instruction.constraints).filter((f) => f.constraintIndex === null || !kinds[f.constraintIndex]?.certain),
    ...kwargsFindings(kinds),
    ...numericContradictions(kinds.map((k) => k.bounds)),
    ...duplicateFindings(instruction.constraints),
    ...typeConflicts(kinds),
    ...categoryNameFindings(instruction.constraints),
  ];
  if (instruction.ids.length !== instruction.constraints.length && instruction.ids.length > 0) {
    findings.push({
      constraintIndex: null,
      rule: 'kwargs',
      severity: 'error',
      message: `${instruction.constraints.length} constraints but ${instruction.ids.length} instruction ids`,
    });
  }
  return findings.sort((x, y) => (x.constraintIndex ?? -1) - (y.constraintIndex ?? -1));
}

/** True when a finding is serious enough for the Filter to propose rejecting the instruction. */
export function rejects(findings: readonly FilterFinding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}
