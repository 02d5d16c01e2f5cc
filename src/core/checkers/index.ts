// Public API of the Judger's rule layer (IFEval's 25 checkers, SEIF semantics).
export { INSTRUCTION_IDS, LANGUAGE_CODES, isRuleId, type InstructionId } from './ids';
export { KWARGS_SCHEMAS, parseKwargs, type KwargsOf } from './kwargs';
export { checkInstruction, verifyCase, type CaseVerdict, type InstructionVerdict, type VerifyInput } from './verify';
export { ifevalScores, type IdScore, type IfevalScores, type ScoredCase } from './scores';
export { describeInstruction } from './describe';
export { looseVariants } from './loose';
export { checkerDataStatus, type CheckerDataStatus } from './status';
