// The Instructor's two templates, written for this project from the category lists in SEIF's pipeline
// (soft: 25 reference categories, five constraints; hard: 5 categories / 24 subtypes, three constraints).

export type TemplateName = 'soft' | 'hard';

export const CONSTRAINT_COUNT: Record<TemplateName, number> = { soft: 5, hard: 3 };

const SOFT_CATEGORIES = [
  'Lexical content — terms or symbols the answer must use, and where they go',
  'Elements — concepts or items the answer must cover',
  'Semantics — a theme, a point of view or a tone to keep',
  'Word count',
  'Sentence count',
  'Paragraph count',
  'Number of documents or parts',
  'Tone and emotion',
  'Form and style',
  'A particular audience',
  'The style of a known author',
  'A basic format: JSON, XML, LaTeX, HTML, a table, Markdown',
  'A custom layout: paragraphing, headings, emphasis, bullets',
  'A domain format, such as a medical record or a legal clause',
  'Pragmatics: speech acts, dialect, register',
  'Syntax: clause or sentence structures, imperatives',
  'Morphology: how words are formed or written, e.g. all lowercase',
  'Phonology: rhyme, alliteration, sound',
  'Playing a role or persona',
  'A task-specific, situational requirement',
  'Reasoning over a complex context in several steps',
  'Following the pattern of a given example',
  'Prohibitions and indirect exclusions',
  'Requirements that pull against each other',
  'A rule or small logic system the answer must obey',
];

const HARD_CATEGORIES: [string, string[]][] = [
  ['A. Words and letters', [
    'required keywords that must appear',
    'how often a keyword appears ("at least" or "less than" N times)',
    'words that must not appear',
    'how often a given letter appears',
    'how many words are written entirely in capitals',
  ]],
  ['B. Layout and length', [
    'number of sentences',
    'number of paragraphs, separated by the line ***',
    'number of bullet points, each starting with * or -',
    'sections, each headed "Section X" or "SECTION X"',
    'the first word of the n-th paragraph, with paragraphs separated by a blank line',
    'number of words',
  ]],
  ['C. Formatting', [
    'number of highlighted spans written as *like this*',
    'a title wrapped in double angle brackets, like <<title>>',
    'the whole answer wrapped in double quotation marks',
    'the whole answer as valid JSON (a code fence is allowed)',
  ]],
  ['D. Language and case', [
    'the language of the whole answer (name one language)',
    'the whole answer in English capital letters',
    'the whole answer in English lowercase letters',
    'no commas anywhere',
  ]],
  ['E. Special patterns', [
    'first repeat the request word for word, then answer',
    'end with an exact given phrase',
    'two different answers separated by ******',
    'a postscript starting with P.S. or P.P.S',
    'a number of placeholders in square brackets, such as [address]',
  ]],
];

const HARD_COMPATIBILITY = [
  'If the whole answer must be JSON, do not also ask for bullets, highlights, sections, a paragraph or sentence count, a title or two answers.',
  'Use at most one of: paragraph count, first word of the n-th paragraph, sentence count.',
  'Do not ask for a language other than English together with English capitals or lowercase, nor for capitals together with lowercase.',
  'Use at most one of: a <<title>>, quotation marks around the whole answer, JSON output.',
  'Do not combine "two answers" or "repeat the request first" with JSON, a bullet count or sections.',
  'With "no commas", do not require words or phrases that contain a comma.',
  'Do not combine a tight word limit with bullet lists, several sections or two answers.',
];

const keys = (n: number) => Array.from({ length: n }, (_, i) => `"c${i + 1}"`).join(', ');

export function softPrompt(seed: string): string {
  return [
    'You write constraints that make a task harder to answer well, for training an assistant to follow instructions.',
    '',
    `Task:\n${seed.trim()}`,
    '',
    'Propose 5 constraints on the answer to this task. Each constraint must be atomic (one requirement), concrete and checkable,',
    'and must not rewrite or repeat the task itself. The categories below are suggestions only; use others if they fit better.',
    '',
    ...SOFT_CATEGORIES.map((c, i) => `${i + 1}. ${c}`),
    '',
    `Reply with a JSON object only, with exactly the keys ${keys(5)}, each holding one constraint as a string. Nothing else.`,
  ].join('\n');
}

export function hardPrompt(seed: string): string {
  return [
    'You write verifiable constraints for a task, for training an assistant to follow instructions precisely.',
    '',
    `Task:\n${seed.trim()}`,
    '',
    'Write 3 constraints on the answer to this task:',
    '- take each constraint from a different category below (three categories in all);',
    '- within a category, choose exactly one kind and write the constraint for that kind only; prefer kinds that are less common and not trivial;',
    '- write each constraint as one complete sentence that stands on its own, e.g. "The response should …" or "Your answer must …";',
    '- never use shorthand such as "No Commas" or "Language: de", and never mention a category or kind name;',
    '- do not rewrite the task.',
    '',
    ...HARD_CATEGORIES.flatMap(([name, kinds]) => [name, ...kinds.map((k) => `   - ${k}`)]),
    '',
    'The three constraints must be satisfiable together:',
    ...HARD_COMPATIBILITY.map((r, i) => `${i + 1}. ${r}`),
    '',
    `Reply with a JSON object only, with exactly the keys ${keys(3)}, each holding one constraint as a string. Nothing else.`,
  ].join('\n');
}

export function promptFor(template: TemplateName, seed: string): string {
  return template === 'soft' ? softPrompt(seed) : hardPrompt(seed);
}
