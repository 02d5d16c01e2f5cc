// SEIF's model roles over the LLM layer: Filter (rules + LLM), Judger, Follower, Instructor.
export type { Instruction } from '../dataset/dataset';
export type { FilterFinding, FilterRule, FilterSeverity } from './filter/types';
export { runRuleFilter, rejects } from './filter/rule-filter';
export { IFEVAL_IDS, isIfevalId } from './filter/ifeval-ids';
export { ifevalConflict } from './filter/conflict-table';
export { HARD_RULES } from './filter/hard-rules';
export { guessIfevalId } from './filter/guess-kind';
export { runLlmFilter } from './llm-filter';
export type { LlmFilterVerdict } from './llm-filter';
export { judgeConstraints, ifevalRuleCheck } from './judger';
export type { JudgeResult, ConstraintVerdict, JudgeOptions, RuleCheck } from './judger';
export { sampleResponse, followerPrompt } from './follower';
export { llmMappingOpinion, mappingMessages } from './mappingOpinion';
export type { SampledResponse, SampleOptions } from './follower';
export { generateInstructions, failuresFileOf, progressFileOf, templateFor } from './instructor/generate';
export type { GenerateOptions, GenerateSummary, TemplateChoice } from './instructor/generate';
export { softPrompt, hardPrompt, CONSTRAINT_COUNT } from './instructor/templates';
export type { TemplateName } from './instructor/templates';
