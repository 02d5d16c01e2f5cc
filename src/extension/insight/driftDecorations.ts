// Drift alarms on the q_T files wherever VS Code shows them (the Rounds tree's dataset items carry the file's
// resourceUri, so do the Explorer and editor tabs): a badge and a tooltip listing each alarm and its row count.
import * as vscode from 'vscode';
import { describeError } from '../../core/errors';
import { Disposable } from '../lifecycle';
import type { WorkspaceService } from '../workspace/workspaceService';
import type { InsightService } from './insightService';

export class DriftDecorations extends Disposable implements vscode.FileDecorationProvider {
  private readonly changed = this._register(new vscode.EventEmitter<vscode.Uri[]>());
  readonly onDidChangeFileDecorations = this.changed.event;

  constructor(
    private readonly service: WorkspaceService,
    private readonly insight: InsightService,
    private readonly log: vscode.OutputChannel,
  ) {
    super();
    this._register(
      insight.onDidChange((rels) => {
        const ws = service.workspace;
        if (ws) this.changed.fire(rels.map((rel) => vscode.Uri.file(ws.abs(rel))));
      }),
    );
    this._register(vscode.window.registerFileDecorationProvider(this));
  }

  async provideFileDecoration(uri: vscode.Uri): Promise<vscode.FileDecoration | undefined> {
    const ws = this.service.workspace;
    if (!ws || uri.scheme !== 'file') return undefined;
    const rel = ws.rounds().flatMap((r) => r.datasets).find((d) => ws.abs(d) === uri.fsPath);
    if (!rel) return undefined;
    try {
      const alarms = await this.insight.alarmsFor(rel);
      if (alarms.length === 0) return undefined;
      const tooltip = `Drift: ${alarms.map((a) => `${a.kind} — ${a.message}`).join('; ')}`;
      return new vscode.FileDecoration(alarms.length > 9 ? '!' : String(alarms.length), tooltip, new vscode.ThemeColor('problemsWarningIcon.foreground'));
    } catch (e) {
      this.log.appendLine(`[insight] no drift decoration for ${rel}: ${describeError(e)}`);
      return undefined;
    }
  }
}
