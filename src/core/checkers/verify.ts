// Strict and loose verdicts for one instruction and for one case (a prompt's instruction list).
import { SeifError } from '../errors';
import { pyStrip } from '../nlp/pystr';
import { requireRuleId } from './kwargs';
import { looseVariants } from './loose';
import { buildRule } from './rules/index';
import type { RuleOutcome } from './rules/types';

export interface InstructionVerdict {
  strict: boolean;
  loose: boolean;
  /** Why, for the strict check, e.g. "needs at least 300 words, has 212". */
  reason: string;
  /** True when a missing data file (Punkt parameters, language profiles) forced an approximation. */
  approximate: boolean;
}

const EMPTY_REASON = 'the response is empty (IFEval fails every constraint of an empty response)';

/**
 * Checks one instruction. Throws SeifError for an unknown id or bad kwargs. `prompt` is accepted for
 * symmetry with IFEval's evaluation (which passes it); none of the 25 registered ids reads it.
 */
export function checkInstruction(id: string, kwargs: unknown, response: string, _prompt?: string): InstructionVerdict {
  const rule = buildRule(requireRuleId(id), kwargs);
  if (typeof response !== 'string') throw new SeifError(`response must be a string, got ${response === null ? 'null' : typeof response}`);
  let approximate = false;
  const seen = new Map<string, RuleOutcome | null>();
  const run = (text: string): RuleOutcome | null => {
    if (seen.has(text)) return seen.get(text)!;
    // IFEval only checks non-empty texts: `if response.strip() and instruction.check_following(response)`.
    const outcome = pyStrip(text) === '' ? null : rule(text);
    if (outcome?.approximate) approximate = true;
    seen.set(text, outcome);
    return outcome;
  };
  const strictOutcome = run(response);
  const strict = strictOutcome?.ok ?? false;
  let loose = strict;
  // The response itself is the first variant: only a failing strict verdict needs the other seven.
  if (!strict) {
    for (const variant of looseVariants(response)) {
      loose = run(variant)?.ok ?? false;
      if (loose) break;
    }
  }
  let reason = strictOutcome ? strictOutcome.reason : EMPTY_REASON;
  if (!strict && loose) reason += ' (passes loosely: after removing the first/last line or the * marks)';
  return { strict, loose, reason, approximate };
}

export interface VerifyInput {
  instruction_id_list: readonly string[];
  kwargs?: readonly unknown[] | null;
  response: string;
  prompt?: string;
}

export interface CaseVerdict {
  strict: boolean[];
  loose: boolean[];
  reasons: string[];
  approximate: boolean[];
}

/** Checks every instruction of a case; throws SeifError naming the constraint (1-based), id and field. */
export function verifyCase(input: VerifyInput): CaseVerdict {
  const ids = input.instruction_id_list;
  if (!Array.isArray(ids)) throw new SeifError('instruction_id_list must be a list of instruction ids');
  const kwargs = input.kwargs ?? ids.map(() => ({}));
  if (!Array.isArray(kwargs) || kwargs.length !== ids.length) {
    throw new SeifError(`kwargs must be a list with one object per instruction id (${ids.length}), got ${Array.isArray(kwargs) ? kwargs.length : typeof kwargs}`);
  }
  if (typeof input.response !== 'string') {
    throw new SeifError(`response must be a string, got ${input.response === null ? 'null' : typeof input.response}`);
  }
  const out: CaseVerdict = { strict: [], loose: [], reasons: [], approximate: [] };
  ids.forEach((id, i) => {
    let v: InstructionVerdict;
    try {
      v = checkInstruction(id, kwargs[i], input.response, input.prompt);
    } catch (e) {
      if (e instanceof SeifError) throw new SeifError(`constraint ${i + 1}: ${e.message}`, e.file, e.place, { cause: e });
      throw e;
    }
    out.strict.push(v.strict);
    out.loose.push(v.loose);
    out.reasons.push(v.reason);
    out.approximate.push(v.approximate);
  });
  return out;
}
