// What the drift detectors need from one constraint text, computed once per distinct text: a summary of its
// words (for near-duplicates), its numbers, whether it starts with a template category name, whether it is
// non-Latin. Words are lower-case runs of a–z0–9 (of any letter or digit when the text is not ASCII).
//
// Near-duplicates compare word sets, but a round has ~100k distinct texts and few duplicates, so the words
// themselves are only materialised for pairs that survive cheap checks on a per-text summary: the word count,
// a 64-bit signature with one bit per word hash, and a hash of the word sequence. Each check is a necessary
// condition of the exact test, so results are those of comparing the word lists and sets directly.
import { categoryPrefix } from './categories';
import { cleanText } from './normalise';

const NUMBER_WORDS = new Set(['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten',
  'eleven', 'twelve', 'fifteen', 'twenty', 'thirty', 'forty', 'fifty', 'hundred', 'once', 'twice', 'thrice', 'single']);

export interface TextFeatures {
  text: string;
  /** Number of words (with repeats). */
  count: number;
  /** Bit (hash(word) mod 64) set for each word: low and high 32 bits. */
  sigLo: number;
  sigHi: number;
  /** Hash of the word sequence: equal word lists have equal hashes. */
  sequence: number;
  /** The words that are numbers (digits or number words), sorted, joined by spaces. */
  numbers: string;
  leak: boolean;
  nonLatin: boolean;
  /** The word list and set, built on first use. */
  words: string[] | undefined;
  distinct: Set<string> | undefined;
}

// A category prefix ends in one of these separators; texts without one skip the prefix regex.
const PREFIX_SEPARATOR = /[:\u2013\u2014]| - /;

// FNV-1a over UTF-16 code units of the lower-case word; hashes are int32 (only compared and masked).
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;
const SEQUENCE_PRIME = 0x9e3779b1 | 0;

function hashWord(w: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < w.length; i++) h = Math.imul(h ^ w.charCodeAt(i), FNV_PRIME);
  return h;
}

const NUMBER_WORD_HASHES = new Set([...NUMBER_WORDS].map(hashWord));
// A 1024-bit filter in front of the set: most words are rejected by one array read.
const NUMBER_WORD_FILTER = new Uint8Array(1024);
for (const h of NUMBER_WORD_HASHES) NUMBER_WORD_FILTER[h & 1023] = 1;

// ASCII character classes of the word scan: what ends a word, and what a word is made of.
const SEPARATOR = 0;
const LOWER = 1;
const UPPER = 2;
const DIGIT = 3;
const ASCII_CLASS = new Uint8Array(128);
for (let c = 97; c <= 122; c++) ASCII_CLASS[c] = LOWER;
for (let c = 65; c <= 90; c++) ASCII_CLASS[c] = UPPER;
for (let c = 48; c <= 57; c++) ASCII_CLASS[c] = DIGIT;

export function featuresOf(text: string): TextFeatures {
  const f: TextFeatures = { text, count: 0, sigLo: 0, sigHi: 0, sequence: 0, numbers: '', leak: false, nonLatin: false, words: undefined, distinct: undefined };
  const ascii = summariseAscii(f);
  if (!ascii) {
    // Non-ASCII text (rare): split on Unicode letters and digits.
    const words = text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    const numbers: string[] = [];
    for (const w of words) {
      const h = hashWord(w);
      f.count++;
      if (h & 32) f.sigHi |= 1 << (h & 31);
      else f.sigLo |= 1 << (h & 31);
      f.sequence = Math.imul(f.sequence ^ h, SEQUENCE_PRIME);
      if (NUMBER_WORDS.has(w) || /^\d+$/.test(w)) numbers.push(w);
    }
    f.words = words;
    f.numbers = numbers.sort().join(' ');
    f.nonLatin = nonLatin(text);
  }
  f.leak = (ascii ? f.leak : PREFIX_SEPARATOR.test(text)) && categoryPrefix(cleanText(text)) !== undefined;
  return f;
}

/**
 * Summarises the words of an ASCII text into f without building them, and sets f.leak when the text has a
 * category-prefix separator (":" or " - "); false, with f left empty, when the text is not ASCII.
 */
function summariseAscii(f: TextFeatures): boolean {
  const text = f.text;
  const n = text.length;
  let numbers: string[] | undefined;
  let count = 0;
  let sigLo = 0;
  let sigHi = 0;
  let sequence = 0;
  let h = FNV_OFFSET;
  let start = -1;
  let digits = true;
  let separator = false;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? text.charCodeAt(i) : 32;
    if (c >= 128) return false;
    const cls = ASCII_CLASS[c]!;
    if (cls !== SEPARATOR) {
      if (start < 0) {
        start = i;
        h = FNV_OFFSET;
        digits = true;
      }
      h = Math.imul(h ^ (cls === UPPER ? c + 32 : c), FNV_PRIME);
      if (cls !== DIGIT) digits = false;
      continue;
    }
    if (c === 58 || (c === 45 && i > 0 && text.charCodeAt(i - 1) === 32 && text.charCodeAt(i + 1) === 32)) separator = true;
    if (start < 0) continue;
    count++;
    if (h & 32) sigHi |= 1 << (h & 31);
    else sigLo |= 1 << (h & 31);
    sequence = Math.imul(sequence ^ h, SEQUENCE_PRIME);
    if (digits) (numbers ??= []).push(text.slice(start, i));
    else if (NUMBER_WORD_FILTER[h & 1023] === 1 && NUMBER_WORD_HASHES.has(h)) {
      const w = text.slice(start, i).toLowerCase();
      if (NUMBER_WORDS.has(w)) (numbers ??= []).push(w);
    }
    start = -1;
  }
  f.count = count;
  f.sigLo = sigLo;
  f.sigHi = sigHi;
  f.sequence = sequence;
  f.numbers = numbers === undefined ? '' : numbers.length === 1 ? numbers[0]! : numbers.sort().join(' ');
  f.leak = separator;
  return true;
}

function wordsOf(f: TextFeatures): string[] {
  return (f.words ??= f.text.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean));
}

function distinctOf(f: TextFeatures): Set<string> {
  return (f.distinct ??= new Set(wordsOf(f)));
}

function sameWords(a: TextFeatures, b: TextFeatures): boolean {
  if (a.count !== b.count || a.sequence !== b.sequence || a.sigLo !== b.sigLo || a.sigHi !== b.sigHi) return false;
  const wa = wordsOf(a);
  const wb = wordsOf(b);
  for (let i = 0; i < wa.length; i++) if (wa[i] !== wb[i]) return false;
  return true;
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}

/** Same words (Jaccard ≥ 0.8 of the word sets) and the same numbers. */
export function similar(a: TextFeatures, b: TextFeatures): boolean {
  if (a.count === 0 || b.count === 0) return false;
  if (a === b || sameWords(a, b)) return true;
  if (a.numbers !== b.numbers) return false;
  // Signature bits set on one side only each stand for a word of one set only: at most |A Δ B| of them.
  // Jaccard ≥ 0.8 means |A Δ B| ≤ 0.2 |A ∪ B| ≤ 0.2 (count A + count B).
  if (5 * (popcount(a.sigLo ^ b.sigLo) + popcount(a.sigHi ^ b.sigHi)) > a.count + b.count) return false;
  const sa = distinctOf(a);
  const sb = distinctOf(b);
  // Jaccard ≥ 0.8 needs the smaller set to be at least 0.8 of the larger.
  if (Math.min(sa.size, sb.size) < 0.8 * Math.max(sa.size, sb.size)) return false;
  let inter = 0;
  for (const w of sa) if (sb.has(w)) inter++;
  return inter / (sa.size + sb.size - inter) >= 0.8;
}

/** A constraint mostly written in another script than Latin (Chinese, Cyrillic, …). */
export function nonLatin(text: string): boolean {
  if (/^[\x00-\x7F]*$/.test(text)) return false;
  const letters = text.match(/\p{L}/gu);
  if (!letters) return false;
  const latin = text.match(/\p{Script=Latin}/gu)?.length ?? 0;
  return latin / letters.length < 0.5;
}
