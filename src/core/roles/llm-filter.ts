import { z } from 'zod';
import type { Instruction } from '../dataset/dataset';
import type { LlmClient } from '../llm';
import type { FilterFinding } from './filter/types';
import { filterMessages } from './prompts';

const VerdictSchema = z.object({
  conflict: z.boolean(),
  reason: z.string(),
  blamed: z.array(z.number().int()),
});

export interface LlmFilterVerdict {
  conflict: boolean;
  reason: string;
  /** 0-based indices of the constraints the model blames (out-of-range numbers dropped). */
  blamed: number[];
  /** The verdict as findings: one per blamed constraint, or one for the whole instruction. */
  findings: FilterFinding[];
  cacheHit: boolean;
}

/** SEIF's Filter protocol: one conflict verdict for the whole instruction, here with a reason and the blame. */
export async function runLlmFilter(client: LlmClient, instruction: Instruction, signal?: AbortSignal): Promise<LlmFilterVerdict> {
  const n = instruction.constraints.length;
  const reply = await client.chatJson(
    { messages: filterMessages(instruction.seed, instruction.constraints), schema: VerdictSchema, schemaName: 'filter_verdict', temperature: 0, purpose: 'filter' },
    signal,
  );
  const { conflict, reason } = reply.value;
  const blamed = [...new Set(reply.value.blamed)].filter((b) => b >= 1 && b <= n).map((b) => b - 1).sort((a, b) => a - b);
  const findings: FilterFinding[] = [];
  if (conflict) {
    const message = `the Filter model sees a conflict: ${reason.trim() || '(no reason given)'}`;
    if (blamed.length === 0) findings.push({ constraintIndex: null, rule: 'llm-conflict', severity: 'error', message });
    for (const i of blamed) {
      findings.push({ constraintIndex: i, rule: 'llm-conflict', severity: 'error', message, related: blamed.filter((b) => b !== i) });
    }
  }
  return { conflict, reason, blamed: conflict ? blamed : [], findings, cacheHit: reply.cacheHit };
}
