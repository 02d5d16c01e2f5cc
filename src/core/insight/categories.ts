// Category names of SEIF's instruction templates (pipeline doc §3.2 soft, §3.3 hard): the mapping falls back
// to a soft category, and drift detection looks for these names leaking into constraint text.

/** The 25 reference categories of the SOFT template, in template order. */
export const SOFT_CATEGORIES = [
  'Lexical content',
  'Element',
  'Semantic',
  'Word count',
  'Sentence count',
  'Paragraph count',
  'Document count',
  'Tone and emotion',
  'Form and style',
  'Audience-specific',
  'Authorial style',
  'Fundamental format',
  'Bespoke format',
  'Specialized format',
  'Pragmatic',
  'Syntactic',
  'Morphological',
  'Phonological',
  'Role-based',
  'Task-specific',
  'Complex context',
  'Example',
  'Inverse',
  'Contradictory',
  'Rule',
] as const;

export type SoftCategory = (typeof SOFT_CATEGORIES)[number];

/** HARD template categories and subtypes; the template forbids writing them into constraints. */
export const HARD_TEMPLATE_NAMES = [
  'Lexical', 'Structural layout', 'Structural', 'Formatting', 'Language style', 'Special pattern',
  'Required keywords', 'Keyword frequency', 'Forbidden words', 'Letter frequency', 'ALL-CAPS word frequency',
  'Sentence count', 'Paragraph count', 'Bullet points count', 'Bullet point count', 'Sectioned structure',
  'Nth paragraph first word', 'Word count', 'Highlighted spans', 'Title wrapper', 'Quotation wrapper',
  'JSON output', 'Response language', 'English ALL CAPS', 'English all lowercase', 'No commas',
  'Repeat-then-answer', 'Exact ending phrase', 'Two distinct responses', 'Postscript', 'Placeholder count',
] as const;

/** Lower-case, hyphens and repeated spaces folded, so "Role-based" and "role based" compare equal. */
export function foldCategoryName(name: string): string {
  return name.toLowerCase().replace(/[-_]+/g, ' ').replace(/\s+/g, ' ').trim();
}

const KNOWN_NAMES: ReadonlySet<string> = new Set([...SOFT_CATEGORIES, ...HARD_TEMPLATE_NAMES].map(foldCategoryName));

// "Word Count: …", "Required Keywords — …", "Role-based constraint: …", "Element constraint - …".
const PREFIX = /^\s*([A-Za-z][A-Za-z &/-]{1,40}?)(?:\s+constraints?)?\s*(?::|—|–|\s-\s)\s*/;
const SEPARATOR_CHARS = [':', '—', '–', '-'];

/** The template category name a constraint starts with, and the text after it; undefined when none. */
export function categoryPrefix(text: string): { name: string; rest: string } | undefined {
  // Every prefix ends in a separator: most texts have none and skip the (backtracking) regex.
  if (!SEPARATOR_CHARS.some((c) => text.includes(c))) return undefined;
  const m = PREFIX.exec(text);
  if (!m) return undefined;
  const name = foldCategoryName(m[1]!);
  if (!KNOWN_NAMES.has(name)) return undefined;
  return { name: m[1]!, rest: text.slice(m[0].length) };
}
