// Deterministic parity corpus: for every instruction id, responses composed from the pools with a
// seeded generator and kwargs chosen so thresholds fall on both sides of (and exactly at) the counts;
// then prompts combining 2–3 ids.
// Run directly to print the corpus as JSONL: `node --import tsx test/parity/corpus.ts > corpus.jsonl`.
import { INSTRUCTION_IDS, LANGUAGE_CODES } from '../../src/core/checkers/ids';
import { ENGLISH, JSON_TEXTS, LANGUAGES, MARKDOWN, UNICODE_BITS, WRAPPERS } from './pools';
import { mulberry32 } from '../support/prng';

export interface ParityCase {
  id: string;
  instruction_id_list: string[];
  kwargs: Record<string, unknown>[];
  response: string;
}


const RELATIONS = ['less than', 'at least'] as const;
const JOINERS = [' ', '\n', '\n\n', '\n***\n', '***', ' *** ', '\n******\n', '\r\n', '\n\n\n', ', ', '\n\n***\n\n'];
const KEYWORDS = ['the', 'cat', 'data', 'AI', 'rock', 'ISO', 'section', 'a.c', 'colou?r', 'c[ao]t', '(dog|cat)', 'x{2}', 'e{,2}', 'straße',
  'σ', 'İ', 'naïve', "don't", 'co-op', '\\bthe\\b', 'the ', ' the', 'U.S.', 'café', '日本', 'кофе', 'Day \\d', 'p.s', '$', '^The'];
const BAD_PATTERNS = ['(', '[abc', 'a)', '*cat', '\\q', '+x'];
const FIRST_WORDS = ['the', 'this', 'hello', 'summary', 'i', 'sure', 'dr', "don't", 'day', 'é', 'section'];
const PARAGRAPH_STARTS = ['The', 'This', 'Hello,', 'Summary:', "'Quoted", '"Double', 'I', 'Sure!', 'Dr.', "Don't", 'DAY', 'É', '  The', '*The*'];
const PROMPTS = ['Write a poem about cats.', 'Explain the theory of relativity', 'List three fruits', 'Describe Paris in French.'];
const END_PHRASES = ['Any other questions?', 'Is there anything else I can help with?', 'Peace out.', 'Let me know'];
const MARKERS = ['P.S.', 'P.P.S', 'PS:', 'Note', 'p.s', ' P.S. ', 'P.S'];
const SPLITTERS = ['SECTION', 'Section', 'PARAGRAPH', 'Day', 'Audience', 'Part', 'S(ection)', ' Section '];

export function generateParityCorpus(seed = 20240601, perId = 200, combined = 600): ParityCase[] {
  const r = mulberry32(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const some = <T>(xs: readonly T[], lo: number, hi: number): T[] => Array.from({ length: int(lo, hi) }, () => pick(xs));
  const langCodes = Object.keys(LANGUAGES);

  const compose = (pools: readonly (readonly string[])[], lo: number, hi: number): string => {
    const n = int(lo, hi);
    let out = '';
    for (let i = 0; i < n; i++) out += (i ? pick(JOINERS) : '') + pick(pick(pools));
    if (r() < 0.15) {
      // Insert by code point, never splitting a surrogate pair.
      const cps = Array.from(out);
      out = cps.slice(0, int(0, cps.length)).join('') + pick(UNICODE_BITS) + cps.slice(int(0, cps.length)).join('');
    }
    const [pre, post] = r() < 0.3 ? pick(WRAPPERS) : ['', ''];
    return pre + out + post;
  };
  const prose = () => compose([ENGLISH, ENGLISH, MARKDOWN, UNICODE_BITS], 0, 9);
  const multilingual = () => {
    const lang = pick(langCodes);
    const main = some(LANGUAGES[lang]!, 1, 3).join(pick([' ', '\n', '\n\n']));
    const extra = r() < 0.3 ? pick(ENGLISH) : '';
    const v = r();
    const text = v < 0.2 ? `${extra}\n${main}` : v < 0.4 ? `${main}\n${extra}` : main;
    const c = r();
    return c < 0.15 ? text.toUpperCase() : c < 0.3 ? text.toLowerCase() : text;
  };
  const casey = () => {
    const base = r() < 0.5 ? multilingual() : compose([ENGLISH, UNICODE_BITS], 1, 5);
    const c = r();
    return c < 0.35 ? base.toUpperCase() : c < 0.7 ? base.toLowerCase() : base;
  };
  // Regex-bearing ids keep a visible response: Python only compiles the pattern when it checks one.
  const visible = (s: string) => (s.trim() ? s : 'x');
  const paragraphs = (sep: string) => Array.from({ length: int(0, 5) }, () => `${pick(PARAGRAPH_STARTS)} ${pick(ENGLISH)}`).join(sep);

  const make: Record<string, () => [Record<string, unknown>, string]> = {
    'keywords:existence': () => [{ keywords: some(r() < 0.05 ? BAD_PATTERNS : KEYWORDS, 1, 3) }, visible(prose())],
    'keywords:frequency': () => [{ keyword: r() < 0.04 ? pick(BAD_PATTERNS) : pick(KEYWORDS), frequency: int(0, 6), relation: pick(RELATIONS) }, visible(prose())],
    'keywords:forbidden_words': () => [{ forbidden_words: some(r() < 0.04 ? BAD_PATTERNS : KEYWORDS, 1, 3) }, visible(prose())],
    'keywords:letter_frequency': () => [
      { letter: pick(Array.from('abcdeqstxzAEQS')), let_frequency: int(0, 15), let_relation: pick(RELATIONS) },
      prose(),
    ],
    'language:response_language': () => [{ language: pick(Object.keys(LANGUAGE_CODES)) }, r() < 0.8 ? multilingual() : prose()],
    'length_constraints:number_sentences': () => [{ num_sentences: int(0, 8), relation: pick(RELATIONS) }, compose([ENGLISH, ENGLISH, MARKDOWN], 0, 8)],
    'length_constraints:number_paragraphs': () => [{ num_paragraphs: int(0, 5) }, r() < 0.6 ? paragraphs(pick(JOINERS)) : prose()],
    'length_constraints:number_words': () => [{ num_words: int(0, 60), relation: pick(RELATIONS) }, r() < 0.2 ? multilingual() : prose()],
    'length_constraints:nth_paragraph_first_word': () => {
      const num = int(1, 4);
      return [{ num_paragraphs: num, nth_paragraph: int(1, num), first_word: pick(FIRST_WORDS) }, paragraphs(pick(['\n\n', '\n\n\n', '\n\n\n\n', '\n', '\n\n  \n\n']))];
    },
    'detectable_content:number_placeholders': () => [{ num_placeholders: int(0, 4) }, prose()],
    'detectable_content:postscript': () => [{ postscript_marker: r() < 0.03 ? '(' : pick(MARKERS) }, visible(prose())],
    'detectable_format:number_bullet_lists': () => [{ num_bullets: int(0, 5) }, compose([MARKDOWN, MARKDOWN, ENGLISH], 0, 8)],
    'detectable_format:constrained_response': () => [{}, prose()],
    'detectable_format:number_highlighted_sections': () => [{ num_highlights: int(0, 4) }, compose([MARKDOWN, MARKDOWN, ENGLISH], 0, 8)],
    'detectable_format:multiple_sections': () => [{ section_spliter: r() < 0.03 ? '[' : pick(SPLITTERS), num_sections: int(0, 5) }, visible(prose())],
    'detectable_format:json_format': () => {
      const [pre, post] = r() < 0.3 ? pick(WRAPPERS) : ['', ''];
      return [{}, pre + pick(JSON_TEXTS) + post];
    },
    'detectable_format:title': () => [{}, prose()],
    'combination:two_responses': () => {
      const a = pick(ENGLISH);
      const b = r() < 0.2 ? a : pick(ENGLISH);
      const parts = r() < 0.5 ? [a, b] : some([a, b, '', ' ', pick(ENGLISH)], 1, 4);
      return [{}, parts.join(pick(['******', '\n******\n', ' ****** ', '*******', '************']))];
    },
    'combination:repeat_prompt': () => {
      const p = pick(PROMPTS);
      const v = r();
      const start = v < 0.3 ? p : v < 0.5 ? p.toUpperCase() : v < 0.7 ? `  ${p.toLowerCase()}  ` : v < 0.85 ? `Sure. ${p}` : p.slice(0, -3);
      return [{ prompt_to_repeat: r() < 0.2 ? ` ${p} ` : p }, `${start}\n${pick(ENGLISH)}`];
    },
    'startend:end_checker': () => {
      const phrase = pick(END_PHRASES);
      const v = r();
      const tail = v < 0.4 ? phrase : v < 0.55 ? `"${phrase}"` : v < 0.7 ? phrase.toUpperCase() : v < 0.8 ? `${phrase} ` : pick(ENGLISH);
      return [{ end_phrase: r() < 0.2 ? `  ${phrase}  ` : phrase }, `${prose()}${pick([' ', '\n', ''])}${tail}${pick(['', '\n', '"', '""', ' '])}`];
    },
    'change_case:capital_word_frequency': () => [{ capital_frequency: int(0, 8), capital_relation: pick(RELATIONS) }, compose([ENGLISH, ENGLISH, MARKDOWN, UNICODE_BITS], 0, 7)],
    'change_case:english_capital': () => [{}, casey()],
    'change_case:english_lowercase': () => [{}, casey()],
    'punctuation:no_comma': () => [{}, r() < 0.3 ? multilingual() : prose()],
    'startend:quotation': () => {
      const body = r() < 0.5 ? pick(ENGLISH) : prose();
      const [a, b] = pick([['"', '"'], ['“', '”'], ['"', ''], ['', '"'], [' "', '" '], ['"', '"\n'], ["'", "'"], ['', '']]);
      return [{}, r() < 0.05 ? pick(['"', '""', ' " ']) : a + body + b];
    },
  };

  const cases: ParityCase[] = [];
  for (const id of INSTRUCTION_IDS) {
    for (let i = 0; i < perId; i++) {
      const [kwargs, response0] = make[id]!();
      // A few empty / whitespace-only responses per id: IFEval fails them in strict mode.
      const blankable = !JSON.stringify(kwargs).match(/keyword|forbidden|postscript|section_spliter/);
      const response = blankable && i % 53 === 7 ? pick(['', ' ', '\n\n', '\t']) : response0;
      cases.push({ id: `${id}#${i}`, instruction_id_list: [id], kwargs: [kwargs], response });
    }
  }
  // Prompts with 2–3 constraints, as in IFEval: every verdict of the list must match.
  for (let i = 0; i < combined; i++) {
    const ids = some(INSTRUCTION_IDS, 2, 3);
    const made = ids.map((id) => make[id]!());
    cases.push({ id: `combined#${i}`, instruction_id_list: ids, kwargs: made.map((m) => m[0]), response: made[0]![1] });
  }
  return cases;
}

if (require.main === module) {
  for (const c of generateParityCorpus()) process.stdout.write(JSON.stringify(c) + '\n');
}
