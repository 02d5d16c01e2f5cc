import type { IfevalId } from '../ifeval-ids';

export interface RuleContext {
  /** The row's seed question: needed for "repeat the request" (combination:repeat_prompt). */
  seed?: string;
}

/** One phrasing of one IFEval check, anchored at both ends so extra content means "no match". */
export interface Rule {
  name: string;
  id: IfevalId;
  /** Lower-case substrings, one of which the text must contain before the full pattern runs (most texts fail). */
  cue: readonly string[];
  pattern: RegExp;
  /** kwargs from the captures; undefined when the captured values cannot be expressed. */
  kwargs(m: RegExpExecArray, ctx: RuleContext): Record<string, unknown> | undefined;
}

// No `u` flag: the patterns use no Unicode classes, and non-unicode /i regexes run markedly faster.
export const rx = (source: string): RegExp => new RegExp(`^${source}$`, 'i');
