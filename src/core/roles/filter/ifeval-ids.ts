// The 25 ids of SEIF's IFEval registry come from the rule checkers (one list for the project).
export { INSTRUCTION_IDS as IFEVAL_IDS, isRuleId as isIfevalId, type InstructionId as IfevalId } from '../../checkers';

/** "length_constraints:number_words" → "number_words", for messages. */
export function shortId(id: string): string {
  return id.slice(id.indexOf(':') + 1);
}
