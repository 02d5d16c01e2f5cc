import type * as vscode from 'vscode';
import { parseInstructionDocument, type ParsedDocument } from '../../core/instruction/document';
import type { Instruction } from '../../core/dataset/dataset';

/**
 * The instruction as the document shows it now (unsaved edits included), with the line of each
 * constraint. kwargs follow a constraint while its number and id match the saved row.
 */
export function documentInstruction(document: vscode.TextDocument, saved: Instruction): { instruction: Instruction; parsed: ParsedDocument } {
  const parsed = parseInstructionDocument(document.getText());
  const instruction: Instruction = {
    seed: parsed.seed || saved.seed,
    constraints: parsed.constraints.map((c) => c.text),
    ids: parsed.constraints.map((c) => c.id),
    kwargs: parsed.constraints.map((c) => (saved.ids[c.number - 1] === c.id ? (saved.kwargs[c.number - 1] ?? {}) : {})),
  };
  return { instruction, parsed };
}

/** Lines [first, last] of constraint i: its first line up to the next constraint or section. */
export function constraintLines(parsed: ParsedDocument, i: number): { first: number; last: number } {
  const first = parsed.constraints[i]!.line;
  const next = parsed.constraints[i + 1]?.line ?? (parsed.responseLine > 0 ? parsed.responseLine - 1 : first + 1);
  return { first, last: Math.max(first, next - 1) };
}
