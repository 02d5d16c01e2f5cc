/** Why the Filter flags an instruction or one of its constraints. */
export type FilterRule =
  | 'ifeval-conflict'
  | 'hard-template'
  | 'kwargs'
  | 'numeric-contradiction'
  | 'duplicate'
  | 'near-duplicate'
  | 'not-a-constraint'
  | 'category-name'
  | 'empty-constraint'
  | 'llm-conflict';

export type FilterSeverity = 'error' | 'warning' | 'info';

export interface FilterFinding {
  /** 0-based index of the offending constraint; null when the finding is about the whole instruction. */
  constraintIndex: number | null;
  rule: FilterRule;
  message: string;
  severity: FilterSeverity;
  /** Other constraints involved (0-based), e.g. the one this one conflicts with. */
  related?: number[];
}
