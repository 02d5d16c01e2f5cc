// The LLM second opinion on a constraint's mapping (src/core/insight/opinion.ts takes it as an injected
// function): the judge endpoint is asked which IFEval check expresses the constraint exactly, if any.
// Its answer is only a proposal: mapConstraintWithOpinion validates id and kwargs like a rule's.
import { z } from 'zod';
import { KWARGS_SCHEMAS } from '../checkers/kwargs';
import { SOFT_CATEGORIES } from '../insight/categories';
import type { SecondOpinion, SecondOpinionRequest } from '../insight/opinion';
import type { ChatMessage, LlmClient } from '../llm';

const ReplySchema = z.object({
  id: z.string().optional(),
  kwargs: z.record(z.string(), z.unknown()).optional(),
  category: z.string().optional(),
  none: z.boolean().optional(),
});

/** "keywords:frequency (keyword, frequency, relation)" for every IFEval check. */
function catalogue(): string {
  return Object.entries(KWARGS_SCHEMAS)
    .map(([id, schema]) => {
      const keys = Object.keys((schema as unknown as { shape?: Record<string, unknown> }).shape ?? {});
      return `- ${id}${keys.length ? ` (${keys.join(', ')})` : ''}`;
    })
    .join('\n');
}

export function mappingMessages(request: Pick<SecondOpinionRequest, 'text' | 'seed'>): ChatMessage[] {
  const system = [
    'You map one constraint on an answer to the IFEval check that verifies it exactly, when there is one.',
    'IFEval checks, with their arguments:',
    catalogue(),
    'Relations are only "at least" and "less than": "no more than 50" is "less than" 51, "more than 3" is "at least" 4.',
    'Name a check only when it expresses the whole constraint, nothing more and nothing less.',
    `Otherwise name the closest soft category: ${SOFT_CATEGORIES.join(', ')}.`,
    'Reply with a JSON object only: {"id": "<check>", "kwargs": {...}} or {"category": "<soft category>"} or {"none": true} when it is not a constraint.',
  ].join('\n');
  const task = request.seed ? `Task the constraint belongs to:\n${request.seed.trim()}\n\n` : '';
  return [
    { role: 'system', content: system },
    { role: 'user', content: `${task}Constraint: ${request.text}` },
  ];
}

/** A SecondOpinion backed by an LLM client (the judge role's in the editor). */
export function llmMappingOpinion(client: LlmClient, signal?: AbortSignal): SecondOpinion {
  return async (request) => {
    const reply = await client.chatJson({ messages: mappingMessages(request), schema: ReplySchema, schemaName: 'constraint_mapping', temperature: 0, purpose: 'mapping-opinion' }, signal);
    const v = reply.value;
    if (v.id !== undefined) return { id: v.id, kwargs: v.kwargs ?? {} };
    if (v.category !== undefined) return { category: v.category };
    return null;
  };
}
