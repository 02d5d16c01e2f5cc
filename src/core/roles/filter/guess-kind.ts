import type { IfevalId } from './ifeval-ids';

export const LANGUAGE_NAMES = [
  'english', 'spanish', 'portuguese', 'arabic', 'hindi', 'french', 'russian', 'german', 'japanese', 'italian',
  'bengali', 'ukrainian', 'thai', 'urdu', 'tamil', 'telugu', 'bulgarian', 'korean', 'polish', 'hebrew', 'persian',
  'vietnamese', 'nepali', 'swahili', 'kannada', 'marathi', 'gujarati', 'punjabi', 'malayalam', 'finnish', 'chinese',
  'mandarin', 'dutch', 'swedish', 'turkish', 'greek', 'indonesian',
];
const LANGUAGE = new RegExp(`\\b(?:in|using|written in|entirely in|only in)\\s+(${LANGUAGE_NAMES.join('|')})\\b`, 'i');

/** First match wins, so the more specific wording of a type comes before a looser one. */
const PATTERNS: [IfevalId, RegExp][] = [
  ['detectable_format:constrained_response', /my answer is (?:yes|no|maybe)/i],
  ['detectable_format:json_format', /\bjson\b/i],
  ['combination:two_responses', /\btwo (?:different|distinct|separate) (?:responses|answers|versions)\b|\*{6}/i],
  ['combination:repeat_prompt', /\brepeat (?:the |this |my )?(?:request|question|prompt|instruction|task)\b/i],
  ['length_constraints:nth_paragraph_first_word', /\bparagraph\b.*\b(?:start|begin)s? with\b|\bfirst word of (?:the )?\w+ paragraph\b/i],
  ['change_case:capital_word_frequency', /\bwords? (?:in|with|written in) all[- ](?:capital|caps|uppercase)|\ball[- ]caps words\b|\bfully capitali[sz]ed words\b/i],
  ['change_case:english_capital', /\ball (?:capital letters|caps|uppercase|upper-case)\b|\bentirely in (?:capital letters|uppercase)\b|\bin capital letters\b/i],
  ['change_case:english_lowercase', /\b(?:all |entirely in |only )lower-?case\b|\bno capital letters\b|\blowercase letters only\b/i],
  ['punctuation:no_comma', /\b(?:no|without(?: using)?(?: any)?|avoid(?: using)?(?: any)?|not use any|do not use(?: any)?|refrain from using(?: any)?) commas?\b/i],
  ['detectable_content:postscript', /\bP\.\s?P?\.?\s?S\b|\bpostscript\b/i],
  ['detectable_content:number_placeholders', /\bplaceholders?\b|\bsquare brackets\b/i],
  ['detectable_format:title', /<<|\btitle\b/i],
  ['startend:quotation', /\b(?:double )?quotation marks\b|\bwrap(?:ped)? (?:the |your )?(?:entire |whole )?(?:response|answer) in (?:double )?quotes\b/i],
  ['startend:end_checker', /\b(?:end|finish|conclude|close)s? (?:your |the )?(?:response|answer|reply)? ?with (?:the )?(?:exact )?(?:phrase|sentence|words?)\b/i],
  ['detectable_format:number_highlighted_sections', /\bhighlight/i],
  ['detectable_format:multiple_sections', /\bsections?\b/i],
  ['detectable_format:number_bullet_lists', /\bbullet(?:ed)?\b|\bbullet points?\b/i],
  ['length_constraints:number_paragraphs', /\bparagraphs?\b/i],
  ['length_constraints:number_sentences', /\bsentences?\b/i],
  ['length_constraints:number_words', /\b\d+\s+words?\b|\bword (?:count|limit)\b/i],
  ['keywords:letter_frequency', /\bthe letter\s+['"]?[a-z]['"]?/i],
  ['keywords:frequency', /\b(?:\d+|once|twice|thrice|three|four|five) times\b/i],
  ['keywords:forbidden_words', /\b(?:do not|don't|must not|never|avoid(?:ing)?|without)\b.*\b(?:use|using|mention|mentioning|include|including)?\s*(?:the )?(?:words?|terms?)\b/i],
  ['language:response_language', LANGUAGE],
  ['keywords:existence', /\b(?:include|contain|mention|use)s? (?:the )?(?:key)?(?:words?|terms?|phrases?)\b/i],
];

/** The IFEval type a natural-language constraint most likely asks for, or undefined. A guess: used for warnings. */
export function guessIfevalId(text: string): IfevalId | undefined {
  for (const [id, re] of PATTERNS) {
    const m = re.exec(text);
    if (!m) continue;
    // "Do not use bullet points" asks for the absence of a structure, which is not that IFEval type.
    if (STRUCTURAL.has(id) && NEGATION.test(text.slice(0, m.index))) continue;
    return id;
  }
  return undefined;
}

const NEGATION = /\b(?:no|not|without|avoid|never|don't|nor|neither)\b/i;
const STRUCTURAL = new Set<IfevalId>([
  'detectable_format:json_format',
  'detectable_format:number_bullet_lists',
  'detectable_format:multiple_sections',
  'detectable_format:number_highlighted_sections',
  'detectable_format:title',
  'length_constraints:number_paragraphs',
  'startend:quotation',
]);

/** The language a constraint asks the answer to be written in (lower-case English name), if any. */
export function requestedLanguage(text: string): string | undefined {
  return LANGUAGE.exec(text)?.[1]?.toLowerCase();
}
