import type { Dataset, Instruction } from '../dataset/dataset';
import { instructionOf } from '../dataset/dataset';
import { buildPrompt } from '../dataset/rows';
import type { RowState } from './state';

/** The instruction of row i with the journal's edits and promotions applied. */
export function effectiveInstruction(dataset: Dataset, i: number, state: RowState): Instruction {
  const base = instructionOf(dataset.kind, dataset.rows[i]!);
  const edited = state.edited;
  const out: Instruction = edited
    ? { seed: base.seed, constraints: [...edited.constraints], ids: [...edited.ids], kwargs: edited.kwargs.map((k) => ({ ...k })) }
    : { seed: base.seed, constraints: [...base.constraints], ids: [...base.ids], kwargs: base.kwargs.map((k) => ({ ...k })) };
  for (const [index, p] of state.promoted) {
    if (index < out.ids.length) {
      out.ids[index] = p.id;
      out.kwargs[index] = { ...p.kwargs };
    }
  }
  return out;
}

/** Row i as it will be exported: source columns kept, constraint columns and prompt rebuilt as SEIF does. */
export function effectiveRow(dataset: Dataset, i: number, state: RowState): Record<string, unknown> {
  const row = dataset.rows[i]!;
  if (dataset.kind !== 'instructions') return row;
  if (!state.edited && state.promoted.size === 0) return row;
  const ins = effectiveInstruction(dataset, i, state);
  return {
    ...row,
    constraint: ins.constraints,
    instruction_id_list: ins.ids,
    kwargs: ins.kwargs,
    prompt: buildPrompt(ins.seed, ins.constraints),
  };
}
