// "Ask LLM" on a soft constraint of an instruction document: the judge endpoint's mapping shown next to the
// rules' mapping in a quick pick, agreement marked, and either one promoted from there (a journal decision).
import * as vscode from 'vscode';
import { describeError } from '../../core/errors';
import { describePromotion, isIdMapping, mapConstraint, mapConstraintWithOpinion, type MappingResult, type OpinionatedMapping } from '../../core/insight';
import { isCancelled } from '../../core/llm';
import { llmMappingOpinion } from '../../core/roles';
import type { InstructionFileSystem } from '../documents/instructionFs';
import type { RoleClients } from '../roles/roleClients';
import type { PromoteArg } from './promote';

export interface AskLlmArg {
  rel: string;
  /** Row of the dataset. */
  index: number;
  /** Constraint of the row (0-based). */
  constraint: number;
}

/** How rules and LLM compare: both name the same check (or category), different ones, or only the LLM a check. */
export type Agreement = 'agree' | 'disagree' | 'llm-only' | 'no-check';

export interface AskLlmResult {
  text: string;
  rules: MappingResult;
  llm: MappingResult;
  agreement: Agreement;
  /** Why the LLM's answer was not usable (failed call, unknown id, invalid kwargs). */
  problem?: string;
  /** The quick pick as shown: its title and items. */
  title: string;
  items: { label: string; description?: string; detail?: string }[];
  /** What was promoted from the pick, if anything. */
  promoted?: { by: 'rules' | 'llm'; id: string; kwargs: Record<string, unknown> };
}

interface Item extends vscode.QuickPickItem {
  promote?: { by: 'rules' | 'llm'; id: string; kwargs: Record<string, unknown> };
}

/** `rules`: the rules' own mapping (mapConstraint); `o`: the outcome with the LLM's opinion. */
export function agreementOf(rules: MappingResult, o: OpinionatedMapping): Agreement {
  if (isIdMapping(rules) && isIdMapping(o.opinion)) return o.agrees ? 'agree' : 'disagree';
  if (isIdMapping(rules)) return 'disagree';
  if (isIdMapping(o.opinion)) return 'llm-only';
  if (rules && o.opinion && rules.category === o.opinion.category) return 'agree';
  return 'no-check';
}

function describe(m: MappingResult): string {
  if (isIdMapping(m)) return describePromotion(m.id, m.kwargs);
  return m ? `no IFEval check (soft category "${m.category}")` : 'not a constraint';
}

const TITLES: Record<Agreement, string> = {
  agree: '$(check) rules and LLM agree',
  disagree: '$(warning) rules and LLM disagree',
  'llm-only': '$(info) only the LLM names a check',
  'no-check': 'neither names an IFEval check',
};

/** The quick pick: rules first, then the LLM, then "keep it soft"; the agreed or only proposal is active. */
export function opinionItems(rules: MappingResult, o: OpinionatedMapping, constraintNumber: number): { title: string; items: Item[]; active: Item } {
  const agreement = agreementOf(rules, o);
  const mark = agreement === 'agree' ? '$(check) agrees' : agreement === 'disagree' ? '$(warning) disagrees' : undefined;
  const rulesItem: Item = {
    label: `$(law) Rules: ${describe(rules)}`,
    ...(mark ? { description: mark } : {}),
    ...(isIdMapping(rules) ? { detail: `Promote to this (rule ${rules.rule})`, promote: { by: 'rules' as const, id: rules.id, kwargs: rules.kwargs } } : {}),
  };
  const llmItem: Item = {
    label: `$(sparkle) LLM: ${o.problem && !o.opinion ? 'no usable answer' : describe(o.opinion)}`,
    ...(mark ? { description: mark } : {}),
    ...(o.problem ? { detail: o.problem } : isIdMapping(o.opinion) ? { detail: 'Promote to this (the LLM\'s proposal, validated like a rule\'s)' } : {}),
    ...(isIdMapping(o.opinion) ? { promote: { by: 'llm' as const, id: o.opinion.id, kwargs: o.opinion.kwargs } } : {}),
  };
  const keep: Item = { label: '$(circle-slash) Keep it soft', detail: 'Promote nothing (the LLM Judger judges it)' };
  const active = agreement === 'llm-only' ? llmItem : rulesItem.promote ? rulesItem : keep;
  return { title: `Constraint ${constraintNumber}: ${TITLES[agreement]}`, items: [rulesItem, llmItem, keep], active };
}

function pick(title: string, items: Item[], active: Item): Promise<Item | undefined> {
  return new Promise((resolve) => {
    const qp = vscode.window.createQuickPick<Item>();
    qp.title = `SEIF: ${title}`;
    qp.placeholder = 'Enter promotes the selected mapping; Esc keeps the constraint soft';
    qp.items = items;
    qp.activeItems = [active];
    qp.matchOnDetail = true;
    let chosen: Item | undefined;
    qp.onDidAccept(() => {
      chosen = qp.selectedItems[0] ?? qp.activeItems[0];
      qp.hide();
    });
    qp.onDidHide(() => {
      qp.dispose();
      resolve(chosen);
    });
    qp.show();
  });
}

export interface AskLlmDeps {
  documents: InstructionFileSystem;
  clients(): RoleClients | undefined;
  promote(arg: PromoteArg, source: string): Promise<boolean>;
}

/** Asks the judge endpoint, shows both mappings, promotes what is picked; undefined when nothing could be asked. */
export async function askLlmMapping(deps: AskLlmDeps, arg: AskLlmArg): Promise<AskLlmResult | undefined> {
  const clients = deps.clients();
  if (!clients?.configured('judge')) {
    void vscode.window.showInformationMessage('SEIF: set "seif.roles.judge.baseUrl" (or "seif.localModel.path") to ask an LLM for a constraint\'s IFEval mapping.');
    return undefined;
  }
  try {
    const { instruction } = await deps.documents.resolve({ rel: arg.rel, index: arg.index });
    const text = instruction.constraints[arg.constraint];
    if (text === undefined || (instruction.ids[arg.constraint] ?? 'soft') !== 'soft') throw new Error(`constraint ${arg.constraint + 1} is not a soft constraint of row ${arg.index}`);
    const opinion = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'SEIF: asking the judge endpoint for an IFEval mapping…', cancellable: true }, async (_p, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      const client = await clients.client('judge');
      await client.ensureHealthy(abort.signal);
      return mapConstraintWithOpinion(text, llmMappingOpinion(client, abort.signal), { seed: instruction.seed });
    });
    const rules = mapConstraint(text, { seed: instruction.seed });
    const { title, items, active } = opinionItems(rules, opinion, arg.constraint + 1);
    const chosen = await pick(title, items, active);
    const result: AskLlmResult = {
      text,
      rules,
      llm: opinion.opinion,
      agreement: agreementOf(rules, opinion),
      ...(opinion.problem ? { problem: opinion.problem } : {}),
      title,
      items: items.map(({ label, description, detail }) => ({ label, ...(description ? { description } : {}), ...(detail ? { detail } : {}) })),
    };
    if (chosen?.promote && (await deps.promote({ ...arg, id: chosen.promote.id, kwargs: chosen.promote.kwargs }, chosen.promote.by === 'llm' ? 'llm-mapping' : 'editor'))) {
      result.promoted = chosen.promote;
    }
    return result;
  } catch (e) {
    if (!isCancelled(e)) void vscode.window.showErrorMessage(`SEIF: Ask LLM failed: ${describeError(e)}`);
    return undefined;
  }
}
