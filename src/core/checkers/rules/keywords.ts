// keywords:* — keywords are regex fragments (Python re, IGNORECASE), matched as substrings.
import type { KwargsOf } from '../kwargs';
import { pyCountMatches, pySearch } from '../../nlp/pyregex';
import { pyCompare, pyReprStr, pyStrip } from '../../nlp/pystr';
import { compare, countReason, kwargPattern, type Rule } from './types';

export function existence(kw: KwargsOf<'keywords:existence'>): Rule {
  const sorted = [...kw.keywords].sort(pyCompare);
  const patterns = sorted.map((k) => ({ k, re: kwargPattern('keywords:existence', `keywords[${kw.keywords.indexOf(k)}]`, k, { ignoreCase: true }).re }));
  return (value) => {
    for (const { k, re } of patterns) if (!pySearch(re, value)) return { ok: false, reason: `missing keyword ${pyReprStr(k)}` };
    return { ok: true, reason: `contains every keyword (${sorted.map(pyReprStr).join(', ')})` };
  };
}

export function frequency(kw: KwargsOf<'keywords:frequency'>): Rule {
  const keyword = pyStrip(kw.keyword);
  const { re } = kwargPattern('keywords:frequency', 'keyword', keyword, { ignoreCase: true });
  return (value) => {
    const n = pyCountMatches(re, value);
    return { ok: compare(kw.relation, n, kw.frequency), reason: countReason(kw.relation, kw.frequency, `occurrences of ${pyReprStr(keyword)}`, n) };
  };
}

export function forbiddenWords(kw: KwargsOf<'keywords:forbidden_words'>): Rule {
  const sorted = [...new Set(kw.forbidden_words)].sort(pyCompare);
  const patterns = sorted.map((w) => ({
    w,
    re: kwargPattern('keywords:forbidden_words', `forbidden_words[${kw.forbidden_words.indexOf(w)}]`, `\\b${w}\\b`, { ignoreCase: true }).re,
  }));
  return (value) => {
    for (const { w, re } of patterns) if (pySearch(re, value)) return { ok: false, reason: `contains forbidden word ${pyReprStr(w)}` };
    return { ok: true, reason: 'contains none of the forbidden words' };
  };
}

export function letterFrequency(kw: KwargsOf<'keywords:letter_frequency'>): Rule {
  const letter = pyStrip(kw.letter).toLowerCase();
  return (value) => {
    let n = 0;
    for (const ch of value.toLowerCase()) if (ch === letter) n++;
    return { ok: compare(kw.let_relation, n, kw.let_frequency), reason: countReason(kw.let_relation, kw.let_frequency, `times the letter ${pyReprStr(letter)}`, n) };
  };
}
