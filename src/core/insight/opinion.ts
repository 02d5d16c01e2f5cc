// The optional LLM second opinion: an injected async function (the LLM layer lives in src/core/llm; this area
// does not depend on it). Rules stay authoritative when they map; the LLM can only fill in what rules left
// unmapped, and its answer is validated like a rule's (known id, valid kwargs) before it is used.
import { z } from 'zod';
import { SOFT_CATEGORIES } from './categories';
import { isIfevalId } from './ifeval-ids';
import { kwargsProblem } from './kwargs';
import { isIdMapping, mapConstraint, type MappingResult } from './map';
import type { RuleContext } from './rules/index';

export interface SecondOpinionRequest {
  text: string;
  seed?: string;
  /** What the rules decided, for the LLM prompt or for logging. */
  rules: MappingResult;
}

/** Returns `{ id, kwargs }`, `{ category }` or null; anything else is treated as no opinion. */
export type SecondOpinion = (request: SecondOpinionRequest) => Promise<unknown>;

export interface OpinionatedMapping {
  result: MappingResult;
  /** Who decided the result: the rules, the LLM (rules had no id), or neither. */
  source: 'rules' | 'llm' | 'none';
  /** The LLM's answer after validation (null when it gave none or an invalid one). */
  opinion: MappingResult;
  /** Whether rules and LLM named the same id and kwargs; undefined unless both named an id. */
  agrees?: boolean;
  /** Why the LLM answer was not used (invalid id or kwargs, or the call failed). */
  problem?: string;
}

const OpinionSchema = z.union([
  z.object({ id: z.string(), kwargs: z.record(z.string(), z.unknown()).default({}) }),
  z.object({ category: z.enum(SOFT_CATEGORIES) }),
  z.null(),
]);

function validateOpinion(raw: unknown): { opinion: MappingResult; problem?: string } {
  const parsed = OpinionSchema.safeParse(raw ?? null);
  if (!parsed.success) return { opinion: null, problem: `second opinion has an unexpected shape: ${parsed.error.issues[0]?.message}` };
  const value = parsed.data;
  if (value === null) return { opinion: null };
  if ('category' in value) return { opinion: { category: value.category } };
  if (!isIfevalId(value.id)) return { opinion: null, problem: `second opinion names an unknown IFEval id ${JSON.stringify(value.id)}` };
  const problem = kwargsProblem(value.id, value.kwargs);
  if (problem) return { opinion: null, problem: `second opinion kwargs rejected: ${problem}` };
  return { opinion: { id: value.id, kwargs: value.kwargs, rule: 'llm' } };
}

function sameMapping(a: MappingResult, b: MappingResult): boolean {
  if (!isIdMapping(a) || !isIdMapping(b) || a.id !== b.id) return false;
  const norm = (k: Record<string, unknown>) => JSON.stringify(Object.keys(k).sort().map((key) => [key, k[key]]));
  return norm(a.kwargs) === norm(b.kwargs);
}

export async function mapConstraintWithOpinion(
  text: string,
  secondOpinion: SecondOpinion | undefined,
  ctx: RuleContext = {},
): Promise<OpinionatedMapping> {
  const rules = mapConstraint(text, ctx);
  const base: OpinionatedMapping = { result: rules, source: rules ? 'rules' : 'none', opinion: null };
  if (!secondOpinion) return base;
  let raw: unknown;
  try {
    raw = await secondOpinion({ text, ...(ctx.seed !== undefined ? { seed: ctx.seed } : {}), rules });
  } catch (e) {
    return { ...base, problem: `second opinion failed: ${(e as Error).message}` };
  }
  const { opinion, problem } = validateOpinion(raw);
  const withProblem = problem ? { problem } : {};
  if (isIdMapping(rules)) {
    return { ...base, opinion, ...(isIdMapping(opinion) ? { agrees: sameMapping(rules, opinion) } : {}), ...withProblem };
  }
  if (isIdMapping(opinion)) return { result: opinion, source: 'llm', opinion, ...withProblem };
  if (!rules && opinion) return { result: opinion, source: 'llm', opinion, ...withProblem };
  return { ...base, opinion, ...withProblem };
}
