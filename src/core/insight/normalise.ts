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
}

const RESPONSE = String.raw`(?:the |your )?(?:entire |whole |full |final |complete )?(?:response|answer|reply|output)(?: text)?`;
const MODAL = String.raw`(?:should|must|shall|will|needs to|has to|is required to|is to)(?: (?:also|only|strictly))?`;

// Third-person verbs after "Ensure the response …" become the base form the rules expect.
const THIRD_PERSON: Record<string, string> = {
  is: 'be', has: 'have', contains: 'contain', includes: 'include', uses: 'use', ends: 'end', follows: 'follow',
  'does not': 'not', "doesn't": 'not', avoids: 'avoid', concludes: 'conclude', consists: 'consist',
};

const SUBJECT_REWRITES: [RegExp, (m: RegExpExecArray) => string][] = [
  [new RegExp(`^(?:in )?${RESPONSE},? ${MODAL} `, 'i'), () => ''],
  [new RegExp(`^(?:please )?(?:ensure|make sure)(?: that)? ${RESPONSE} (is|has|contains|includes|uses|ends|follows|does not|doesn't|avoids|concludes|consists) `, 'i'), (m) => `${THIRD_PERSON[m[1]!.toLowerCase()]} `],
  [/^there (?:must|should|will) be /i, () => 'contain '],
  [/^(?:please )?(?:do not|don't|never) /i, () => 'not '],
  [/^(?:please )?(?:answer|respond) (?:with|using) /i, () => 'contain '],
  [/^at the end of (?:your|the) (?:response|answer),? (?:please )?/i, () => ''],
  [/^in your (?:entire |whole )?response,? /i, () => ''],
  [/^(?:should|must) /i, () => ''],
  [/^please /i, () => ''],
];

const NEEDS_FOLDING = /[\u2018\u2019\u201A\u2032\u201C\u201D\u201E\u2033]|\s\s|[\t\n\r\f\v\u00A0]/;

/** Straight quotes, single spaces, no trailing full stop (a quoted phrase keeps its own). */
export function cleanText(text: string): string {
  // Most constraints need no folding: skip the replace passes for them.
  const folded = NEEDS_FOLDING.test(text) ? fold(text) : text.trim();
  return folded.replace(/(?<![.])[.;!]+$/, '').trim();
}

function fold(text: string): string {
  return text
    .replace(/[\u2018\u2019\u201A\u2032]/g, "'")
    .replace(/[\u201C\u201D\u201E\u2033]/g, '"')
    .replace(/\s+/g, ' ')
    .trim();
}

export function normaliseConstraint(text: string): NormalisedConstraint {
  let body = cleanText(text);
  let prefix: string | undefined;
  const p = categoryPrefix(body);
  if (p) {
    prefix = p.name;
    body = p.rest;
  }
  let subject: NormalisedConstraint['subject'] = 'none';
  for (const [re, replace] of SUBJECT_REWRITES) {
    const m = re.exec(body);
    if (!m) continue;
    body = replace(m) + body.slice(m[0].length);
    subject = 'response';
    break;
  }
  return { body, subject, ...(prefix ? { prefix } : {}) };
}
