// kwargs of every id, validated with zod. SEIF's Python replaces a missing (None) or out-of-range
// argument with a *random* one; here that is an explicit error naming the id and the field.
// test.parquet stores kwargs as one union struct with nulls for the fields an id does not use:
// fields an id does not read are ignored, as SEIF's call_build_description ignores them.
import { z } from 'zod';
import { SeifError } from '../errors';
import { LANGUAGE_CODES, isRuleId, type InstructionId } from './ids';

const RANDOM_NOTE = "SEIF's Python would substitute a random value";

/** An integer from JSON (number) or parquet int64 (bigint). */
const int = z.union([z.number().int(), z.bigint().transform((v) => Number(v))]);
const count = int.refine((n) => n >= 0, { message: `must be 0 or more (${RANDOM_NOTE} for a negative one)` });
const relation = z.enum(['less than', 'at least'], { message: 'must be "less than" or "at least"' });
const words = z.array(z.string()).min(1, { message: `must list at least one word (${RANDOM_NOTE} for an empty list)` });

export const KWARGS_SCHEMAS = {
  'keywords:existence': z.object({ keywords: words }),
  'keywords:frequency': z.object({
    keyword: z.string().min(1, { message: `must not be empty (${RANDOM_NOTE})` }),
    frequency: count,
    relation,
  }),
  'keywords:forbidden_words': z.object({ forbidden_words: words }),
  'keywords:letter_frequency': z.object({
    letter: z.string().refine((s) => Array.from(s).length === 1 && /^[a-z]$/.test(s.toLowerCase()), {
      message: `must be one letter a–z (${RANDOM_NOTE} for anything else)`,
    }),
    let_frequency: count,
    let_relation: relation,
  }),
  'language:response_language': z.object({
    language: z.string().refine((s) => Object.hasOwn(LANGUAGE_CODES, s), {
      message: `must be one of IFEval's language codes (${Object.keys(LANGUAGE_CODES).join(', ')})`,
    }),
  }),
  'length_constraints:number_sentences': z.object({ num_sentences: count, relation }),
  'length_constraints:number_paragraphs': z.object({ num_paragraphs: count }),
  'length_constraints:number_words': z.object({ num_words: count, relation }),
  'length_constraints:nth_paragraph_first_word': z
    .object({ num_paragraphs: count, nth_paragraph: int, first_word: z.string() })
    .superRefine((v, ctx) => {
      if (v.nth_paragraph < 1 || v.nth_paragraph > v.num_paragraphs) {
        ctx.addIssue({
          code: 'custom',
          path: ['nth_paragraph'],
          message: `must be between 1 and num_paragraphs (${v.num_paragraphs}) (${RANDOM_NOTE} otherwise)`,
        });
      }
    }),
  'detectable_content:number_placeholders': z.object({ num_placeholders: count }),
  'detectable_content:postscript': z.object({ postscript_marker: z.string() }),
  'detectable_format:number_bullet_lists': z.object({ num_bullets: count }),
  'detectable_format:constrained_response': z.object({}),
  'detectable_format:number_highlighted_sections': z.object({ num_highlights: count }),
  'detectable_format:multiple_sections': z.object({ section_spliter: z.string(), num_sections: count }),
  'detectable_format:json_format': z.object({}),
  'detectable_format:title': z.object({}),
  'combination:two_responses': z.object({}),
  'combination:repeat_prompt': z.object({
    prompt_to_repeat: z.string().min(1, { message: 'must not be empty (SEIF would compare against a placeholder "xxx…")' }),
  }),
  'startend:end_checker': z.object({ end_phrase: z.string() }),
  'change_case:capital_word_frequency': z.object({ capital_frequency: int, capital_relation: relation }),
  'change_case:english_capital': z.object({}),
  'change_case:english_lowercase': z.object({}),
  'punctuation:no_comma': z.object({}),
  'startend:quotation': z.object({}),
} satisfies Record<InstructionId, z.ZodType>;

export type KwargsOf<Id extends InstructionId> = z.output<(typeof KWARGS_SCHEMAS)[Id]>;

/** Validates `kwargs` for `id`; throws SeifError naming the id and the field. */
export function parseKwargs<Id extends InstructionId>(id: Id, kwargs: unknown): KwargsOf<Id> {
  const raw = kwargs === null || kwargs === undefined ? {} : kwargs;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new SeifError(`${id}: kwargs must be an object, got ${Array.isArray(raw) ? 'an array' : typeof raw}`);
  }
  const result = KWARGS_SCHEMAS[id].safeParse(raw);
  if (result.success) return result.data as KwargsOf<Id>;
  const issue = result.error.issues[0]!;
  const field = issue.path.map(String).join('.');
  const value = (raw as Record<string, unknown>)[String(issue.path[0])];
  const substitute = field === 'prompt_to_repeat' ? 'SEIF\'s Python would compare against the placeholder "xxxxxxxxxxxxxxxxxxxxx"' : RANDOM_NOTE;
  const problem = value === undefined || value === null ? `is missing (${substitute}; give it explicitly)` : issue.message;
  throw new SeifError(`${id}: kwargs.${field} ${problem}`);
}

/** Validates an id; throws SeifError for an id the rule checkers do not know. */
export function requireRuleId(id: unknown): InstructionId {
  if (typeof id === 'string' && isRuleId(id)) return id;
  if (id === 'soft') throw new SeifError('instruction id "soft" is judged by the LLM verifier, not by the rule checkers');
  throw new SeifError(`unknown instruction id ${JSON.stringify(id)} (not one of IFEval's 25 registered ids)`);
}
