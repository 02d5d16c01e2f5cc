import { IFEVAL_IDS, type IfevalId } from './ifeval-ids';

/**
 * IFEval's INSTRUCTION_CONFLICTS as SEIF declares it (pipeline doc §5.6), symmetrised: if A lists B,
 * B conflicts with A. Self-conflicts (the same id twice) are part of the table.
 */
const ALL = new Set<IfevalId>(IFEVAL_IDS);
const allExcept = (...keep: IfevalId[]) => [...ALL].filter((id) => !keep.includes(id));

const DECLARED: Partial<Record<IfevalId, IfevalId[]>> = {
  'language:response_language': [
    'detectable_format:multiple_sections',
    'keywords:existence',
    'keywords:frequency',
    'keywords:forbidden_words',
    'startend:end_checker',
    'change_case:english_capital',
    'change_case:english_lowercase',
  ],
  'length_constraints:number_paragraphs': ['length_constraints:nth_paragraph_first_word', 'length_constraints:number_sentences'],
  'length_constraints:nth_paragraph_first_word': ['length_constraints:number_paragraphs'],
  'detectable_format:constrained_response': [...ALL],
  'detectable_format:multiple_sections': ['language:response_language', 'detectable_format:number_highlighted_sections'],
  'detectable_format:json_format': allExcept('keywords:existence', 'keywords:forbidden_words'),
  'combination:two_responses': allExcept('keywords:existence', 'keywords:forbidden_words', 'language:response_language', 'detectable_format:title', 'punctuation:no_comma'),
  'combination:repeat_prompt': allExcept('keywords:existence', 'detectable_format:title', 'punctuation:no_comma'),
  'change_case:capital_word_frequency': ['change_case:english_lowercase', 'change_case:english_capital'],
  'change_case:english_lowercase': ['change_case:english_capital'],
  'startend:quotation': ['detectable_format:title'],
};

const TABLE: Map<IfevalId, Set<IfevalId>> = (() => {
  const table = new Map<IfevalId, Set<IfevalId>>();
  for (const id of IFEVAL_IDS) table.set(id, new Set([id]));
  for (const [a, list] of Object.entries(DECLARED) as [IfevalId, IfevalId[]][]) {
    for (const b of list) {
      table.get(a)!.add(b);
      table.get(b)!.add(a);
    }
  }
  return table;
})();

export function ifevalConflict(a: IfevalId, b: IfevalId): boolean {
  return TABLE.get(a)!.has(b);
}

export function conflictsOf(id: IfevalId): IfevalId[] {
  return [...TABLE.get(id)!];
}
