// Case, commas, language, endings, postscripts and the IFEval specials (repeat the request, fixed answers).
import { LANGUAGE_CODES } from '../ifeval-ids';
import { IN_RESPONSE, NUM, REL, relationOf } from './fragments';
import { rx, type Rule } from './rule';

const BE = String.raw`(?:(?:be|be written|be entirely|be written entirely|be provided|use|comply with|follow|respond|answer|write) )?(?:entirely |only |completely )?`;
const CAPS = String.raw`(?:all[- ]caps|all capital letters|all-capital letters|capital letters|all uppercase(?: letters)?|uppercase letters)`;
// "capital letters" alone counts letters, not words; "capitalized" means a leading capital: neither maps.
const CAPS_WORDS = String.raw`(?:words? (?:in |written in |with |using )${CAPS}|(?:all[- ]caps|all-capital|all capital|fully uppercase|uppercase) words?)`;
const QUOTED_TAIL = String.raw`(['"])(.+)\1`;

export const STYLE_RULES: Rule[] = [
  {
    // english_lowercase also requires langdetect = en, so the constraint must say English.
    name: 'english-lowercase',
    cue: ['lowercase', 'lower case'],
    id: 'change_case:english_lowercase',
    pattern: rx(String.raw`${BE}(?:in )?(?:english,? (?:and )?(?:in |with |using |use )?(?:all )?lower ?case(?: letters)?|(?:in )?all lower ?case(?: letters)?,? (?:and )?in english)(?: format)?(?:[;,.]? (?:and )?(?:with )?no capital letters(?: are)?(?: allowed)?)?`),
    kwargs: () => ({}),
  },
  {
    name: 'english-capital',
    cue: ['caps', 'capital', 'uppercase'],
    id: 'change_case:english_capital',
    pattern: rx(String.raw`${BE}(?:in )?(?:english,? (?:and )?(?:in |with |using )?${CAPS}|(?:in )?${CAPS},? (?:and )?in english)(?: format)?(?:[;,.]? (?:and )?(?:with )?no lower ?case letters(?: are)?(?: allowed)?)?`),
    kwargs: () => ({}),
  },
  {
    name: 'capital-words-relation',
    cue: ['caps', 'capital', 'uppercase'],
    id: 'change_case:capital_word_frequency',
    pattern: rx(String.raw`(?:(?:contain|include|use|have) )?${REL} (${NUM}) ${CAPS_WORDS}${IN_RESPONSE}`),
    kwargs: (m) => {
      const r = relationOf(m[1], m[2]!);
      return r ? { capital_frequency: r.n, capital_relation: r.relation } : undefined;
    },
  },
  {
    name: 'capital-words-appear',
    cue: ['caps', 'capital'],
    id: 'change_case:capital_word_frequency',
    pattern: rx(String.raw`words (?:in |written in )?${CAPS} should appear ${REL} (${NUM}) times${IN_RESPONSE}`),
    kwargs: (m) => {
      const r = relationOf(m[1], m[2]!);
      return r ? { capital_frequency: r.n, capital_relation: r.relation } : undefined;
    },
  },
  {
    name: 'capital-words-none',
    cue: ['caps', 'capital', 'uppercase'],
    id: 'change_case:capital_word_frequency',
    pattern: rx(String.raw`(?:not (?:contain|include|use|have) any|contain no|use no) ${CAPS_WORDS}${IN_RESPONSE}`),
    kwargs: () => ({ capital_frequency: 1, capital_relation: 'less than' }),
  },
  {
    name: 'no-comma',
    cue: ['comma'],
    id: 'punctuation:no_comma',
    pattern: rx(String.raw`(?:not (?:use|contain|include|have) (?:any )?commas?|(?:be written |be )?without (?:using )?(?:any )?commas?|avoid (?:using )?(?:any )?commas?|refrain from (?:using|the use of) (?:any )?commas?|contain no commas?|use no commas?|no commas?)(?: at all)?${IN_RESPONSE}`),
    kwargs: () => ({}),
  },
  {
    name: 'language',
    cue: ['in '],
    id: 'language:response_language',
    pattern: rx(String.raw`${BE}in (?:the )?([a-z]+)(?: language)?(?:[,;.]? no other language is allowed)?`),
    kwargs: (m) => {
      const code = LANGUAGE_CODES[m[1]!.toLowerCase()];
      return code ? { language: code } : undefined;
    },
  },
  {
    name: 'end-phrase',
    cue: ['end', 'conclude', 'finish', 'close'],
    id: 'startend:end_checker',
    pattern: rx(String.raw`(?:end|conclude|finish|close)(?: (?:the|your) (?:response|answer))? with (?:the )?(?:(?:exact|following|specific) )?(?:(?:phrase|sentence|words?|statement):? )?${QUOTED_TAIL}(?:[.,;]? no other words should follow (?:this|the) phrase)?`),
    kwargs: (m) => {
      const phrase = m[2]!.trim();
      // end_checker strips ASCII double quotes off the response; a phrase with them cannot be checked.
      // A single quote not inside a word means two quoted phrases were captured as one ("'a', ensuring 'b'").
      if (phrase === '' || phrase.includes('"') || /(?<![\p{L}])'|'(?![\p{L}])/u.test(phrase)) return undefined;
      return { end_phrase: phrase };
    },
  },
  {
    name: 'postscript',
    cue: ['postscript'],
    id: 'detectable_content:postscript',
    pattern: rx(String.raw`(?:explicitly )?(?:add|include|contain|end with|have)(?: explicitly)? a postscript (?:starting|beginning) with ['"]?(p\. ?s\.?|p\. ?p\. ?s\.?)['"]?`),
    kwargs: (m) => ({ postscript_marker: /^p\. ?p/i.test(m[1]!) ? 'P.P.S' : 'P.S.' }),
  },
  {
    name: 'repeat-request',
    cue: ['repeat'],
    id: 'combination:repeat_prompt',
    pattern: rx(String.raw`(?:first )?repeat the (?:request|question|prompt|instruction)(?: word[- ]for[- ]word)?(?: without (?:any )?change)?(?:,? (?:then|and then|before) (?:give|giving|provide|providing) (?:your|the) answer)?`),
    kwargs: (_m, ctx) => (ctx.seed && ctx.seed.trim() !== '' ? { prompt_to_repeat: ctx.seed.trim() } : undefined),
  },
  {
    name: 'constrained-answer',
    cue: ['my answer is'],
    id: 'detectable_format:constrained_response',
    pattern: rx(String.raw`(?:answer|respond|contain|include) (?:with )?one of the following options:? \(?['"]?my answer is yes\.['"]?,? ['"]?my answer is no\.['"]?,? (?:or )?['"]?my answer is maybe\.?['"]?\)?`),
    kwargs: () => ({}),
  },
];
