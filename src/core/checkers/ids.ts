// The 25 instruction ids SEIF's instructions_registry registers, in registry order.
export const INSTRUCTION_IDS = [
  'keywords:existence',
  'keywords:frequency',
  'keywords:forbidden_words',
  'keywords:letter_frequency',
  'language:response_language',
  'length_constraints:number_sentences',
  'length_constraints:number_paragraphs',
  'length_constraints:number_words',
  'length_constraints:nth_paragraph_first_word',
  'detectable_content:number_placeholders',
  'detectable_content:postscript',
  'detectable_format:number_bullet_lists',
  'detectable_format:constrained_response',
  'detectable_format:number_highlighted_sections',
  'detectable_format:multiple_sections',
  'detectable_format:json_format',
  'detectable_format:title',
  'combination:two_responses',
  'combination:repeat_prompt',
  'startend:end_checker',
  'change_case:capital_word_frequency',
  'change_case:english_capital',
  'change_case:english_lowercase',
  'punctuation:no_comma',
  'startend:quotation',
] as const;

export type InstructionId = (typeof INSTRUCTION_IDS)[number];

const ID_SET: ReadonlySet<string> = new Set(INSTRUCTION_IDS);

/** True for an id the rule checkers handle (false e.g. for SEIF's `soft`, which goes to the LLM judge). */
export function isRuleId(id: string): id is InstructionId {
  return ID_SET.has(id);
}

/** IFEval's LANGUAGE_CODES: the codes response_language accepts, with the names its description uses. */
export const LANGUAGE_CODES: Readonly<Record<string, string>> = {
  en: 'English', es: 'Spanish', pt: 'Portuguese', ar: 'Arabic', hi: 'Hindi', fr: 'French', ru: 'Russian',
  de: 'German', ja: 'Japanese', it: 'Italian', bn: 'Bengali', uk: 'Ukrainian', th: 'Thai', ur: 'Urdu',
  ta: 'Tamil', te: 'Telugu', bg: 'Bulgarian', ko: 'Korean', pl: 'Polish', he: 'Hebrew', fa: 'Persian',
  vi: 'Vietnamese', ne: 'Nepali', sw: 'Swahili', kn: 'Kannada', mr: 'Marathi', gu: 'Gujarati', pa: 'Punjabi',
  ml: 'Malayalam', fi: 'Finnish',
};
