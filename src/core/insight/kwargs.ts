// Validity of mapped kwargs: the checkers' KWARGS_SCHEMAS (what the rule Judger accepts) plus stricter limits
// of our own, so a mapping never hands the Judger arguments SEIF's checker would reject, randomise (§5.1)
// or read in a way the constraint did not mean (zero paragraphs, an unknown postscript marker, extra keys).
import { KWARGS_SCHEMAS } from '../checkers/kwargs';
import type { IfevalId } from './ifeval-ids';

type Check = (v: unknown) => boolean;

const count: Check = (v) => Number.isInteger(v) && (v as number) >= 0;
const positive: Check = (v) => Number.isInteger(v) && (v as number) >= 1;
const relation: Check = (v) => v === 'at least' || v === 'less than';
const text: Check = (v) => typeof v === 'string' && v.trim() !== '';
const words: Check = (v) => Array.isArray(v) && v.length > 0 && v.every(text);
const letter: Check = (v) => typeof v === 'string' && /^[a-z]$/.test(v);
const language: Check = (v) => typeof v === 'string' && /^[a-z]{2}$/.test(v);
const marker: Check = (v) => v === 'P.S.' || v === 'P.P.S';

const SPECS: Record<IfevalId, Record<string, Check>> = {
  'keywords:existence': { keywords: words },
  'keywords:frequency': { keyword: text, frequency: count, relation },
  'keywords:forbidden_words': { forbidden_words: words },
  'keywords:letter_frequency': { letter, let_frequency: count, let_relation: relation },
  'language:response_language': { language },
  'length_constraints:number_sentences': { num_sentences: count, relation },
  'length_constraints:number_paragraphs': { num_paragraphs: positive },
  'length_constraints:number_words': { num_words: count, relation },
  'length_constraints:nth_paragraph_first_word': { num_paragraphs: positive, nth_paragraph: positive, first_word: text },
  'detectable_content:number_placeholders': { num_placeholders: positive },
  'detectable_content:postscript': { postscript_marker: marker },
  'detectable_format:number_bullet_lists': { num_bullets: count },
  'detectable_format:constrained_response': {},
  'detectable_format:number_highlighted_sections': { num_highlights: positive },
  'detectable_format:multiple_sections': { section_spliter: text, num_sections: positive },
  'detectable_format:json_format': {},
  'detectable_format:title': {},
  'combination:two_responses': {},
  'combination:repeat_prompt': { prompt_to_repeat: text },
  'startend:end_checker': { end_phrase: text },
  'change_case:capital_word_frequency': { capital_frequency: count, capital_relation: relation },
  'change_case:english_capital': {},
  'change_case:english_lowercase': {},
  'punctuation:no_comma': {},
  'startend:quotation': {},
};

/** Why these kwargs are not valid for the id (first problem), or undefined when they are. */
export function kwargsProblem(id: IfevalId, kwargs: Record<string, unknown>): string | undefined {
  const spec = SPECS[id];
  for (const [key, ok] of Object.entries(spec)) {
    if (!(key in kwargs)) return `${id} needs ${key}`;
    if (!ok(kwargs[key])) return `${id}: invalid ${key} ${JSON.stringify(kwargs[key])}`;
  }
  const extra = Object.keys(kwargs).find((k) => !(k in spec));
  if (extra) return `${id} takes no ${extra}`;
  const checked = KWARGS_SCHEMAS[id].safeParse(kwargs);
  if (!checked.success) return `${id}: ${checked.error.issues[0]?.message ?? 'invalid kwargs'}`;
  return undefined;
}
