// Free-text constraint → IFEval id + kwargs (rules, high precision), else one of the 25 soft categories.
import { categorise } from './categorise';
import { isIfevalId, type IfevalId } from './ifeval-ids';
import { kwargsProblem } from './kwargs';
import { LiteralScanner, hasGroup } from './literalScan';
import { normaliseConstraint, type NormalisedConstraint } from './normalise';
import { RULES, type RuleContext } from './rules/index';
import type { SoftCategory } from './categories';

export interface IdMapping {
  id: IfevalId;
  kwargs: Record<string, unknown>;
  /** Which rule decided ("bullets-exact", …), 'dataset' for ids already in the file, 'llm' for a second opinion. */
  rule: string;
}

export interface CategoryMapping {
  category: SoftCategory;
}

export type MappingResult = IdMapping | CategoryMapping | null;

export function isIdMapping(r: MappingResult): r is IdMapping {
  return r !== null && 'id' in r;
}

// Chinese, Japanese and Korean script: IFEval's word and keyword checks treat a run of these as one word,
// so counts and keywords written in them are not expressible; such constraints only get a category.
const NON_ASCII = /[^\x00-\x7F]/;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

export function hasCjk(text: string): boolean {
  return NON_ASCII.test(text) && CJK.test(text);
}

/** The IFEval check a constraint expresses exactly, by rules alone; null when none does. */
export function mapToIfeval(text: string, ctx: RuleContext = {}): IdMapping | null {
  if (hasCjk(text)) return null;
  return matchRules(normaliseConstraint(text), ctx);
}

// The cues of every rule in one automaton: a single pass tells which rules can possibly match a text.
const RULE_CUES = new LiteralScanner(RULES.map((r) => r.cue));
// Scan results, reused (matchRules is synchronous and never re-entered).
const ruleHits = new Uint32Array(RULE_CUES.words);

function matchRules({ body }: NormalisedConstraint, ctx: RuleContext): IdMapping | null {
  RULE_CUES.scan(body, ruleHits);
  if (ruleHits.every((w) => w === 0)) return null;
  for (let i = 0; i < RULES.length; i++) {
    if (!hasGroup(ruleHits, i)) continue;
    const rule = RULES[i]!;
    const m = rule.pattern.exec(body);
    if (!m) continue;
    const kwargs = rule.kwargs(m, ctx);
    if (kwargs && kwargsProblem(rule.id, kwargs) === undefined) return { id: rule.id, kwargs, rule: rule.name };
  }
  return null;
}

/**
 * `mapConstraint(text)` → `{ id, kwargs, rule }` when an IFEval check expresses the constraint exactly,
 * else `{ category }` when it reads as a constraint of a soft category, else null (not a recognisable constraint).
 */
export function mapConstraint(text: string, ctx: RuleContext = {}): MappingResult {
  const normalised = normaliseConstraint(text);
  const mapped = hasCjk(text) ? null : matchRules(normalised, ctx);
  if (mapped) return mapped;
  const category = categorise(text, normalised);
  return category ? { category } : null;
}

/** A real IFEval id already stored in a row (promoted, or IFEval data): kwargs as stored, nulls of the union struct dropped. */
export function datasetMapping(id: unknown, kwargs: unknown): IdMapping | null {
  if (!isIfevalId(id)) return null;
  const clean: Record<string, unknown> = {};
  if (kwargs && typeof kwargs === 'object') {
    for (const [k, v] of Object.entries(kwargs)) if (v !== null && v !== undefined) clean[k] = typeof v === 'bigint' ? Number(v) : v;
  }
  return { id, kwargs: clean, rule: 'dataset' };
}
