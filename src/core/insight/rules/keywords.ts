// Keywords: existence, frequency, forbidden words, letter frequency. Items must be quoted; anything with regex
// syntax is left unmapped because SEIF's checkers put keywords into patterns unescaped.
import { parseCount } from '../numbers';
import { IN_RESPONSE, LIST_AND, LIST_ANY, NUM, QUOTED, REL, TIMES, quotedItems, relationOf } from './fragments';
import { rx, type Rule } from './rule';

const INCLUDE = String.raw`(?:include|contain|use|mention|incorporate|feature|have|employ)`;
const NOUN = String.raw`(?:(?:required |specific |exact |following )*(?:key ?words?|words?|terms?|phrases?|names?))`;
const ONCE_EACH = String.raw`(?: at least once(?: each)?| somewhere)?`;
const LETTER = String.raw`['"]?([a-z])['"]?`;

function timesCount(raw: string): number | undefined {
  return parseCount(raw);
}

function frequencyKwargs(keyword: string, rel: string, times: string) {
  const items = quotedItems(keyword);
  const n = timesCount(times);
  if (!items || items.length !== 1 || n === undefined) return undefined;
  const r = relationOf(rel, String(n));
  if (!r) return undefined;
  // "at least once" is keyword existence; keep one id per meaning.
  if (r.relation === 'at least' && r.n === 1) return undefined;
  return { keyword: items[0], frequency: r.n, relation: r.relation };
}

export const KEYWORD_RULES: Rule[] = [
  {
    name: 'existence-list',
    cue: ["'", '"'],
    id: 'keywords:existence',
    pattern: rx(String.raw`${INCLUDE} (?:the |both )?(?:${NOUN} )?:?\s?(${LIST_AND})${ONCE_EACH}${IN_RESPONSE}`),
    kwargs: (m) => {
      const keywords = quotedItems(m[1]!);
      return keywords ? { keywords } : undefined;
    },
  },
  {
    // "at least two required keywords: 'a', 'b'" means all of them only when the count equals the list.
    name: 'existence-at-least-n',
    cue: ["'", '"'],
    id: 'keywords:existence',
    pattern: rx(String.raw`${INCLUDE} at least (${NUM}) ${NOUN}:? (${LIST_AND})${IN_RESPONSE}`),
    kwargs: (m) => {
      const keywords = quotedItems(m[2]!);
      return keywords && parseCount(m[1]!) === keywords.length ? { keywords } : undefined;
    },
  },
  {
    name: 'existence-mandatory',
    cue: ['mandatory'],
    id: 'keywords:existence',
    pattern: rx(String.raw`mandatory use of (?:the )?${NOUN}:? (${LIST_AND})${IN_RESPONSE}`),
    kwargs: (m) => {
      const keywords = quotedItems(m[1]!);
      return keywords ? { keywords } : undefined;
    },
  },
  {
    name: 'frequency-times',
    cue: ['time', 'once', 'twice', 'thrice'],
    id: 'keywords:frequency',
    pattern: rx(String.raw`(?:${INCLUDE}|repeat) (?:the )?${NOUN} (${QUOTED}) ${REL} (${TIMES})${IN_RESPONSE}`),
    kwargs: (m) => frequencyKwargs(m[1]!, m[2]!, m[3]!),
  },
  {
    name: 'frequency-instances',
    cue: ['instances', 'occurrences', 'mentions', 'uses'],
    id: 'keywords:frequency',
    pattern: rx(String.raw`${INCLUDE} ${REL} (${NUM}) (?:instances|occurrences|mentions|uses) of (?:the )?${NOUN} (${QUOTED})${IN_RESPONSE}`),
    kwargs: (m) => frequencyKwargs(m[3]!, m[1]!, m[2]!),
  },
  {
    name: 'frequency-appear',
    cue: ['appear', 'used', 'occur'],
    id: 'keywords:frequency',
    pattern: rx(String.raw`the ${NOUN} (${QUOTED}) (?:should|must) (?:appear|be used|occur) ${REL} (${TIMES})${IN_RESPONSE}`),
    kwargs: (m) => frequencyKwargs(m[1]!, m[2]!, m[3]!),
  },
  {
    name: 'frequency-not-more',
    cue: ['more than'],
    id: 'keywords:frequency',
    pattern: rx(String.raw`not (?:use|include|contain|mention|repeat) (?:the )?${NOUN} (${QUOTED}) more than (${TIMES})${IN_RESPONSE}`),
    kwargs: (m) => frequencyKwargs(m[1]!, 'at most', m[2]!),
  },
  {
    name: 'forbidden-list',
    cue: ["'", '"'],
    id: 'keywords:forbidden_words',
    pattern: rx(String.raw`(?:not (?:use|include|contain|mention|have)|avoid(?: using| the use of| mentioning)?|exclude|omit|never use|refrain from using) (?:any (?:of )?)?(?:the )?(?:following )?(?:forbidden )?(?:(?:key ?words?|words?|terms?|phrases?)(?: from the list)?:? )?(${LIST_ANY})${IN_RESPONSE}`),
    kwargs: (m) => {
      const words = quotedItems(m[1]!, { wholeWords: true });
      return words ? { forbidden_words: words } : undefined;
    },
  },
  {
    name: 'letter-times',
    cue: ['letter'],
    id: 'keywords:letter_frequency',
    pattern: rx(String.raw`(?:(?:contain|include|use|have) (?:the letter ${LETTER} ${REL} (${TIMES})|${REL} (${NUM}) (?:instances|occurrences) of the letter ${LETTER})|the letter ${LETTER} (?:should|must) appear ${REL} (${TIMES}))${IN_RESPONSE}`),
    kwargs: (m) => {
      const [letter, rel, times] = m[1] ? [m[1], m[2]!, m[3]!] : m[6] ? [m[6], m[4]!, m[5]!] : [m[7]!, m[8]!, m[9]!];
      const n = timesCount(times);
      const r = n === undefined ? undefined : relationOf(rel, String(n));
      return r ? { letter: letter.toLowerCase(), let_frequency: r.n, let_relation: r.relation } : undefined;
    },
  },
  {
    name: 'letter-not-more',
    cue: ['letter'],
    id: 'keywords:letter_frequency',
    pattern: rx(String.raw`not (?:use|include|contain) the letter ${LETTER} more than (${TIMES})${IN_RESPONSE}`),
    kwargs: (m) => {
      const n = timesCount(m[2]!);
      return n === undefined ? undefined : { letter: m[1]!.toLowerCase(), let_frequency: n + 1, let_relation: 'less than' };
    },
  },
];
