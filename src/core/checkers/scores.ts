// IFEval's four accuracies: prompt-level (all instructions of a prompt pass) and instruction-level
// (pooled passes / pooled instructions), strict and loose; plus a per-id breakdown.
export interface ScoredCase {
  instruction_id_list: readonly string[];
  strict: readonly boolean[];
  loose: readonly boolean[];
}

export interface IdScore {
  count: number;
  strict: number;
  loose: number;
}

export interface IfevalScores {
  prompts: number;
  instructions: number;
  promptStrict: number;
  promptLoose: number;
  instructionStrict: number;
  instructionLoose: number;
  /** Accuracy per instruction id (strict, loose as fractions), in first-seen order. */
  perId: Record<string, IdScore>;
}

export function ifevalScores(cases: readonly ScoredCase[]): IfevalScores {
  let promptStrict = 0;
  let promptLoose = 0;
  let instructions = 0;
  let instructionStrict = 0;
  let instructionLoose = 0;
  const tally = new Map<string, { count: number; strict: number; loose: number }>();
  for (const c of cases) {
    if (c.strict.every(Boolean)) promptStrict++;
    if (c.loose.every(Boolean)) promptLoose++;
    c.instruction_id_list.forEach((id, i) => {
      const t = tally.get(id) ?? { count: 0, strict: 0, loose: 0 };
      t.count++;
      instructions++;
      if (c.strict[i]) {
        t.strict++;
        instructionStrict++;
      }
      if (c.loose[i]) {
        t.loose++;
        instructionLoose++;
      }
      tally.set(id, t);
    });
  }
  const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);
  const perId: Record<string, IdScore> = {};
  for (const [id, t] of tally) perId[id] = { count: t.count, strict: ratio(t.strict, t.count), loose: ratio(t.loose, t.count) };
  return {
    prompts: cases.length,
    instructions,
    promptStrict: ratio(promptStrict, cases.length),
    promptLoose: ratio(promptLoose, cases.length),
    instructionStrict: ratio(instructionStrict, instructions),
    instructionLoose: ratio(instructionLoose, instructions),
    perId,
  };
}
