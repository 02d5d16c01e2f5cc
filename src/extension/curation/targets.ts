import * as vscode from 'vscode';
import type { InstructionNode, RoundsNode } from '../tree/nodes';
import { parseInstructionUri, type InstructionRef } from '../documents/instructionUri';

/**
 * Which instructions a command acts on: the tree's multi-selection, the clicked item, a lens argument,
 * or the active instruction document — in that order. `fromEditor` says whether to auto-advance.
 */
export function resolveTargets(arg: unknown, selected: unknown, treeSelection: readonly RoundsNode[]): { refs: InstructionRef[]; fromEditor: boolean } {
  const asRef = (x: unknown): InstructionRef | undefined => {
    if (!x || typeof x !== 'object') return undefined;
    const o = x as Partial<InstructionNode> & { rel?: unknown; index?: unknown };
    if ((o.kind === 'instruction' || o.kind === undefined) && typeof o.rel === 'string' && typeof o.index === 'number') return { rel: o.rel, index: o.index };
    if (x instanceof vscode.Uri) return parseInstructionUri(x);
    return undefined;
  };
  if (Array.isArray(selected) && selected.length > 1) {
    const refs = selected.map(asRef).filter((r): r is InstructionRef => !!r);
    if (refs.length) return { refs, fromEditor: false };
  }
  const direct = asRef(arg);
  if (direct) {
    const isTreeNode = (arg as { kind?: string }).kind === 'instruction';
    return { refs: [direct], fromEditor: !isTreeNode };
  }
  const editorRef = vscode.window.activeTextEditor && parseInstructionUri(vscode.window.activeTextEditor.document.uri);
  if (editorRef) return { refs: [editorRef], fromEditor: true };
  const refs = treeSelection.map(asRef).filter((r): r is InstructionRef => !!r);
  return { refs, fromEditor: false };
}
