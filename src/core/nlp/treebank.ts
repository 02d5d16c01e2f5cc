// NLTK 3.8's `word_tokenize`: Punkt sentences, then NLTKWordTokenizer (the improved Treebank
// tokenizer) on each sentence. The substitutions run in NLTK's order with Python's regex meaning
// (Unicode \w \b \s, `$` also before a final newline).
import { PunktSentenceTokenizer } from './punkt';
import type { PunktParameters } from './punkt-params';
import { PY_SPACE_CHARS, PY_WORD_CHARS, pySplitWhitespace } from './pystr';

const S = `[${PY_SPACE_CHARS}]`;
const WORD = `[${PY_WORD_CHARS}]`;
const B = `(?:(?<=${WORD})(?!${WORD})|(?<!${WORD})(?=${WORD}))`;
const END = '(?=\\n?(?![\\s\\S]))';

/** A substitution, with the strings one of which the text must contain for it to match (a cheap pre-check). */
type Rule = [RegExp, string, readonly string[]];
const rule = (source: string, replacement: string, needs: readonly string[], flags = ''): Rule => [new RegExp(source, `gu${flags}`), replacement, needs];
const chars = (s: string) => Array.from(s);

function apply(text: string, [re, sub, needs]: Rule): string {
  return needs.some((n) => text.includes(n)) ? text.replace(re, sub) : text;
}

const STARTING_QUOTES: Rule[] = [
  rule('([«“‘„]|[`]+)', ' $1 ', chars('«“‘„`')),
  rule('^"', '``', ['"']),
  rule('(``)', ' $1 ', ['``']),
  rule('([ \\(\\[{<])("|\'{2})', '$1 `` ', ['"', "''"]),
  rule(`(')(?!re|ve|ll|m|t|s|d|n)(${WORD})${B}`, '$1 $2', ["'"], 'i'),
];

const PUNCTUATION: Rule[] = [
  rule(`([^\\.])(\\.)([\\]\\)}>"'»”’ ]*)${S}*${END}`, '$1 $2 $3 ', ['.']),
  rule('([:,])([^\\p{Nd}])', ' $1 $2', [':', ',']),
  rule(`([:,])${END}`, ' $1 ', [':', ',']),
  rule('\\.{2,}', ' $& ', ['..']),
  rule('[;@#$%&]', ' $& ', chars(';@#$%&')),
  rule(`([^\\.])(\\.)([\\]\\)}>"']*)${S}*${END}`, '$1 $2$3 ', ['.']),
  rule('[?!]', ' $& ', ['?', '!']),
  rule("([^'])' ", "$1 ' ", ["' "]),
  rule('[*]', ' $& ', ['*']),
];

const PARENS_BRACKETS = rule('[\\]\\[\\(\\)\\{\\}<>]', ' $& ', chars('[](){}<>'));
const DOUBLE_DASHES = rule('--', ' -- ', ['--']);

const ENDING_QUOTES: Rule[] = [
  rule('([»”’])', ' $1 ', chars('»”’')),
  rule("''", " '' ", ["''"]),
  rule('"', " '' ", ['"']),
  rule("([^' ])('[sS]|'[mM]|'[dD]|') ", '$1 $2 ', ["' ", "'s ", "'S ", "'m ", "'M ", "'d ", "'D "]),
  rule("([^' ])('ll|'LL|'re|'RE|'ve|'VE|n't|N'T) ", '$1 $2 ', ["'ll ", "'LL ", "'re ", "'RE ", "'ve ", "'VE ", "n't ", "N'T "]),
];

// Each contraction rule with the (lowercase) text it needs: the regexes are costly, most texts lack them.
const CONTRACTION_NEEDS = ['cannot', "d'ye", 'gimme', 'gonna', 'gotta', 'lemme', "more'n", 'wanna', "'tis", "'twas"];
const CONTRACTIONS: Rule[] = [
  `${B}(can)(not)${B}`,
  `${B}(d)('ye)${B}`,
  `${B}(gim)(me)${B}`,
  `${B}(gon)(na)${B}`,
  `${B}(got)(ta)${B}`,
  `${B}(lem)(me)${B}`,
  `${B}(more)('n)${B}`,
  `${B}(wan)(na)(?=${S})`,
  ` ('t)(is)${B}`,
  ` ('t)(was)${B}`,
].map((source) => rule(source, ' $1 $2 ', [], 'i'));

/** NLTKWordTokenizer.tokenize(text) for one sentence. */
export function treebankTokenize(sentence: string): string[] {
  let text = sentence;
  for (const r of STARTING_QUOTES) text = apply(text, r);
  for (const r of PUNCTUATION) text = apply(text, r);
  text = apply(text, PARENS_BRACKETS);
  text = apply(text, DOUBLE_DASHES);
  text = ` ${text} `;
  for (const r of ENDING_QUOTES) text = apply(text, r);
  // Case-insensitive rules: checked against the lowercased text (JS /i and Python IGNORECASE both match ſ as s).
  const lower = text.toLowerCase().replaceAll('ſ', 's');
  CONTRACTIONS.forEach(([re, sub], i) => {
    if (lower.includes(CONTRACTION_NEEDS[i]!)) text = text.replace(re, sub);
  });
  return pySplitWhitespace(text);
}

/** `nltk.word_tokenize(text)` with the given Punkt parameters. */
export function wordTokenize(text: string, params: PunktParameters): string[] {
  const sentences = new PunktSentenceTokenizer(params).tokenize(text);
  return sentences.flatMap(treebankTokenize);
}
