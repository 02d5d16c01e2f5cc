// Rules that need language detection (langdetect, seed 0) or NLTK's word tokenizer.
import { LANGUAGE_CODES } from '../ids';
import type { KwargsOf } from '../kwargs';
import { detectLang } from '../../nlp/langdetect';
import { englishPunktModel } from '../../nlp/punkt-params';
import { pyIsLower, pyIsUpper } from '../../nlp/pystr';
import { wordTokenize } from '../../nlp/treebank';
import { compare, countReason, type Rule } from './types';

const UNDETECTABLE = 'language could not be detected (IFEval counts this as followed)';

export function responseLanguage(kw: KwargsOf<'language:response_language'>): Rule {
  const name = LANGUAGE_CODES[kw.language];
  return (value) => {
    const { lang, approximate } = detectLang(value);
    if (lang === null) return { ok: true, reason: UNDETECTABLE, approximate };
    return lang === kw.language
      ? { ok: true, reason: `detected ${name} (${lang})`, approximate }
      : { ok: false, reason: `detected language '${lang}', needs ${name} ('${kw.language}')`, approximate };
  };
}

function caseAndEnglish(wantUpper: boolean): Rule {
  const test = wantUpper ? pyIsUpper : pyIsLower;
  const what = wantUpper ? 'capital' : 'lowercase';
  return (value) => {
    if (!test(value)) return { ok: false, reason: `not entirely in ${what} letters` };
    const { lang, approximate } = detectLang(value);
    if (lang === null) return { ok: true, reason: `all ${what}; ${UNDETECTABLE}`, approximate };
    return lang === 'en'
      ? { ok: true, reason: `all ${what}, detected English`, approximate }
      : { ok: false, reason: `all ${what}, but detected language '${lang}', needs English ('en')`, approximate };
  };
}

export const englishCapital = (): Rule => caseAndEnglish(true);
export const englishLowercase = (): Rule => caseAndEnglish(false);

export function capitalWordFrequency(kw: KwargsOf<'change_case:capital_word_frequency'>): Rule {
  return (value) => {
    const model = englishPunktModel();
    const n = wordTokenize(value, model.params).filter(pyIsUpper).length;
    return {
      ok: compare(kw.capital_relation, n, kw.capital_frequency),
      reason: countReason(kw.capital_relation, kw.capital_frequency, 'words in all capital letters', n),
      approximate: model.source === null,
    };
  };
}
