// Which data files the checkers found: the CLI and the editor say so when verdicts are approximate.
import { langProfiles } from '../nlp/langdetect-profiles';
import { englishPunktModel } from '../nlp/punkt-params';

export interface CheckerDataStatus {
  /** Punkt English parameters (number_sentences, capital_word_frequency); null → approximate verdicts. */
  punkt: string | null;
  /** langdetect profiles folder; `langdetectExact` false → approximate language verdicts. */
  langdetect: string | null;
  langdetectExact: boolean;
}

export function checkerDataStatus(): CheckerDataStatus {
  const profiles = langProfiles();
  return { punkt: englishPunktModel().source, langdetect: profiles?.source ?? null, langdetectExact: profiles?.exact ?? false };
}
