import type { IfevalId } from './ifeval-ids';
import { isEnglish, type ConstraintKind } from './kinds';

type Id = IfevalId;
const J: Id = 'detectable_format:json_format';
const BULLETS: Id = 'detectable_format:number_bullet_lists';
const HIGHLIGHTS: Id = 'detectable_format:number_highlighted_sections';
const SECTIONS: Id = 'detectable_format:multiple_sections';
const PARAGRAPHS: Id = 'length_constraints:number_paragraphs';
const NTH: Id = 'length_constraints:nth_paragraph_first_word';
const SENTENCES: Id = 'length_constraints:number_sentences';
const TITLE: Id = 'detectable_format:title';
const QUOTE: Id = 'startend:quotation';
const TWO: Id = 'combination:two_responses';
const REPEAT: Id = 'combination:repeat_prompt';
const CAPS: Id = 'change_case:english_capital';
const LOWER: Id = 'change_case:english_lowercase';
const LANG: Id = 'language:response_language';
const NO_COMMA: Id = 'punctuation:no_comma';
const WORDS: Id = 'length_constraints:number_words';

/** The template does not say what "strict" is; at most 50 words leaves little room for a list or sections. */
export const STRICT_WORD_LIMIT = 50;

export interface HardRule {
  n: number;
  /** The rule in a few words, for the finding message. */
  summary: string;
  /** True when constraints a and b, in either order, break the rule. */
  breaks(a: ConstraintKind, b: ConstraintKind): boolean;
  /** A real contradiction rather than advice. */
  impossible?: boolean;
}

const either = (a: ConstraintKind, b: ConstraintKind, test: (x: ConstraintKind, y: ConstraintKind) => boolean) => test(a, b) || test(b, a);
const oneOf = (k: ConstraintKind, ids: Id[]) => k.id !== undefined && ids.includes(k.id);
const across = (left: Id[], right: Id[]) => (a: ConstraintKind, b: ConstraintKind) => either(a, b, (x, y) => oneOf(x, left) && oneOf(y, right));
const withinGroup = (group: Id[]) => (a: ConstraintKind, b: ConstraintKind) => oneOf(a, group) && oneOf(b, group) && a.id !== b.id;

/** Phrases a constraint requires verbatim: kwargs of real ids, quoted text of `soft` ones. */
function requiredPhrases(k: ConstraintKind): string[] {
  const out: string[] = [];
  for (const key of ['keywords', 'keyword', 'end_phrase', 'prompt_to_repeat', 'first_word']) {
    const v = k.kwargs[key];
    if (typeof v === 'string') out.push(v);
    if (Array.isArray(v)) out.push(...v.filter((x): x is string => typeof x === 'string'));
  }
  if (!k.certain) for (const m of k.text.matchAll(/["“'‘]([^"”’]{2,})["”'’]/g)) out.push(m[1]!);
  return out;
}

/** The hard template's seven compatibility rules (pipeline doc §3.3), as checks on constraint pairs. */
export const HARD_RULES: HardRule[] = [
  { n: 1, summary: 'whole-response JSON excludes bullets, highlights, sections, paragraph or sentence counts, a title and multiple responses', breaks: across([J], [BULLETS, HIGHLIGHTS, SECTIONS, PARAGRAPHS, SENTENCES, TITLE, TWO]) },
  { n: 2, summary: 'paragraph count, first word of the n-th paragraph and sentence count do not combine', breaks: withinGroup([PARAGRAPHS, NTH, SENTENCES]) },
  {
    n: 3,
    summary: 'a non-English language excludes English ALL CAPS / lowercase, and ALL CAPS excludes lowercase',
    impossible: true,
    breaks: (a, b) => across([CAPS], [LOWER])(a, b) || either(a, b, (x, y) => oneOf(x, [LANG]) && !isEnglish(x.language) && oneOf(y, [CAPS, LOWER])),
  },
  { n: 4, summary: 'title wrapper, quotation wrapper and JSON output do not combine', breaks: withinGroup([TITLE, QUOTE, J]) },
  { n: 5, summary: 'two responses or repeat-then-answer exclude JSON, bullet counts and sections', breaks: across([TWO, REPEAT], [J, BULLETS, SECTIONS]) },
  {
    n: 6,
    summary: 'no commas excludes required words or phrases that contain a comma',
    impossible: true,
    breaks: (a, b) => either(a, b, (x, y) => oneOf(x, [NO_COMMA]) && requiredPhrases(y).some((p) => p.includes(','))),
  },
  {
    n: 7,
    summary: `a strict word limit (at most ${STRICT_WORD_LIMIT} words) excludes bullet lists, multiple sections and repeated responses`,
    breaks: (a, b) =>
      either(a, b, (x, y) => oneOf(x, [WORDS]) && x.bounds.some((bd) => bd.quantity === 'words' && bd.max !== undefined && bd.max <= STRICT_WORD_LIMIT) && oneOf(y, [BULLETS, SECTIONS, TWO])),
  },
];
