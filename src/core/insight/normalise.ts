// Turns a constraint sentence into the verb phrase the rules read: "The response should contain exactly 3
// bullet points." → "contain exactly 3 bullet points". Anything whose subject is not the whole response
// ("The summary should …", "Each paragraph must …") keeps its subject, so no rule matches it.
import { categoryPrefix } from './categories';

export interface NormalisedConstraint {
  /** The verb phrase (or the whole text when the subject is not the response). */
  body: string;
  /** 'response' when a whole-response subject or a "do not / answer with" lead was rewritten, else 'none'. */
  subject: 'response' | 'none';
  /** A template category name the text started with ("Word Count"), removed from body. */
  prefix?: string;
  /** The whole text after cleanText (prefix and subject kept). */
  clean: string;
}

const RESPONSE = String.raw`(?:the |your )?(?:entire |whole |full |final |complete )?(?:response|answer|reply|output)(?: text)?`;
const MODAL = String.raw`(?:should|must|shall|will|needs to|has to|is required to|is to)(?: (?:also|only|strictly))?`;

// Third-person verbs after "Ensure the response …" become the base form the rules expect.
const THIRD_PERSON: Record<string, string> = {
  is: 'be', has: 'have', contains: 'contain', includes: 'include', uses: 'use', ends: 'end', follows: 'follow',
  'does not': 'not', "doesn't": 'not', avoids: 'avoid', concludes: 'conclude', consists: 'consist',
};

// Each rewrite with the letters its match can start with (read off the pattern; /i folds only ASCII), so a
// body is only tried against the rewrites its first letter allows. Exported for the prefilter test.
export const SUBJECT_REWRITES: readonly [RegExp, (m: RegExpExecArray) => string, string][] = [
  [new RegExp(`^(?:in )?${RESPONSE},? ${MODAL} `, 'i'), () => '', 'ityewfcrao'],
  [new RegExp(`^(?:please )?(?:ensure|make sure)(?: that)? ${RESPONSE} (is|has|contains|includes|uses|ends|follows|does not|doesn't|avoids|concludes|consists) `, 'i'), (m) => `${THIRD_PERSON[m[1]!.toLowerCase()]} `, 'pem'],
  [/^there (?:must|should|will) be /i, () => 'contain ', 't'],
  [/^(?:please )?(?:do not|don't|never) /i, () => 'not ', 'pdn'],
  [/^(?:please )?(?:answer|respond) (?:with|using) /i, () => 'contain ', 'par'],
  [/^at the end of (?:your|the) (?:response|answer),? (?:please )?/i, () => '', 'a'],
  [/^in your (?:entire |whole )?response,? /i, () => '', 'i'],
  [/^(?:should|must) /i, () => '', 'sm'],
  [/^please /i, () => '', 'p'],
];

/** Indices of SUBJECT_REWRITES by first letter a–z, in order. */
const REWRITES_BY_LETTER: number[][] = Array.from({ length: 26 }, (_, l) =>
  SUBJECT_REWRITES.flatMap(([, , first], i) => (first.includes(String.fromCharCode(97 + l)) ? [i] : [])),
);

function rewritesFor(body: string): readonly number[] {
  const letter = (body.charCodeAt(0) | 32) - 97;
  return letter >= 0 && letter < 26 ? REWRITES_BY_LETTER[letter]! : [];
}

/** Straight quotes, single spaces, no trailing full stop (a quoted phrase keeps its own). */
export function cleanText(text: string): string {
  // Most constraints need no folding: skip the replace passes for them.
  const folded = needsFolding(text) ? fold(text) : text.trim();
  return withoutTrailingStops(folded).trim();
}

const CURLY_QUOTES = new Set([0x2018, 0x2019, 0x201a, 0x2032, 0x201c, 0x201d, 0x201e, 0x2033]);
// JavaScript's \s beyond ASCII: no-break and Unicode spaces, line/paragraph separators, BOM.
const WIDE_SPACES = new Set([0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff]);

/**
 * Whether fold() changes more than the ends: a curly quote, a tab/newline/no-break space, or two whitespace
 * characters in a row (the regex /[curly quotes]|\s\s|[\t\n\r\f\v\u00A0]/, as one pass over char codes).
 */
function needsFolding(text: string): boolean {
  let previousSpace = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let space = false;
    if (c === 32) space = true;
    else if (c < 128) {
      if (c >= 9 && c <= 13) return true;
    } else if (c === 0xa0 || CURLY_QUOTES.has(c)) return true;
    else space = WIDE_SPACES.has(c);
    if (space && previousSpace) return true;
    previousSpace = space;
  }
  return false;
}

/** The text without its trailing run of . ; ! (a regex anchored at the end would scan the whole text). */
function withoutTrailingStops(text: string): string {
  let end = text.length;
  for (let c = text.charCodeAt(end - 1); c === 46 || c === 59 || c === 33; c = text.charCodeAt(end - 1)) end--;
  return end === text.length ? text : text.slice(0, end);
}

function fold(text: string): string {
  return text
    .replace(/[\u2018\u2019\u201A\u2032]/g, "'")
    .replace(/[\u201C\u201D\u201E\u2033]/g, '"')
    .replace(/\s+/g, ' ')
    .trim();
}

export function normaliseConstraint(text: string): NormalisedConstraint {
  const clean = cleanText(text);
  let body = clean;
  let prefix: string | undefined;
  const p = categoryPrefix(body);
  if (p) {
    prefix = p.name;
    body = p.rest;
  }
  let subject: NormalisedConstraint['subject'] = 'none';
  for (const i of rewritesFor(body)) {
    const [re, replace] = SUBJECT_REWRITES[i]!;
    const m = re.exec(body);
    if (!m) continue;
    body = replace(m) + body.slice(m[0].length);
    subject = 'response';
    break;
  }
  return { body, subject, clean, ...(prefix ? { prefix } : {}) };
}
