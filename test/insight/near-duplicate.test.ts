// Near-duplicate constraints (a drift kind): the word-summary shortcuts give the same answer as comparing the
// word sets directly — same numbers, Jaccard ≥ 0.8 — on random texts built to be often alike.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nearDuplicate } from '../../src/core/insight/drift';
import { mulberry32 } from '../support/prng';

const NUMBER_WORDS = new Set(['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten',
  'eleven', 'twelve', 'fifteen', 'twenty', 'thirty', 'forty', 'fifty', 'hundred', 'once', 'twice', 'thrice', 'single']);

/** The definition, written out: lower-case words, their number words sorted, Jaccard of the word sets. */
function reference(a: string, b: string): boolean {
  const words = (t: string) => (/^[\x00-\x7F]*$/.test(t) ? t.toLowerCase().split(/[^a-z0-9]+/) : t.toLowerCase().split(/[^\p{L}\p{N}]+/u)).filter(Boolean);
  const numbers = (w: string[]) => w.filter((x) => /^\d+$/.test(x) || NUMBER_WORDS.has(x)).sort().join(' ');
  const wa = words(a);
  const wb = words(b);
  if (wa.length === 0 || wb.length === 0) return false;
  if (wa.join(' ') === wb.join(' ')) return true;
  if (numbers(wa) !== numbers(wb)) return false;
  const sa = new Set(wa);
  const sb = new Set(wb);
  const inter = [...sa].filter((w) => sb.has(w)).length;
  return inter / (sa.size + sb.size - inter) >= 0.8;
}

test('near-duplicates equal the direct word-set comparison', () => {
  const random = mulberry32(11);
  const vocabulary = ['use', 'a', 'formal', 'tone', 'Tone', 'the', 'response', 'must', 'contain', 'exactly', '3', 'three', '2', 'two', 'bullet', 'points', 'écrire', 'слова', 'twice', 'x_y', 'Word'];
  const separators = [' ', ' ', ' ', ', ', '. ', ' - ', ': ', '!'];
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
  const sentence = (base: string[]) => {
    const words = base.filter(() => random() > 0.1);
    if (random() < 0.5) words.splice(Math.floor(random() * (words.length + 1)), 0, pick(vocabulary));
    return words.map((w, i) => (i ? pick(separators) : '') + w).join('');
  };
  let duplicates = 0;
  for (let n = 0; n < 20000; n++) {
    const base = Array.from({ length: 2 + Math.floor(random() * 10) }, () => pick(vocabulary));
    const a = sentence(base);
    const b = sentence(base);
    const expected = reference(a, b);
    assert.equal(nearDuplicate(a, b), expected, `${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
    if (expected) duplicates++;
  }
  assert.ok(duplicates > 2000 && duplicates < 18000, `${duplicates} near-duplicate pairs of 20000`);
  assert.equal(nearDuplicate('Use a formal tone.', 'use a FORMAL tone!'), true);
  assert.equal(nearDuplicate('Use exactly 2 bullet points.', 'Use exactly 3 bullet points.'), false);
  assert.equal(nearDuplicate('...', '...'), false);
});
