import { LANGUAGE_NAMES } from './guess-kind';
import type { FilterFinding } from './types';

/** Words that mark a requirement on the response rather than a statement about the world. */
const DIRECTIVE = new RegExp(
  [
    'should', 'must', 'shall', 'needs? to', 'has to', 'have to', 'ensure', 'make sure', 'be sure', 'use', 'using', 'include', 'including',
    'incorporate', 'avoid', 'do not', "don't", 'never', 'only', 'exactly', 'at least', 'at most', 'no more than', 'less than', 'fewer than',
    'limit', 'format', 'formatted', 'respond', 'response', 'answer', 'reply', 'output', 'write', 'written', 'wrap', 'end with', 'start with',
    'begin with', 'separate', 'highlight', 'mention', 'contain', 'keep', 'provide', 'present', 'list', 'add', 'refrain', 'without', 'each',
    'every', 'all', 'in the style of', 'as if', 'pretend', 'act as', 'tone', 'words?', 'sentences?', 'paragraphs?', 'bullet', 'sections?',
    'title', 'json', 'markdown', 'table', 'capital', 'lowercase', 'uppercase', 'comma', 'avoiding', 'please', 'style', 'audience',
    'perspective', 'voice', 'persona', 'register', 'you are', 'as an?', 'for an?', 'emulate', 'tailor', 'simulate', 'focus', 'adopt',
    'employ', 'emphasi[sz]e', 'structure', 'organi[sz]e', 'compose', 'frame', 'phrase', 'mimic', 'imitate', 'adapt', 'target', 'address',
    'maintain', 'restrict', 'conclude', 'follow', 'apply', 'express', 'convey', 'utili[sz]e', 'adhere', 'assume', 'imagine', 'role-play',
    'speak', 'cite', 'refer', 'spell', 'bold', 'italici[sz]e', 'label', 'enclose', 'insert', 'append', 'prefix', 'suffix', 'finish', 'rhyme',
    'formal', 'informal', 'casual', 'concise', 'brief', 'briefly', ...LANGUAGE_NAMES,
  ]
    .map((w) => `\\b${w}\\b`)
    .join('|'),
  'i',
);
const TASK_START = /^(?:solve|calculate|compute|determine|find|explain|describe|translate|summari[sz]e|identify|classify|prove|derive|what|how|why|who|when|where|which|is|are|does|do|can)\b/i;

/**
 * A "constraint" that is really a content statement ("The squirrel is running through the trees.") or
 * a sub-question ("Solve the quadratic equation …") — SEIF's 1.5B Instructor drifts to half its rows like that.
 */
export function notAConstraintFindings(constraints: readonly string[]): FilterFinding[] {
  const findings: FilterFinding[] = [];
  constraints.forEach((raw, i) => {
    const text = raw.replace(CATEGORY_PREFIX, '').trim();
    if (!text) {
      findings.push({ constraintIndex: i, rule: 'empty-constraint', severity: 'error', message: `constraint ${i + 1} is empty` });
      return;
    }
    if (!/[A-Za-z]/.test(text)) return; // not English: these heuristics would only guess
    const directive = DIRECTIVE.test(text);
    if (text.endsWith('?') || (TASK_START.test(text) && !directive)) {
      findings.push({
        constraintIndex: i,
        rule: 'not-a-constraint',
        severity: 'warning',
        message: `constraint ${i + 1} reads as a sub-question or extra task, not a requirement on the response`,
      });
    } else if (!directive) {
      findings.push({
        constraintIndex: i,
        rule: 'not-a-constraint',
        severity: 'warning',
        message: `constraint ${i + 1} reads as a statement about the content, not a requirement on the response`,
      });
    }
  });
  return findings;
}

/** The hard template forbids category names in the output ("Word Count: …", "Required Keywords — …"). */
const CATEGORY_NAMES = [
  'lexical', 'lexical content', 'element', 'semantic', 'word count', 'sentence count', 'paragraph count', 'document count',
  'tone and emotion', 'form and style', 'audience-specific', 'authorial style', 'fundamental format', 'bespoke format',
  'specialized format', 'pragmatic', 'syntactic', 'morphological', 'phonological', 'role-based', 'task-specific', 'complex context',
  'example', 'inverse', 'contradictory', 'rule', 'required keywords', 'keyword frequency', 'forbidden words', 'letter frequency',
  'all-caps word frequency', 'bullet points count', 'sectioned structure', 'nth paragraph first word', 'highlighted spans',
  'title wrapper', 'quotation wrapper', 'json output', 'response language', 'english all caps', 'english all lowercase',
  'no commas', 'repeat-then-answer', 'exact ending phrase', 'two distinct responses', 'postscript', 'placeholder count',
  'structural layout', 'formatting', 'language style', 'special pattern',
];
const CATEGORY_PREFIX = new RegExp(`^\\s*(?:[A-E]\\d?[.)]\\s*)?(${CATEGORY_NAMES.join('|')})\\s*(?:constraint)?\\s*[:：—–-]\\s*`, 'i');

export function categoryNameFindings(constraints: readonly string[]): FilterFinding[] {
  const findings: FilterFinding[] = [];
  constraints.forEach((text, i) => {
    const m = CATEGORY_PREFIX.exec(text);
    if (m) {
      findings.push({
        constraintIndex: i,
        rule: 'category-name',
        severity: 'info',
        message: `constraint ${i + 1} starts with the category name "${m[1]}"; the hard template asks for a complete sentence without it`,
      });
    }
  });
  return findings;
}
