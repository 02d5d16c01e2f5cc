// Promoting a mapped soft constraint to its IFEval id + kwargs: a lens and a Quick Fix on the constraint's
// line of an instruction document, and a bulk command for a whole dataset (after a confirm). Each promotion
// is a journal decision (SeifWorkspace.promote); the document re-renders with the new id. With a judge
// endpoint configured, every soft line also gets "Ask LLM" (askLlmMapping.ts): the LLM's mapping next to the rules'.
import * as vscode from 'vscode';
import { describeError } from '../../core/errors';
import { parseInstructionDocument } from '../../core/instruction/document';
import { describePromotion, instructionCandidates, promotionCandidates } from '../../core/insight';
import type { InstructionFileSystem } from '../documents/instructionFs';
import { parseInstructionUri, type InstructionRef } from '../documents/instructionUri';
import type { InstructionLensContributor } from '../documents/lenses';
import { Commands, INSTRUCTION_SCHEME } from '../ids';
import { Disposable } from '../lifecycle';
import type { WorkspaceService } from '../workspace/workspaceService';
import type { Instruction } from '../../core/dataset/dataset';
import type { RoleClients } from '../roles/roleClients';
import { askLlmMapping, type AskLlmArg } from './askLlmMapping';

export interface PromoteArg {
  rel: string;
  /** Row of the dataset. */
  index: number;
  /** Constraint of the row (0-based). */
  constraint: number;
  id: string;
  kwargs: Record<string, unknown>;
}

interface LineCandidate extends PromoteArg {
  line: number;
  title: string;
}

/** A saved soft constraint shown unchanged on a line of the document. */
interface SoftLine {
  constraint: number;
  line: number;
}

export class Promotions extends Disposable implements InstructionLensContributor, vscode.CodeActionProvider {
  static readonly kind = vscode.CodeActionKind.QuickFix.append('seif.promote');

  constructor(
    private readonly service: WorkspaceService,
    private readonly documents: InstructionFileSystem,
    /** The LLM role clients (registered by the roles feature), for "Ask LLM". */
    private readonly clients: () => RoleClients | undefined = () => undefined,
  ) {
    super();
    this._register(vscode.languages.registerCodeActionsProvider({ scheme: INSTRUCTION_SCHEME }, this, { providedCodeActionKinds: [Promotions.kind] }));
    this._register(vscode.commands.registerCommand(Commands.promoteConstraint, (arg: PromoteArg) => this.promote(arg)));
    this._register(vscode.commands.registerCommand(Commands.askMappingOpinion, (arg: AskLlmArg) => askLlmMapping({ documents, clients, promote: (a, source) => this.promote(a, source) }, arg)));
    this._register(vscode.commands.registerCommand(Commands.promoteDataset, (arg?: { rel?: string }, options?: { confirmed?: boolean }) => this.promoteDataset(arg, options)));
  }

  /**
   * The promotable constraints of a document, on their lines: saved soft constraints whose text is unchanged
   * in the editor (an unsaved edit is promoted after it is saved) and that the mapping rules express exactly.
   */
  private async candidates(document: vscode.TextDocument, ref: InstructionRef): Promise<LineCandidate[]> {
    const { saved, lines } = await this.softLines(document, ref);
    const out: LineCandidate[] = [];
    for (const c of saved ? instructionCandidates(saved) : []) {
      const shown = lines.find((l) => l.constraint === c.index);
      if (shown) out.push({ rel: ref.rel, index: ref.index, constraint: c.index, id: c.id, kwargs: c.kwargs, line: shown.line, title: `Promote to ${describePromotion(c.id, c.kwargs)}` });
    }
    return out;
  }

  /** Saved soft constraints whose text is unchanged in the editor, with their lines. */
  private async softLines(document: vscode.TextDocument, ref: InstructionRef): Promise<{ saved?: Instruction; lines: SoftLine[] }> {
    const { dataset } = await this.service.dataset(ref.rel);
    if (dataset.kind !== 'instructions') return { lines: [] };
    const saved = (await this.documents.resolve(ref)).instruction;
    const parsed = parseInstructionDocument(document.getText());
    const lines: SoftLine[] = [];
    saved.constraints.forEach((text, constraint) => {
      if ((saved.ids[constraint] ?? 'soft') !== 'soft') return;
      const shown = parsed.constraints.find((p) => p.number === constraint + 1);
      if (shown && shown.id === 'soft' && shown.text.trim() === text.trim()) lines.push({ constraint, line: shown.line });
    });
    return { saved, lines };
  }

  async provideLenses(document: vscode.TextDocument, ref: InstructionRef): Promise<vscode.CodeLens[]> {
    const lenses = (await this.candidates(document, ref)).map(
      (c) => new vscode.CodeLens(new vscode.Range(c.line, 0, c.line, 0), { title: `$(arrow-up) ${c.title}`, command: Commands.promoteConstraint, arguments: [strip(c)], tooltip: 'Make this constraint rule-checkable: record its IFEval id and kwargs in the journal' }),
    );
    if (this.clients()?.configured('judge')) {
      for (const { constraint, line } of (await this.softLines(document, ref)).lines) {
        const arg: AskLlmArg = { rel: ref.rel, index: ref.index, constraint };
        lenses.push(new vscode.CodeLens(new vscode.Range(line, 0, line, 0), { title: '$(sparkle) Ask LLM', command: Commands.askMappingOpinion, arguments: [arg], tooltip: "Ask the judge endpoint which IFEval check expresses this constraint, next to the rules' answer" }));
      }
    }
    return lenses;
  }

  async provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection): Promise<vscode.CodeAction[]> {
    const ref = parseInstructionUri(document.uri);
    if (!ref) return [];
    try {
      return (await this.candidates(document, ref))
        .filter((c) => c.line >= range.start.line && c.line <= range.end.line)
        .map((c) => {
          const action = new vscode.CodeAction(c.title, Promotions.kind);
          action.command = { command: Commands.promoteConstraint, title: c.title, arguments: [strip(c)] };
          action.isPreferred = true;
          return action;
        });
    } catch {
      return [];
    }
  }

  /** Records the promotion in the journal; `source` says who proposed it ('editor': the rules, 'llm-mapping': the LLM). */
  async promote(arg: PromoteArg, source = 'editor'): Promise<boolean> {
    try {
      const ws = await this.service.ready();
      if (!ws) throw new Error('no SEIF workspace is open');
      const { dataset } = await ws.dataset(arg.rel);
      await ws.promote(arg.rel, dataset.rowKey(arg.index), arg.constraint, arg.id, arg.kwargs, source);
      return true;
    } catch (e) {
      void vscode.window.showErrorMessage(`SEIF: could not promote: ${describeError(e)}`);
      return false;
    }
  }

  /**
   * Promotes every mapped soft constraint of a dataset (rejected rows skipped) after a modal confirm;
   * `options.confirmed` skips the question (scripts). Returns how many constraints were promoted.
   */
  async promoteDataset(arg?: { rel?: string }, options: { confirmed?: boolean } = {}): Promise<number> {
    try {
      const ws = await this.service.ready();
      if (!ws) throw new Error('no SEIF workspace is open');
      let rel = arg?.rel;
      if (!rel) {
        const picked = await vscode.window.showQuickPick(ws.rounds().flatMap((r) => r.datasets), { title: 'SEIF: promote the mapped constraints of which dataset?' });
        if (!picked) return 0;
        rel = picked;
      }
      const { dataset, state } = await ws.dataset(rel);
      const candidates = promotionCandidates(dataset, state);
      const file = rel.split('/').pop();
      if (candidates.length === 0) {
        void vscode.window.showInformationMessage(`SEIF: no soft constraint of ${file} maps to an IFEval instruction.`);
        return 0;
      }
      const rows = new Set(candidates.map((c) => c.row)).size;
      const byId = new Map<string, number>();
      for (const c of candidates) byId.set(c.id, (byId.get(c.id) ?? 0) + 1);
      const detail = [...byId].sort((a, b) => b[1] - a[1]).map(([id, n]) => `${id}: ${n}`).join('\n');
      if (!options.confirmed) {
        const go = await vscode.window.showWarningMessage(`Promote ${candidates.length} soft constraints in ${rows} rows of ${file} to IFEval instructions?`, { modal: true, detail: `Each promotion is recorded in the journal (undo takes it back).\n\n${detail}` }, 'Promote');
        if (go !== 'Promote') return 0;
      }
      await ws.promoteAll(rel, candidates.map((c) => ({ rowKey: c.rowKey, index: c.index, id: c.id, kwargs: c.kwargs })), 'bulk-mapping');
      void vscode.window.showInformationMessage(`SEIF: promoted ${candidates.length} constraints in ${rows} rows of ${file}.`);
      return candidates.length;
    } catch (e) {
      void vscode.window.showErrorMessage(`SEIF: could not promote: ${describeError(e)}`);
      return 0;
    }
  }
}

function strip(c: LineCandidate): PromoteArg {
  return { rel: c.rel, index: c.index, constraint: c.constraint, id: c.id, kwargs: c.kwargs };
}
