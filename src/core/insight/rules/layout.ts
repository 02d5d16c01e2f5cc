// Structure and wrappers: bullets, paragraphs, sections, highlights, placeholders, title, JSON, quotes, two responses.
import { parseCount } from '../numbers';
import { IN_RESPONSE, NUM } from './fragments';
import { rx, type Rule } from './rule';

const CONTAIN = String.raw`(?:(?:contain|include|have|use|consist of|be|be formatted (?:as|with|in)|be presented (?:as|in)|be written (?:as|in)|be structured (?:as|in|into)|be organized (?:as|in|into)|be divided into|be split into|list|present|provide|divide (?:the response|your answer|it) into|format (?:the response|your answer|it) (?:as|with)) )?`;
const MARK = String.raw`['"]?[*-]['"]?`;
const BULLET_STYLE = String.raw`(?: (?:using|with|in|as|formatted (?:as|with)) (?:the )?(?:markdown|markdown-style|markdown style)(?: bullets?| bullet points?| bullet syntax| list| format| formatting)?(?:,? (?:starting with|such as|like|e\.g\.,?|i\.e\.,?) ${MARK}(?: or ${MARK})?)?)?`;
const IFEVAL_BULLET_HINT = String.raw`(?:\. use (?:the )?markdown bullet points such as:? \* .+)?`;
const STARS = String.raw`['"]?\*\*\*['"]?`;

// "a bullet point" is too vague to pin an equality check on; numbers and "a single" are not.
const count = (raw: string) => (/^an?$/i.test(raw.trim()) ? undefined : parseCount(raw));

export const LAYOUT_RULES: Rule[] = [
  {
    // number_bullet_lists is an equality check, so both "exactly N" and a bare "N" map.
    name: 'bullets-exact',
    cue: ['bullet'],
    id: 'detectable_format:number_bullet_lists',
    pattern: rx(String.raw`${CONTAIN}(?:exactly )?(${NUM}) (?:markdown )?bullet(?: point)?s?(?: points)?${BULLET_STYLE}${IN_RESPONSE}${IFEVAL_BULLET_HINT}`),
    kwargs: (m) => {
      const n = count(m[1]!);
      return n === undefined || n < 1 ? undefined : { num_bullets: n };
    },
  },
  {
    name: 'bullets-none',
    cue: ['bullet'],
    id: 'detectable_format:number_bullet_lists',
    pattern: rx(String.raw`(?:not (?:contain|include|have|use) any|contain no|use no|have no|be written without(?: any)?) (?:markdown )?bullet(?: point)?s?(?: points)?${IN_RESPONSE}`),
    kwargs: () => ({ num_bullets: 0 }),
  },
  {
    // Only with the *** separator: number_paragraphs splits on ***, not on blank lines.
    name: 'paragraphs-stars',
    cue: ['***'],
    id: 'length_constraints:number_paragraphs',
    pattern: rx(String.raw`${CONTAIN}(?:exactly )?(${NUM}) paragraphs?,? (?:(?:each|and) )?(?:(?:should|must) be |are )?(?:separated|divided) (?:from each other )?(?:by|with|using) (?:the )?(?:markdown divider:? )?${STARS}`),
    kwargs: (m) => {
      const n = count(m[1]!);
      return n === undefined || n < 1 ? undefined : { num_paragraphs: n };
    },
  },
  {
    name: 'paragraphs-ifeval',
    cue: ['***'],
    id: 'length_constraints:number_paragraphs',
    pattern: rx(String.raw`contain (${NUM}) paragraphs\.? paragraphs (?:are|should be) separated (?:with|by) the markdown divider:? \*\*\*`),
    kwargs: (m) => {
      const n = count(m[1]!);
      return n === undefined || n < 1 ? undefined : { num_paragraphs: n };
    },
  },
  {
    name: 'sections-at-least',
    cue: ['section'],
    id: 'detectable_format:multiple_sections',
    pattern: rx(String.raw`(?:have|contain|include|be divided into|consist of) at least (${NUM}) sections?(?:[.,;]? (?:and )?(?:mark|marking|label|labelling|labeling|begin|beginning|start|starting) (?:the beginning of )?each(?: section)?|,? each (?:section )?(?:beginning|starting|marked|labeled|labelled)) with ['"]?(SECTION|Section|PART|Part|CHAPTER|Chapter|DAY|Day)(?: X| \{?N\}?)['"]?`),
    kwargs: (m) => {
      const n = count(m[1]!);
      return n === undefined || n < 1 ? undefined : { section_spliter: m[2]!, num_sections: n };
    },
  },
  {
    // number_highlighted_sections counts at least N highlights anywhere; which text is highlighted is not checked.
    name: 'highlights-at-least',
    cue: ['highlight'],
    id: 'detectable_format:number_highlighted_sections',
    pattern: rx(String.raw`(?:highlight (?:at least|a minimum of) (${NUM})|(?:contain|include|have|use) (?:at least|a minimum of) (${NUM}) highlighted) (?:sections?|parts?|phrases?|spans?|words or phrases|text sections?)${IN_RESPONSE}(?: (?:with|using) markdown(?: emphasis| bold| formatting| highlighting)?(?:,? (?:like|such as|i\.e\.,?|e\.g\.,?) \*{1,2}[^*]+\*{1,2})?)?`),
    kwargs: (m) => {
      const n = count(m[1] ?? m[2]!);
      return n === undefined || n < 1 ? undefined : { num_highlights: n };
    },
  },
  {
    name: 'placeholders-at-least',
    cue: ['placeholder'],
    id: 'detectable_content:number_placeholders',
    pattern: rx(String.raw`(?:contain|include|have|use) (?:at least|a minimum of) (${NUM}) placeholders? (?:represented by|in|enclosed in|using|with|within) square brackets(?:,? (?:such as|like|e\.g\.,?|i\.e\.,?) \[[^\]]+\](?:(?:,| and| or) \[[^\]]+\])*)?`),
    kwargs: (m) => {
      const n = count(m[1]!);
      return n === undefined || n < 1 ? undefined : { num_placeholders: n };
    },
  },
  {
    name: 'title-angular',
    cue: ['angle', 'angular'],
    id: 'detectable_format:title',
    pattern: rx(String.raw`(?:(?:include|contain|have|be given|start with) a title|wrap (?:the|your) title) (?:wrapped |enclosed )?in double (?:angular|angle) brackets(?:,? (?:such as|like|i\.e\.,?|e\.g\.,?) <<[^<>]+>>)?`),
    kwargs: () => ({}),
  },
  {
    name: 'json-whole',
    cue: ['json'],
    id: 'detectable_format:json_format',
    pattern: rx(String.raw`(?:(?:be|be formatted|be written|be output|be presented|be provided|be returned|be wrapped|output|wrap (?:the |your )?(?:entire )?(?:response|output|answer)|format (?:the |your )?(?:entire )?(?:response|output|answer)) )?(?:entirely )?(?:in|as|with) (?:a )?(?:valid )?json(?: (?:format|object|structure))?(?: and (?:be )?valid (?:for )?json(?: structure)?)?`),
    kwargs: () => ({}),
  },
  {
    name: 'json-valid',
    cue: ['json'],
    id: 'detectable_format:json_format',
    pattern: rx(String.raw`be (?:a )?valid json(?: (?:structure|object|format))?`),
    kwargs: () => ({}),
  },
  {
    name: 'quotation-whole',
    cue: ['quot'],
    id: 'startend:quotation',
    pattern: rx(String.raw`(?:be (?:entirely )?(?:wrapped|enclosed) (?:in|with|within) (?:double quotation marks|a quotation wrapper)|(?:wrap|enclose) (?:the|your) (?:entire|whole) (?:response|answer|output|text) (?:in|with|within) double quotation marks|use double quotation marks (?:around|to wrap) the (?:entire|whole) (?:response|answer|output|text))`),
    kwargs: () => ({}),
  },
  {
    // two_responses requires exactly two chunks separated by six asterisks.
    name: 'two-responses',
    cue: ['******'],
    id: 'combination:two_responses',
    pattern: rx(String.raw`(?:give|provide|contain|include|have|consist of) (?:exactly )?two (?:different|distinct) responses[;,.]? (?:(?:responses and only responses|each|they|the responses) )?(?:should be |must be |are )?separated by (?:exactly )?(?:6 asterisk symbols:? )?['"]?\*{6}['"]?`),
    kwargs: () => ({}),
  },
];
