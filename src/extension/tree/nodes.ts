import type { RoundView } from '../../core/workspace/workspace';
import type { DatasetProblem } from '../../core/dataset/dataset';

/** The Rounds tree's nodes: plain data; RoundsTreeProvider turns them into TreeItems. */
export type RoundsNode = RoundNode | GroupNode | DatasetNode | InstructionNode | MoreNode | ProblemNode;

export interface RoundNode {
  kind: 'round';
  round: RoundView;
  /** More than one model family in the workspace: show it in the label. */
  showFamily: boolean;
}

export interface GroupNode {
  kind: 'group';
  label: string;
  datasets: string[];
}

export interface DatasetNode {
  kind: 'dataset';
  rel: string;
}

export interface InstructionNode {
  kind: 'instruction';
  rel: string;
  index: number;
  rowKey: string;
}

export interface MoreNode {
  kind: 'more';
  rel: string;
  remaining: number;
}

export interface ProblemNode {
  kind: 'problem';
  problem: DatasetProblem | { message: string; file?: string; place?: string; severity: 'error' | 'warning' };
  line?: number;
  column?: number;
}
