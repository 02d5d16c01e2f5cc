import { z } from 'zod';
import type { Instruction } from '../dataset/dataset';
import { isCancelled, type LlmClient } from '../llm';
import { describeError } from '../errors';
import { checkInstruction } from '../checkers';
import { isIfevalId } from './filter/ifeval-ids';
import { judgeMessages } from './prompts';

const JudgeSchema = z.object({ followed: z.boolean(), reason: z.string() });

/** A rule checker for a real IFEval id: true/false, or undefined when it cannot check this id. */
export type RuleCheck = (response: string, id: string, kwargs: Record<string, unknown>) => boolean | undefined;

export interface ConstraintVerdict {
  index: number;
  constraint: string;
  id: string;
  /** null when no verdict could be had (the error says why); it counts as not followed, as in SEIF. */
  followed: boolean | null;
  reason: string;
  source: 'llm' | 'rule' | 'none';
  error?: string;
}

export interface JudgeResult {
  verdicts: ConstraintVerdict[];
  followed: number;
  total: number;
  /** followed / total — SEIF's Follower reward for the instruction. */
  score: number;
}

export interface JudgeOptions {
  /** Checks real IFEval ids; default the project's IFEval rule checkers (strict). `soft` always goes to the LLM. */
  ruleCheck?: RuleCheck;
}

/** The rule checkers' strict verdict, as SEIF's reward computes it for registry ids. */
export const ifevalRuleCheck: RuleCheck = (response, id, kwargs) => checkInstruction(id, kwargs, response).strict;

/**
 * The LLM Judger for `soft` constraints: one yes/no with a short reason per constraint, judged from the
 * answer and that constraint alone (as SEIF does), in parallel within the client's concurrency bound.
 */
export async function judgeConstraints(
  client: LlmClient,
  response: string,
  instruction: Instruction,
  signal?: AbortSignal,
  options: JudgeOptions = {},
): Promise<JudgeResult> {
  const verdicts = await Promise.all(
    instruction.constraints.map(async (constraint, index): Promise<ConstraintVerdict> => {
      const id = instruction.ids[index] ?? 'soft';
      const base = { index, constraint, id };
      if (!response.trim()) return { ...base, followed: false, reason: 'the answer is empty', source: 'none' };
      if (isIfevalId(id)) {
        try {
          const ok = (options.ruleCheck ?? ifevalRuleCheck)(response, id, instruction.kwargs[index] ?? {});
          if (ok !== undefined) return { ...base, followed: ok, reason: `rule checker ${id}`, source: 'rule' };
        } catch (e) {
          return { ...base, followed: null, reason: 'rule checker failed', source: 'rule', error: describeError(e) };
        }
      }
      try {
        const reply = await client.chatJson(
          { messages: judgeMessages(response, constraint), schema: JudgeSchema, schemaName: 'judge_verdict', temperature: 0, purpose: 'judge' },
          signal,
        );
        return { ...base, followed: reply.value.followed, reason: reply.value.reason.trim(), source: 'llm' };
      } catch (e) {
        if (isCancelled(e)) throw e;
        return { ...base, followed: null, reason: 'no verdict', source: 'none', error: describeError(e) };
      }
    }),
  );
  const followed = verdicts.filter((v) => v.followed === true).length;
  const total = verdicts.length;
  return { verdicts, followed, total, score: total === 0 ? 0 : followed / total };
}
