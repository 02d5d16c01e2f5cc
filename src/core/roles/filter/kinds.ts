import type { Instruction } from '../../dataset/dataset';
import { guessIfevalId, requestedLanguage } from './guess-kind';
import { isIfevalId, type IfevalId } from './ifeval-ids';
import { boundsFromKwargs, boundsFromText, type NumericBound } from './numeric';

/** What the rules know about one constraint: its IFEval type (given, or guessed from wording) and numbers. */
export interface ConstraintKind {
  index: number;
  text: string;
  id?: IfevalId;
  /** True when the id comes from instruction_id_list; false when guessed from a `soft` constraint's text. */
  certain: boolean;
  /** Lower-case English language name or ISO code the answer must be written in. */
  language?: string;
  kwargs: Record<string, unknown>;
  bounds: NumericBound[];
}

export function constraintKinds(instruction: Instruction): ConstraintKind[] {
  return instruction.constraints.map((text, index) => {
    const given = instruction.ids[index] ?? 'soft';
    const kwargs = instruction.kwargs[index] ?? {};
    if (isIfevalId(given)) {
      const language = given === 'language:response_language' && typeof kwargs.language === 'string' ? kwargs.language.toLowerCase() : undefined;
      return { index, text, id: given, certain: true, language, kwargs, bounds: boundsFromKwargs(given, kwargs) };
    }
    const id = guessIfevalId(text);
    // "Highlight exactly 2 words" counts keywords, not the response length: word bounds only from length wording.
    const bounds = boundsFromText(text).filter((b) => b.quantity !== 'words' || id === 'length_constraints:number_words');
    return { index, text, id, certain: false, language: requestedLanguage(text), kwargs: {}, bounds };
  });
}

export function isEnglish(language: string | undefined): boolean {
  return language === undefined || language === 'en' || language === 'english';
}
