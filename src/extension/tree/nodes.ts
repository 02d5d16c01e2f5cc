import type { RoundView } from '../../core/workspace/workspace';
import type { DatasetProblem } from '../../core/dataset/dataset';

/** The Rounds tree's nodes: plain data; RoundsTreeProvider turns them into TreeItems. */
export type RoundsNode = RoundNode | GroupNode | DatasetNode | InstructionNode | MoreNode | ProblemNode | ContributedNode;

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

/** A child of a round given by a feature (RoundsTreeContribution), e.g. a drift alarm with the rows behind it. */
export interface ContributedNode {
  kind: 'contributed';
  /** Unique in the tree, e.g. "drift:<rel>:no-constraint". */
  id: string;
  label: string;
  description?: string;
  tooltip?: string;
  /** A codicon id; `severity` colours it as a problem. */
  icon?: string;
  severity?: 'error' | 'warning';
  contextValue?: string;
  /** Run when the node is selected; the node itself is the argument. */
  command?: string;
}
