// IFEval's description text for an instruction (build_description's return value), for hovers.
import { LANGUAGE_CODES, type InstructionId } from './ids';
import { parseKwargs } from './kwargs';
import { requireRuleId } from './kwargs';
import { CONSTRAINED_RESPONSE_OPTIONS } from './rules/format';
import { pyCompare, pyReprList, pyReprStr, pyStrip } from '../nlp/pystr';

/** Throws SeifError for an unknown id or bad kwargs, like checkInstruction. */
export function describeInstruction(id: string, kwargs: unknown): string {
  const rid: InstructionId = requireRuleId(id);
  switch (rid) {
    case 'keywords:existence': {
      const k = parseKwargs(rid, kwargs);
      return `Include keywords ${pyReprList([...k.keywords].sort(pyCompare))} in the response.`;
    }
    case 'keywords:frequency': {
      const k = parseKwargs(rid, kwargs);
      return `In your response, the word ${pyStrip(k.keyword)} should appear ${k.relation} ${k.frequency} times.`;
    }
    case 'keywords:forbidden_words': {
      const k = parseKwargs(rid, kwargs);
      return `Do not include keywords ${pyReprList([...new Set(k.forbidden_words)].sort(pyCompare))} in the response.`;
    }
    case 'keywords:letter_frequency': {
      const k = parseKwargs(rid, kwargs);
      return `In your response, the letter ${pyStrip(k.letter).toLowerCase()} should appear ${k.let_relation} ${k.let_frequency} times.`;
    }
    case 'language:response_language': {
      const k = parseKwargs(rid, kwargs);
      return `Your ENTIRE response should be in ${LANGUAGE_CODES[k.language]} language, no other language is allowed.`;
    }
    case 'length_constraints:number_sentences': {
      const k = parseKwargs(rid, kwargs);
      return `Your response should contain ${k.relation} ${k.num_sentences} sentences.`;
    }
    case 'length_constraints:number_paragraphs': {
      const k = parseKwargs(rid, kwargs);
      return `There should be ${k.num_paragraphs} paragraphs. Paragraphs are separated with the markdown divider: ***`;
    }
    case 'length_constraints:number_words': {
      const k = parseKwargs(rid, kwargs);
      return `Answer with ${k.relation} ${k.num_words} words.`;
    }
    case 'length_constraints:nth_paragraph_first_word': {
      const k = parseKwargs(rid, kwargs);
      return (
        `There should be ${k.num_paragraphs} paragraphs. Paragraphs and only paragraphs are separated with each other by two ` +
        `new lines as if it was '\\n\\n' in python. Paragraph ${k.nth_paragraph} must start with word ${k.first_word.toLowerCase()}.`
      );
    }
    case 'detectable_content:number_placeholders': {
      const k = parseKwargs(rid, kwargs);
      return `The response must contain at least ${k.num_placeholders} placeholders represented by square brackets, such as [address].`;
    }
    case 'detectable_content:postscript': {
      const k = parseKwargs(rid, kwargs);
      return `At the end of your response, please explicitly add a postscript starting with ${pyStrip(k.postscript_marker)}`;
    }
    case 'detectable_format:number_bullet_lists': {
      const k = parseKwargs(rid, kwargs);
      return `Your answer must contain exactly ${k.num_bullets} bullet points. Use the markdown bullet points such as:\n* This is point 1. \n* This is point 2`;
    }
    case 'detectable_format:constrained_response':
      parseKwargs(rid, kwargs);
      return `Answer with one of the following options: (${CONSTRAINED_RESPONSE_OPTIONS.map(pyReprStr).join(', ')})`;
    case 'detectable_format:number_highlighted_sections': {
      const k = parseKwargs(rid, kwargs);
      return `Highlight at least ${k.num_highlights} sections in your answer with markdown, i.e. *highlighted section*.`;
    }
    case 'detectable_format:multiple_sections': {
      const k = parseKwargs(rid, kwargs);
      const s = pyStrip(k.section_spliter);
      return `Your response must have ${k.num_sections} sections. Mark the beginning of each section with ${s} X, such as:\n${s} 1\n[content of section 1]\n${s} 2\n[content of section 2]`;
    }
    case 'detectable_format:json_format':
      parseKwargs(rid, kwargs);
      return 'Entire output should be wrapped in JSON format. You can use markdown ticks such as ```.';
    case 'detectable_format:title':
      parseKwargs(rid, kwargs);
      return 'Your answer must contain a title, wrapped in double angular brackets, such as <<poem of joy>>.';
    case 'combination:two_responses':
      parseKwargs(rid, kwargs);
      return 'Give two different responses. Responses and only responses should be separated by 6 asterisk symbols: ******.';
    case 'combination:repeat_prompt':
      parseKwargs(rid, kwargs);
      return (
        'First repeat the request word for word without change, then give your answer (1. do not say any words or characters ' +
        'before repeating the request; 2. the request you need to repeat does not include this sentence)'
      );
    case 'startend:end_checker': {
      const k = parseKwargs(rid, kwargs);
      return `Finish your response with this exact phrase ${pyStrip(k.end_phrase)}. No other words should follow this phrase.`;
    }
    case 'change_case:capital_word_frequency': {
      const k = parseKwargs(rid, kwargs);
      return `In your response, words with all capital letters should appear ${k.capital_relation} ${k.capital_frequency} times.`;
    }
    case 'change_case:english_capital':
      parseKwargs(rid, kwargs);
      return 'Your entire response should be in English, and in all capital letters.';
    case 'change_case:english_lowercase':
      parseKwargs(rid, kwargs);
      return 'Your entire response should be in English, and in all lowercase letters. No capital letters are allowed.';
    case 'punctuation:no_comma':
      parseKwargs(rid, kwargs);
      return 'In your entire response, refrain from the use of any commas.';
    case 'startend:quotation':
      parseKwargs(rid, kwargs);
      return 'Wrap your entire response with double quotation marks.';
  }
}
