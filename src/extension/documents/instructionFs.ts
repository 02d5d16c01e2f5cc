import * as vscode from 'vscode';
import path from 'node:path';
import { effectiveInstruction } from '../../core/curation/effective';
import { instructionOf, type Instruction } from '../../core/dataset/dataset';
import { ResponseStore } from '../../core/curation/responses';
import { constraintSetFromDocument, parseInstructionDocument, renderInstructionDocument } from '../../core/instruction/document';
import { describeError } from '../../core/errors';
import { describeInstruction, isRuleId } from '../../core/checkers/index';
import { Disposable } from '../lifecycle';
import type { WorkspaceService } from '../workspace/workspaceService';
import { instructionUri, parseInstructionUri, type InstructionRef } from './instructionUri';

/**
 * Instruction documents as a virtual file system: reading renders seed + constraints + response;
 * saving records the edited constraints in the journal and the response in .seif/responses.jsonl.
 */
export class InstructionFileSystem extends Disposable implements vscode.FileSystemProvider {
  private readonly emitter = this._register(new vscode.EventEmitter<vscode.FileChangeEvent[]>());
  readonly onDidChangeFile = this.emitter.event;
  private readonly mtimes = new Map<string, number>();
  private responses: ResponseStore | undefined;

  constructor(private readonly service: WorkspaceService) {
    super();
    this._register(
      service.onDidChange((e) => {
        if (!e.dataset) {
          this.responses = undefined;
          return;
        }
        const changed = new Set((e.entries ?? []).map((x) => x.rowKey));
        void this.touchRows(e.dataset, changed);
      }),
    );
  }

  private async touchRows(rel: string, rowKeys: Set<string>): Promise<void> {
    const { dataset } = await this.service.dataset(rel);
    const events: vscode.FileChangeEvent[] = [];
    for (const key of rowKeys) {
      const index = dataset.indexOfKey(key);
      if (index === undefined) continue;
      const uri = instructionUri({ rel, index });
      this.mtimes.set(uri.toString(), Date.now());
      events.push({ type: vscode.FileChangeType.Changed, uri });
    }
    if (events.length) this.emitter.fire(events);
  }

  store(): ResponseStore {
    const ws = this.service.workspace;
    if (!ws) throw vscode.FileSystemError.Unavailable('no SEIF workspace is open');
    this.responses ??= ResponseStore.forWorkspace(ws.root);
    return this.responses;
  }

  /** The instruction (journal applied) behind a document, plus its row key and saved response. */
  async resolve(ref: InstructionRef): Promise<{ instruction: Instruction; rowKey: string; response: string; status: string; total: number }> {
    const { dataset, state } = await this.service.dataset(ref.rel);
    if (ref.index >= dataset.rows.length) throw vscode.FileSystemError.FileNotFound(`row ${ref.index} of ${ref.rel} does not exist (${dataset.rows.length} rows)`);
    const rowKey = dataset.rowKey(ref.index);
    const st = state.get(rowKey);
    const instruction = dataset.kind === 'instructions' ? effectiveInstruction(dataset, ref.index, st) : instructionOf(dataset.kind, dataset.rows[ref.index]!);
    // IFEval rows carry ids, not text: show IFEval's own description of each instruction.
    if (dataset.kind === 'ifeval') instruction.constraints = instruction.ids.map((id, i) => describeOrId(id, instruction.kwargs[i]));
    const response = (await this.store().get(ref.rel, rowKey)) ?? '';
    return { instruction, rowKey, response, status: st.status, total: dataset.rows.length };
  }

  async render(uri: vscode.Uri): Promise<string> {
    const ref = this.ref(uri);
    const r = await this.resolve(ref);
    const ws = this.service.workspace!;
    const round = ws.rounds().find((x) => x.datasets.includes(ref.rel));
    const title = `SEIF instruction · ${round ? `${round.family} round ${round.t} · ` : ''}${path.basename(ref.rel)} · row ${ref.index} of ${r.total}`;
    return renderInstructionDocument({ title, status: r.status }, r.instruction, r.response);
  }

  private ref(uri: vscode.Uri): InstructionRef {
    const ref = parseInstructionUri(uri);
    if (!ref) throw vscode.FileSystemError.FileNotFound(uri);
    return ref;
  }

  // ---- FileSystemProvider -------------------------------------------------------------------
  watch(): vscode.Disposable {
    return new vscode.Disposable(() => {});
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const text = await this.render(uri);
    const mtime = this.mtimes.get(uri.toString()) ?? 1;
    return { type: vscode.FileType.File, ctime: 1, mtime, size: Buffer.byteLength(text) };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    return new TextEncoder().encode(await this.render(uri));
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    const ref = this.ref(uri);
    const ws = await this.service.ready();
    if (!ws) throw vscode.FileSystemError.Unavailable('no SEIF workspace is open');
    const current = await this.resolve(ref);
    const parsed = parseInstructionDocument(new TextDecoder().decode(content));
    if (parsed.errors.length) throw new vscode.FileSystemError(`line ${parsed.errors[0]!.line + 1}: ${parsed.errors[0]!.message}`);
    if (parsed.seed.trim() !== current.instruction.seed.trim()) {
      throw new vscode.FileSystemError("the seed question is the row's identity and is not edited here; edit the constraints");
    }
    const { dataset } = await ws.dataset(ref.rel);
    if (dataset.kind === 'instructions') {
      const { set, errors } = constraintSetFromDocument(parsed, current.instruction);
      if (errors.length) throw new vscode.FileSystemError(`line ${errors[0]!.line + 1}: ${errors[0]!.message}`);
      const before = { constraints: current.instruction.constraints, ids: current.instruction.ids, kwargs: current.instruction.kwargs };
      try {
        await ws.edit(ref.rel, current.rowKey, before, set, 'editor');
      } catch (e) {
        throw new vscode.FileSystemError(`could not record the edit: ${describeError(e)}`);
      }
    }
    if (parsed.response !== current.response) {
      await this.store().set([{ dataset: ref.rel, rowKey: current.rowKey, response: parsed.response, source: 'editor' }]);
    }
    this.mtimes.set(uri.toString(), Date.now());
    this.emitter.fire([{ type: vscode.FileChangeType.Changed, uri }]);
  }

  /** Sets the response of a row (e.g. sampled from the Follower) and refreshes its document. */
  async setResponse(ref: InstructionRef, response: string, source: string): Promise<void> {
    const r = await this.resolve(ref);
    await this.store().set([{ dataset: ref.rel, rowKey: r.rowKey, response, source }]);
    const uri = instructionUri(ref);
    this.mtimes.set(uri.toString(), Date.now());
    this.emitter.fire([{ type: vscode.FileChangeType.Changed, uri }]);
  }

  readDirectory(): [string, vscode.FileType][] {
    return [];
  }
  createDirectory(): void {
    throw vscode.FileSystemError.NoPermissions('instruction documents have no folders');
  }
  delete(): void {
    throw vscode.FileSystemError.NoPermissions('reject an instruction instead of deleting it');
  }
  rename(): void {
    throw vscode.FileSystemError.NoPermissions('instruction documents cannot be renamed');
  }
}

function describeOrId(id: string, kwargs: unknown): string {
  if (!isRuleId(id)) return id;
  try {
    return describeInstruction(id, kwargs ?? {});
  } catch (e) {
    return `${id} (${describeError(e)})`;
  }
}
