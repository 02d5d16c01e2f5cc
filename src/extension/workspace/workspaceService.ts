import * as vscode from 'vscode';
import { SeifWorkspace, type LoadedDataset } from '../../core/workspace/workspace';
import { describeError } from '../../core/errors';
import type { JournalEntry } from '../../core/journal/entry';
import { ContextKeys } from '../ids';
import { Disposable } from '../lifecycle';

export interface WorkspaceChange {
  /** Dataset (relative path) whose decisions changed; undefined = everything reloaded. */
  dataset?: string;
  entries?: JournalEntry[];
}

/**
 * The open SEIF workspace of the editor: one SeifWorkspace (src/core) for the first folder, reloaded when
 * SEIF files or seif.json change on disk. Everything in the UI reads state from here.
 */
export class WorkspaceService extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<WorkspaceChange>());
  readonly onDidChange = this.changed.event;
  private readonly manifestDiagnostics = this._register(vscode.languages.createDiagnosticCollection('seif-manifest'));
  private current: SeifWorkspace | undefined;
  private opening: Promise<SeifWorkspace | undefined> | undefined;
  private reloadTimer: NodeJS.Timeout | undefined;

  constructor(private readonly log: vscode.OutputChannel) {
    super();
    const watcher = this._register(vscode.workspace.createFileSystemWatcher('**/{seif.json,*.parquet,q_T*.jsonl,seed.jsonl}'));
    const onFile = (uri: vscode.Uri) => {
      if (uri.path.includes('/.seif/') || uri.path.endsWith('.curated.parquet') || uri.path.endsWith('.curated.jsonl')) return;
      this.scheduleReload();
    };
    this._register(watcher.onDidCreate(onFile));
    this._register(watcher.onDidChange(onFile));
    this._register(watcher.onDidDelete(onFile));
    this._register(vscode.workspace.onDidChangeWorkspaceFolders(() => this.scheduleReload()));
    this._register({ dispose: () => this.reloadTimer && clearTimeout(this.reloadTimer) });
  }

  get workspace(): SeifWorkspace | undefined {
    return this.current;
  }

  /** Opens (or reopens) the first workspace folder as a SEIF workspace. */
  open(): Promise<SeifWorkspace | undefined> {
    this.opening = this.doOpen();
    return this.opening;
  }

  /**
   * The workspace, opening it on first use. While a reload is in flight this waits for it: a decision made
   * through the old instance would be missing from the new one if the new one read the journal first.
   */
  async ready(): Promise<SeifWorkspace | undefined> {
    if (this.opening) await this.opening.catch(() => undefined);
    return this.current ?? (await (this.opening ?? this.open()));
  }

  private async doOpen(): Promise<SeifWorkspace | undefined> {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder || folder.uri.scheme !== 'file') {
      this.current = undefined;
      await vscode.commands.executeCommand('setContext', ContextKeys.hasRounds, false);
      this.changed.fire({});
      return undefined;
    }
    // The same folder reloads in place: SeifWorkspace serialises reloads with decisions, so none is lost.
    const reuse = this.current?.root === folder.uri.fsPath;
    const ws = reuse ? this.current! : new SeifWorkspace(folder.uri.fsPath);
    const t0 = Date.now();
    try {
      await ws.open();
    } catch (e) {
      this.log.appendLine(`[workspace] cannot open ${folder.uri.fsPath}: ${describeError(e)}`);
      void vscode.window.showErrorMessage(`SEIF: cannot open the workspace: ${describeError(e)}`);
    }
    if (!reuse) this._register({ dispose: ws.onDidChange((e) => this.changed.fire(e)) });
    this.current = ws;
    this.showManifestProblems(ws);
    for (const p of ws.journalProblems) this.log.appendLine(`[journal] ${ws.journal.file} (line ${p.line}): ${p.message}`);
    if (ws.journalProblems.some((p) => p.torn)) {
      void vscode.window.showWarningMessage(`SEIF: the curation journal's last line was torn (an interrupted write) and was skipped. Every complete decision is kept.`);
    }
    await vscode.commands.executeCommand('setContext', ContextKeys.hasRounds, ws.rounds().length > 0);
    this.log.appendLine(`[workspace] opened ${folder.uri.fsPath}: ${ws.rounds().length} round(s) in ${Date.now() - t0} ms`);
    this.changed.fire({});
    return ws;
  }

  private showManifestProblems(ws: SeifWorkspace): void {
    this.manifestDiagnostics.clear();
    const err = ws.manifestError;
    if (!err) return;
    const uri = vscode.Uri.file(err.file!);
    const diagnostics = err.issues.map((i) => {
      const start = new vscode.Position(i.line - 1, i.column - 1);
      const d = new vscode.Diagnostic(new vscode.Range(start, start.translate(0, Math.max(1, i.length))), `${i.path ? `${i.path}: ` : ''}${i.message}`, vscode.DiagnosticSeverity.Error);
      d.source = 'SEIF manifest';
      return d;
    });
    this.manifestDiagnostics.set(uri, diagnostics);
    this.log.appendLine(`[manifest] ${err.toString()}`);
  }

  scheduleReload(delayMs = 300): void {
    if (this.reloadTimer) clearTimeout(this.reloadTimer);
    this.reloadTimer = setTimeout(() => void this.open(), delayMs);
  }

  async dataset(rel: string): Promise<LoadedDataset> {
    const ws = await this.ready();
    if (!ws) throw new Error('no SEIF workspace is open');
    return ws.dataset(rel);
  }
}
