import type { FilterFinding } from './types';

/** Countable properties of a response that constraints put numbers on. */
export type Quantity = 'words' | 'sentences' | 'paragraphs' | 'bullet points' | 'sections' | 'highlighted sections' | 'placeholders' | 'characters';

export interface NumericBound {
  quantity: Quantity;
  min?: number;
  max?: number;
}

const NUMBER_WORDS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
  fifteen: 15, twenty: 20, thirty: 30, forty: 40, fifty: 50, hundred: 100, 'a hundred': 100, 'one hundred': 100,
};
const NUM = `(\\d[\\d,]*|${Object.keys(NUMBER_WORDS).sort((a, b) => b.length - a.length).join('|')})`;
const QTY = '(words?|sentences?|paragraphs?|bullet points?|bullets?|highlighted sections?|highlights?|sections?|placeholders?|characters?)';
const ADJ = '(?:[a-z-]+\\s+)?';

const RELATIONS: [RegExp, (n: number) => Omit<NumericBound, 'quantity'>][] = [
  [/at least|no fewer than|no less than|not less than|a minimum of|minimum of|minimum/, (n) => ({ min: n })],
  [/more than|over|exceeding|exceed|greater than/, (n) => ({ min: n + 1 })],
  [/at most|no more than|not more than|a maximum of|maximum of|maximum|up to|within|not exceeding|not exceed/, (n) => ({ max: n })],
  [/less than|fewer than|under|below|shorter than/, (n) => ({ max: n - 1 })],
  [/exactly|precisely|only/, (n) => ({ min: n, max: n })],
];
const RELATION_WORDS = RELATIONS.map(([re]) => re.source).join('|');
const RELATIONAL = new RegExp(`\\b(${RELATION_WORDS})\\s+${NUM}\\s+${ADJ}${QTY}\\b`, 'gi');
const BETWEEN = new RegExp(`\\bbetween\\s+${NUM}\\s+and\\s+${NUM}\\s+${ADJ}${QTY}\\b`, 'gi');
/** A bare count of a structure ("use 4 bullet points") means exactly that many, as IFEval checks it. */
const BARE = new RegExp(`\\b${NUM}\\s+${ADJ}(bullet points?|bullets?|paragraphs?|sections?)\\b`, 'gi');

/**
 * "at least 300 words" limits the response; "exactly 3 forbidden words" or "exactly two words from the
 * input" count keywords instead. Only a bare count of words, not followed by a qualifier, is a length.
 */
function isLengthOfResponse(match: string, after: string): boolean {
  if (!new RegExp(`${NUM}\\s+words?$`, 'i').test(match)) return false;
  return !/^\s*(?:from|that|which|related|of|such|like|:|in (?:all )?caps|in capital|with|starting|beginning|ending)/i.test(after);
}

function toNumber(s: string): number {
  const w = NUMBER_WORDS[s.toLowerCase()];
  return w ?? Number(s.replace(/,/g, ''));
}

function toQuantity(s: string): Quantity {
  const q = s.toLowerCase().replace(/s$/, '');
  if (q.startsWith('bullet')) return 'bullet points';
  if (q.startsWith('highlight')) return 'highlighted sections';
  return `${q}s` as Quantity;
}

/** The numeric bounds a constraint sentence states ("at least 300 words", "between 2 and 4 paragraphs"). */
export function boundsFromText(text: string): NumericBound[] {
  const found: NumericBound[] = [];
  const seen = new Set<Quantity>();
  for (const m of text.matchAll(BETWEEN)) {
    const quantity = toQuantity(m[3]!);
    if (quantity === 'words' && !isLengthOfResponse(m[0], text.slice(m.index + m[0].length))) continue;
    found.push({ quantity, min: toNumber(m[1]!), max: toNumber(m[2]!) });
    seen.add(quantity);
  }
  for (const m of text.matchAll(RELATIONAL)) {
    const quantity = toQuantity(m[3]!);
    if (quantity === 'words' && !isLengthOfResponse(m[0], text.slice(m.index + m[0].length))) continue;
    const rel = RELATIONS.find(([re]) => new RegExp(`^(?:${re.source})$`, 'i').test(m[1]!));
    if (!rel) continue;
    found.push({ quantity, ...rel[1](toNumber(m[2]!)) });
    seen.add(quantity);
  }
  for (const m of text.matchAll(BARE)) {
    const quantity = toQuantity(m[2]!);
    if (seen.has(quantity)) continue; // "two paragraphs, one paragraph on each" states the count once
    seen.add(quantity);
    const n = toNumber(m[1]!);
    found.push({ quantity, min: n, max: n });
  }
  return found;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : undefined);

/** The bounds a real IFEval id states through its kwargs (SEIF §5.2 semantics). */
export function boundsFromKwargs(id: string, kwargs: Record<string, unknown>): NumericBound[] {
  const relational = (quantity: Quantity, n: number | undefined, relation: unknown): NumericBound[] =>
    n === undefined ? [] : relation === 'less than' ? [{ quantity, max: n - 1 }] : relation === 'at least' ? [{ quantity, min: n }] : [];
  switch (id) {
    case 'length_constraints:number_words':
      return relational('words', num(kwargs.num_words), kwargs.relation);
    case 'length_constraints:number_sentences':
      return relational('sentences', num(kwargs.num_sentences), kwargs.relation);
    case 'length_constraints:number_paragraphs':
    case 'length_constraints:nth_paragraph_first_word': {
      const n = num(kwargs.num_paragraphs);
      return n === undefined ? [] : [{ quantity: 'paragraphs', min: n, max: n }];
    }
    case 'detectable_format:number_bullet_lists': {
      const n = num(kwargs.num_bullets);
      return n === undefined ? [] : [{ quantity: 'bullet points', min: n, max: n }];
    }
    case 'detectable_format:multiple_sections': {
      const n = num(kwargs.num_sections);
      return n === undefined ? [] : [{ quantity: 'sections', min: n }];
    }
    case 'detectable_format:number_highlighted_sections': {
      const n = num(kwargs.num_highlights);
      return n === undefined ? [] : [{ quantity: 'highlighted sections', min: n }];
    }
    case 'detectable_content:number_placeholders': {
      const n = num(kwargs.num_placeholders);
      return n === undefined ? [] : [{ quantity: 'placeholders', min: n }];
    }
    default:
      return [];
  }
}

export function describeBound(b: NumericBound): string {
  if (b.min !== undefined && b.max !== undefined) return b.min === b.max ? `exactly ${b.min} ${b.quantity}` : `${b.min}–${b.max} ${b.quantity}`;
  if (b.min !== undefined) return `at least ${b.min} ${b.quantity}`;
  return `at most ${b.max} ${b.quantity}`;
}

/** Each larger unit needs at least one of the smaller: paragraphs ≥ 1 sentence ≥ 1 word. */
const CONTAINS: [Quantity, Quantity][] = [
  ['paragraphs', 'sentences'],
  ['sentences', 'words'],
  ['paragraphs', 'words'],
  ['bullet points', 'words'],
  ['sections', 'words'],
];

/** Pairs of constraints whose numbers no response can satisfy together. */
export function numericContradictions(perConstraint: NumericBound[][]): FilterFinding[] {
  const findings: FilterFinding[] = [];
  const flagged = new Set<string>();
  for (let j = 0; j < perConstraint.length; j++) {
    for (let i = 0; i <= j; i++) {
      for (const a of perConstraint[i]!) {
        for (const b of perConstraint[j]!) {
          if (i === j && a === b) continue;
          const why = contradiction(a, b);
          const key = `${i}/${j}`;
          if (!why || flagged.has(key)) continue;
          flagged.add(key);
          const other = i === j ? 'itself' : `constraint ${i + 1} (${describeBound(a)})`;
          findings.push({
            constraintIndex: j,
            rule: 'numeric-contradiction',
            severity: 'error',
            message: `constraint ${j + 1} asks for ${describeBound(b)}, which contradicts ${other}: ${why}`,
            ...(i !== j && { related: [i] }),
          });
        }
      }
    }
  }
  return findings;
}

function contradiction(a: NumericBound, b: NumericBound): string | undefined {
  if (a.quantity === b.quantity) {
    const lo = Math.max(a.min ?? -Infinity, b.min ?? -Infinity);
    const hi = Math.min(a.max ?? Infinity, b.max ?? Infinity);
    return lo > hi ? `no count of ${a.quantity} can be both` : undefined;
  }
  for (const [big, small] of CONTAINS) {
    const [outer, inner] = a.quantity === big && b.quantity === small ? [a, b] : b.quantity === big && a.quantity === small ? [b, a] : [];
    if (outer && inner && outer.min !== undefined && inner.max !== undefined && inner.max < outer.min) {
      return `${outer.min} ${big} need at least ${outer.min} ${small}`;
    }
  }
  if ((a.max !== undefined && a.max < 0) || (b.max !== undefined && b.max < 0)) return 'a count below zero';
  return undefined;
}
