import * as vscode from 'vscode';
import { INSTRUCTION_SCHEME } from '../ids';

/** `seif-instruction:/<dataset rel path>/row-<index>.seif-instruction` */
export interface InstructionRef {
  rel: string;
  index: number;
}

export function instructionUri(ref: InstructionRef): vscode.Uri {
  return vscode.Uri.from({ scheme: INSTRUCTION_SCHEME, path: `/${ref.rel}/row-${ref.index}.seif-instruction` });
}

export function parseInstructionUri(uri: vscode.Uri): InstructionRef | undefined {
  if (uri.scheme !== INSTRUCTION_SCHEME) return undefined;
  const m = /^\/(.+)\/row-(\d+)\.seif-instruction$/.exec(uri.path);
  return m ? { rel: m[1]!, index: Number(m[2]) } : undefined;
}
