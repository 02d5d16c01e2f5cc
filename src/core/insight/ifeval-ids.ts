// IFEval ids and language codes come from the rule checkers (src/core/checkers), the single source of truth.
import { INSTRUCTION_IDS, LANGUAGE_CODES as CODE_TO_NAME, isRuleId, type InstructionId } from '../checkers/ids';

export const IFEVAL_IDS = INSTRUCTION_IDS;
export type IfevalId = InstructionId;

export function isIfevalId(id: unknown): id is IfevalId {
  return typeof id === 'string' && isRuleId(id);
}

/** ISO 639-1 code by lower-case English language name ("french" → "fr"), for the codes IFEval knows. */
export const LANGUAGE_CODES: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(CODE_TO_NAME).map(([code, name]) => [name.toLowerCase(), code]),
);
