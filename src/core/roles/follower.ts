import type { Instruction } from '../dataset/dataset';
import { buildPrompt } from '../dataset/rows';
import type { LlmClient } from '../llm';
import { isIfevalId } from './filter/ifeval-ids';

export interface SampleOptions {
  temperature?: number;
  maxTokens?: number;
  /** Ask the server again instead of returning the cached sample for this instruction. */
  fresh?: boolean;
}

export interface SampledResponse {
  /** The answer with any reasoning block removed. */
  text: string;
  cacheHit: boolean;
  latencyMs: number;
  completionTokens: number;
}

/** The prompt the Follower sees: SEIF's seed + "\n" + constraints; an IFEval row's prompt already holds them. */
export function followerPrompt(instruction: Instruction): string {
  const ifevalView = instruction.constraints.length > 0 && instruction.constraints.every((c, i) => c === instruction.ids[i] && isIfevalId(c));
  return ifevalView ? instruction.seed : buildPrompt(instruction.seed, instruction.constraints);
}

/** One Follower answer to an instruction, as SEIF's answer server would give it (single user message). */
export async function sampleResponse(client: LlmClient, instruction: Instruction, signal?: AbortSignal, options: SampleOptions = {}): Promise<SampledResponse> {
  const reply = await client.chat(
    {
      messages: [{ role: 'user', content: followerPrompt(instruction) }],
      temperature: options.temperature ?? 0.7,
      ...(options.maxTokens !== undefined && { maxTokens: options.maxTokens }),
      cache: !options.fresh,
      purpose: 'follower',
    },
    signal,
  );
  return { text: reply.text, cacheHit: reply.cacheHit, latencyMs: reply.latencyMs, completionTokens: reply.completionTokens };
}
