// Promotion candidates: `soft` constraints of a q_T dataset that the mapping rules express exactly as one
// IFEval check. Promoting one (SeifWorkspace.promote) is a journal decision; the Follower's reward for it then
// comes from the rule Judger, and export writes the id + kwargs (kwargs widened to IFEval's fields).
import type { Dataset, Instruction } from '../dataset/dataset';
import type { CurationState } from '../curation/state';
import { effectiveInstruction } from '../curation/effective';
import { isIdMapping, mapConstraint } from './map';

export interface PromotionCandidate {
  /** 0-based row of the dataset. */
  row: number;
  rowKey: string;
  /** 0-based constraint of the row. */
  index: number;
  constraint: string;
  id: string;
  kwargs: Record<string, unknown>;
  /** The mapping rule that decided. */
  rule: string;
}

/** The soft constraints of one instruction that map to an IFEval id (the row's seed lets repeat_prompt map). */
export function instructionCandidates(ins: Instruction): Omit<PromotionCandidate, 'row' | 'rowKey'>[] {
  const out: Omit<PromotionCandidate, 'row' | 'rowKey'>[] = [];
  ins.constraints.forEach((constraint, index) => {
    if ((ins.ids[index] ?? 'soft') !== 'soft') return;
    const m = mapConstraint(constraint, { seed: ins.seed });
    if (isIdMapping(m)) out.push({ index, constraint, id: m.id, kwargs: m.kwargs, rule: m.rule });
  });
  return out;
}

/** Every promotable constraint of a q_T dataset, edits and earlier promotions applied; rejected rows skipped. */
export function promotionCandidates(dataset: Dataset, state: CurationState): PromotionCandidate[] {
  if (dataset.kind !== 'instructions') return [];
  const out: PromotionCandidate[] = [];
  for (let row = 0; row < dataset.rows.length; row++) {
    const rowKey = dataset.rowKey(row);
    const st = state.get(rowKey);
    if (st.status === 'rejected' || dataset.invalidRows.has(row)) continue;
    for (const c of instructionCandidates(effectiveInstruction(dataset, row, st))) out.push({ row, rowKey, ...c });
  }
  return out;
}

/** "keywords:frequency {keyword: \"x\", frequency: 2, relation: \"at least\"}" — how a promotion is shown. */
export function describePromotion(id: string, kwargs: Record<string, unknown>): string {
  const args = Object.entries(kwargs).map(([k, v]) => `${k}: ${JSON.stringify(typeof v === 'bigint' ? Number(v) : v)}`);
  return args.length ? `${id} {${args.join(', ')}}` : id;
}
