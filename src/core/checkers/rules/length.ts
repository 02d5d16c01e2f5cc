// length_constraints:* — words are Python `\w+` runs, sentences are NLTK Punkt (English) sentences,
// paragraphs are split on `***` (number_paragraphs) or on "\n\n" (nth_paragraph_first_word).
import type { KwargsOf } from '../kwargs';
import { englishPunktModel } from '../../nlp/punkt-params';
import { PunktSentenceTokenizer } from '../../nlp/punkt';
import { pyCountMatches, pySplit } from '../../nlp/pyregex';
import { pyReprStr, pySplitWhitespace, pyStrip, pyStripChars } from '../../nlp/pystr';
import { compare, countReason, fixedPattern, type Rule } from './types';

const WORDS = fixedPattern('\\w+');
const PARAGRAPH_DIVIDER = fixedPattern('\\s?\\*\\*\\*\\s?');

export function countWords(value: string): number {
  return pyCountMatches(WORDS, value);
}

let sentenceTokenizer: { tok: PunktSentenceTokenizer; approximate: boolean } | undefined;

/** NLTK's count_sentences; `approximate` when no Punkt English parameters were found. */
export function countSentences(value: string): { n: number; approximate: boolean } {
  if (!sentenceTokenizer) {
    const model = englishPunktModel();
    sentenceTokenizer = { tok: new PunktSentenceTokenizer(model.params), approximate: model.source === null };
  }
  return { n: sentenceTokenizer.tok.tokenize(value).length, approximate: sentenceTokenizer.approximate };
}

export function numberSentences(kw: KwargsOf<'length_constraints:number_sentences'>): Rule {
  return (value) => {
    const { n, approximate } = countSentences(value);
    return { ok: compare(kw.relation, n, kw.num_sentences), reason: countReason(kw.relation, kw.num_sentences, 'sentences', n), approximate };
  };
}

export function numberWords(kw: KwargsOf<'length_constraints:number_words'>): Rule {
  return (value) => {
    const n = countWords(value);
    return { ok: compare(kw.relation, n, kw.num_words), reason: countReason(kw.relation, kw.num_words, 'words', n) };
  };
}

export function numberParagraphs(kw: KwargsOf<'length_constraints:number_paragraphs'>): Rule {
  return (value) => {
    const paragraphs = pySplit(PARAGRAPH_DIVIDER, value) as string[];
    let n = paragraphs.length;
    for (let i = 0; i < paragraphs.length; i++) {
      if (pyStrip(paragraphs[i]!) !== '') continue;
      if (i === 0 || i === paragraphs.length - 1) n--;
      else return { ok: false, reason: `paragraph ${i + 1} between *** dividers is empty` };
    }
    return { ok: n === kw.num_paragraphs, reason: `needs exactly ${kw.num_paragraphs} paragraphs separated by ***, has ${n}` };
  };
}

const FIRST_WORD_STOP = new Set(['.', ',', '?', '!', "'", '"']);

export function nthParagraphFirstWord(kw: KwargsOf<'length_constraints:nth_paragraph_first_word'>): Rule {
  const wanted = kw.first_word.toLowerCase();
  const nth = kw.nth_paragraph;
  return (value) => {
    const paragraphs = value.split('\n\n');
    const n = paragraphs.filter((p) => pyStrip(p) !== '').length;
    if (nth > n) return { ok: false, reason: `needs paragraph ${nth} (separated by blank lines), has ${n} paragraphs` };
    const paragraph = pyStrip(paragraphs[nth - 1]!);
    if (paragraph === '') return { ok: false, reason: `paragraph ${nth} (counting raw "\\n\\n" chunks) is empty` };
    let word = pyStripChars(pyStrip(pySplitWhitespace(paragraph)[0]!), "'", 'left');
    word = pyStripChars(word, '"', 'left');
    let first = '';
    for (const ch of word) {
      if (FIRST_WORD_STOP.has(ch)) break;
      first += ch.toLowerCase();
    }
    if (n !== kw.num_paragraphs) return { ok: false, reason: `needs exactly ${kw.num_paragraphs} paragraphs separated by blank lines, has ${n}` };
    if (first !== wanted) return { ok: false, reason: `paragraph ${nth} starts with ${pyReprStr(first)}, needs ${pyReprStr(wanted)}` };
    return { ok: true, reason: `${n} paragraphs; paragraph ${nth} starts with ${pyReprStr(wanted)}` };
  };
}
