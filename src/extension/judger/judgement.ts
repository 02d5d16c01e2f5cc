import { checkInstruction, isRuleId } from '../../core/checkers/index';
import { describeError } from '../../core/errors';
import type { Instruction } from '../../core/dataset/dataset';

/** One constraint's verdict as the editor shows it. */
export interface ConstraintJudgement {
  index: number;
  id: string;
  /** 'rule' = IFEval checker; 'llm' = the LLM Judger; 'none' = not judged (why in `reason`). */
  by: 'rule' | 'llm' | 'none';
  strict?: boolean;
  loose?: boolean;
  reason: string;
  approximate?: boolean;
  error?: boolean;
}

/** Judges soft constraints (the LLM Judger plugs in here when an endpoint is configured). */
export type SoftJudge = (instruction: Instruction, response: string, indices: number[], signal: AbortSignal) => Promise<ConstraintJudgement[]>;

/** Rule constraints go to the IFEval checkers; soft ones to `soft` when given, else they are marked not judged. */
export async function judgeInstruction(instruction: Instruction, response: string, soft: SoftJudge | undefined, signal: AbortSignal): Promise<ConstraintJudgement[]> {
  const out: ConstraintJudgement[] = [];
  const softIndices: number[] = [];
  instruction.ids.forEach((id, index) => {
    if (!isRuleId(id)) {
      softIndices.push(index);
      return;
    }
    try {
      const v = checkInstruction(id, instruction.kwargs[index] ?? {}, response, instruction.seed);
      out.push({ index, id, by: 'rule', strict: v.strict, loose: v.loose, reason: v.reason, approximate: v.approximate });
    } catch (e) {
      out.push({ index, id, by: 'rule', reason: describeError(e), error: true });
    }
  });
  if (softIndices.length) {
    if (soft) out.push(...(await soft(instruction, response, softIndices, signal)));
    else for (const index of softIndices) out.push({ index, id: instruction.ids[index]!, by: 'none', reason: 'soft constraint: judged by the LLM Judger (configure the judge endpoint)' });
  }
  return out.sort((a, b) => a.index - b.index);
}

export function summarise(judgements: ConstraintJudgement[]): string {
  const judged = judgements.filter((j) => j.strict !== undefined);
  if (judged.length === 0) return 'Judger: nothing judged';
  const strict = judged.filter((j) => j.strict).length;
  const loose = judged.filter((j) => j.loose).length;
  const approx = judged.some((j) => j.approximate) ? ' (approximate)' : '';
  const skipped = judgements.length - judged.length;
  return `Judger ${strict}/${judged.length} strict · ${loose}/${judged.length} loose${approx}${skipped ? ` · ${skipped} not judged` : ''}`;
}
