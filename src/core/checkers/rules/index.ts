// id → rule: validates kwargs, compiles the id's patterns once, returns a function of the response.
import type { InstructionId } from '../ids';
import { parseKwargs } from '../kwargs';
import { numberPlaceholders, postscript } from './content';
import { constrainedResponse, jsonFormat, multipleSections, numberBulletLists, numberHighlightedSections, title } from './format';
import { existence, forbiddenWords, frequency, letterFrequency } from './keywords';
import { capitalWordFrequency, englishCapital, englishLowercase, responseLanguage } from './language';
import { nthParagraphFirstWord, numberParagraphs, numberSentences, numberWords } from './length';
import { endChecker, noComma, quotation, repeatPrompt, twoResponses } from './text';
import type { Rule } from './types';

/** Throws SeifError for bad kwargs (naming id and field), including keyword patterns Python would reject. */
export function buildRule(id: InstructionId, kwargs: unknown): Rule {
  switch (id) {
    case 'keywords:existence': return existence(parseKwargs(id, kwargs));
    case 'keywords:frequency': return frequency(parseKwargs(id, kwargs));
    case 'keywords:forbidden_words': return forbiddenWords(parseKwargs(id, kwargs));
    case 'keywords:letter_frequency': return letterFrequency(parseKwargs(id, kwargs));
    case 'language:response_language': return responseLanguage(parseKwargs(id, kwargs));
    case 'length_constraints:number_sentences': return numberSentences(parseKwargs(id, kwargs));
    case 'length_constraints:number_paragraphs': return numberParagraphs(parseKwargs(id, kwargs));
    case 'length_constraints:number_words': return numberWords(parseKwargs(id, kwargs));
    case 'length_constraints:nth_paragraph_first_word': return nthParagraphFirstWord(parseKwargs(id, kwargs));
    case 'detectable_content:number_placeholders': return numberPlaceholders(parseKwargs(id, kwargs));
    case 'detectable_content:postscript': return postscript(parseKwargs(id, kwargs));
    case 'detectable_format:number_bullet_lists': return numberBulletLists(parseKwargs(id, kwargs));
    case 'detectable_format:constrained_response': parseKwargs(id, kwargs); return constrainedResponse();
    case 'detectable_format:number_highlighted_sections': return numberHighlightedSections(parseKwargs(id, kwargs));
    case 'detectable_format:multiple_sections': return multipleSections(parseKwargs(id, kwargs));
    case 'detectable_format:json_format': parseKwargs(id, kwargs); return jsonFormat();
    case 'detectable_format:title': parseKwargs(id, kwargs); return title();
    case 'combination:two_responses': parseKwargs(id, kwargs); return twoResponses();
    case 'combination:repeat_prompt': return repeatPrompt(parseKwargs(id, kwargs));
    case 'startend:end_checker': return endChecker(parseKwargs(id, kwargs));
    case 'change_case:capital_word_frequency': return capitalWordFrequency(parseKwargs(id, kwargs));
    case 'change_case:english_capital': parseKwargs(id, kwargs); return englishCapital();
    case 'change_case:english_lowercase': parseKwargs(id, kwargs); return englishLowercase();
    case 'punctuation:no_comma': parseKwargs(id, kwargs); return noComma();
    case 'startend:quotation': parseKwargs(id, kwargs); return quotation();
  }
}
