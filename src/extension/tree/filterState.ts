import type { RowStatus } from '../../core/curation/state';
import type { Instruction } from '../../core/dataset/dataset';

/** What the Rounds tree shows of each dataset: by status, text and constraint count. */
export interface InstructionFilter {
  status?: RowStatus;
  text?: string;
  constraintCount?: number;
  /** Only these rows (0-based) of these datasets, e.g. the rows behind a drift alarm; `label` names them. */
  rows?: { label: string; byDataset: Record<string, number[]> };
}

export function isActive(f: InstructionFilter): boolean {
  return f.status !== undefined || !!f.text || f.constraintCount !== undefined || f.rows !== undefined;
}

export function describeFilter(f: InstructionFilter): string {
  const parts: string[] = [];
  if (f.status) parts.push(f.status);
  if (f.text) parts.push(`“${f.text}”`);
  if (f.constraintCount !== undefined) parts.push(`${f.constraintCount} constraints`);
  if (f.rows) parts.push(f.rows.label);
  return parts.join(' · ');
}

export function matches(f: InstructionFilter, status: RowStatus, ins: Instruction): boolean {
  if (f.status && status !== f.status) return false;
  if (f.constraintCount !== undefined && ins.constraints.length !== f.constraintCount) return false;
  if (f.text) {
    const needle = f.text.toLowerCase();
    if (!ins.seed.toLowerCase().includes(needle) && !ins.constraints.some((c) => c.toLowerCase().includes(needle))) return false;
  }
  return true;
}
