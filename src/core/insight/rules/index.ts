// Every mapping rule, most specific first: the first rule that matches decides.
import { KEYWORD_RULES } from './keywords';
import { LAYOUT_RULES } from './layout';
import { LENGTH_RULES } from './length';
import type { Rule } from './rule';
import { STYLE_RULES } from './style';

export type { Rule, RuleContext } from './rule';

export const RULES: readonly Rule[] = [...STYLE_RULES, ...LAYOUT_RULES, ...KEYWORD_RULES, ...LENGTH_RULES];
