// The insight dashboard: a webview (nonce CSP, resources only from media/) showing rounds side by side.
// Data goes over validated messages (protocol.ts); PNG and CSV exports are written by the extension.
import * as vscode from 'vscode';
import crypto from 'node:crypto';
import { chartCsv, roundCharts, type ChartSpec } from '../../core/insight';
import { describeError } from '../../core/errors';
import { Views } from '../ids';
import { Disposable } from '../lifecycle';
import type { RoundsTreeProvider } from '../tree/roundsTree';
import type { InsightService, RoundStatsEntry } from './insightService';
import { FromWebviewSchema, type ToWebview } from './protocol';

export const DASHBOARD_VIEW_TYPE = 'seif.insightDashboard';

export class DashboardPanel extends Disposable {
  private charts: ChartSpec[] = [];
  private entries: RoundStatsEntry[] = [];
  /** Messages the webview posted, validated; tests read it to exercise the protocol. */
  readonly received: unknown[] = [];

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly insight: InsightService,
    private readonly tree: RoundsTreeProvider,
    private readonly log: vscode.OutputChannel,
  ) {
    super();
    this._register(panel);
    this._register(panel.onDidDispose(() => this.dispose()));
    this._register(panel.webview.onDidReceiveMessage((m: unknown) => void this.onMessage(m)));
    // Stats arrive one dataset at a time; redraw once they settle rather than once per dataset.
    let timer: NodeJS.Timeout | undefined;
    this._register(insight.onDidChange(() => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => void this.refresh(), 500);
    }));
    this._register({ dispose: () => timer && clearTimeout(timer) });
  }

  static open(extensionUri: vscode.Uri, insight: InsightService, tree: RoundsTreeProvider, log: vscode.OutputChannel): DashboardPanel {
    const media = vscode.Uri.joinPath(extensionUri, 'media');
    const panel = vscode.window.createWebviewPanel(DASHBOARD_VIEW_TYPE, 'SEIF Round Insight', vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [media],
      retainContextWhenHidden: true,
    });
    panel.webview.html = dashboardHtml(panel.webview, media);
    return new DashboardPanel(panel, insight, tree, log);
  }

  private post(message: ToWebview): void {
    void this.panel.webview.postMessage(message);
  }

  async refresh(): Promise<void> {
    this.post({ type: 'loading', message: 'Computing round statistics…' });
    try {
      this.entries = await this.insight.roundStats();
      this.charts = roundCharts(this.entries);
      this.post({ type: 'charts', charts: this.charts, rounds: this.entries.map((e) => ({ label: e.label, rel: e.rel })) });
    } catch (e) {
      this.post({ type: 'error', message: describeError(e) });
    }
  }

  private async onMessage(raw: unknown): Promise<void> {
    const parsed = FromWebviewSchema.safeParse(raw);
    if (!parsed.success) {
      this.log.appendLine(`[insight] dashboard sent an invalid message: ${parsed.error.issues[0]?.message}`);
      return;
    }
    const m = parsed.data;
    this.received.push(m);
    try {
      switch (m.type) {
        case 'ready':
          return await this.refresh();
        case 'exportCsv':
          return await this.save(m.chartId, 'csv', Buffer.from(chartCsv(this.chart(m.chartId)), 'utf8'));
        case 'exportPng':
          this.chart(m.chartId);
          return await this.save(m.chartId, 'png', Buffer.from(m.dataUrl.slice('data:image/png;base64,'.length), 'base64'));
        case 'openRound':
          return await this.openRound(m.chartId, m.roundIndex, m.series);
      }
    } catch (e) {
      void vscode.window.showErrorMessage(`SEIF dashboard: ${describeError(e)}`);
    }
  }

  private chart(id: string): ChartSpec {
    const c = this.charts.find((x) => x.id === id);
    if (!c) throw new Error(`no chart "${id}" on the dashboard`);
    return c;
  }

  private async save(chartId: string, ext: 'csv' | 'png', bytes: Buffer): Promise<void> {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, `seif-${chartId}.${ext}`) } : {}),
      filters: ext === 'csv' ? { CSV: ['csv'] } : { PNG: ['png'] },
    });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, bytes);
    this.log.appendLine(`[insight] exported ${chartId} to ${target.fsPath}`);
  }

  /** A bar names a round (and a series): show that round's instructions in the Rounds tree. */
  private async openRound(chartId: string, roundIndex: number, series: string): Promise<void> {
    const entry = this.entries[roundIndex];
    if (!entry) throw new Error(`no round #${roundIndex} on the dashboard`);
    const count = chartId === 'constraints-histogram' ? Number.parseInt(series, 10) : NaN;
    await this.tree.setFilter(Number.isFinite(count) ? { constraintCount: count } : {});
    await vscode.commands.executeCommand(`${Views.rounds}.focus`);
    const drift = chartId === 'drift' ? entry.stats.drift.find((d) => d.kind === series) : undefined;
    if (drift) {
      void vscode.window.showInformationMessage(`${entry.label}: ${drift.message}. First rows: ${drift.rows.slice(0, 20).join(', ')}`);
    }
  }
}

function dashboardHtml(webview: vscode.Webview, media: vscode.Uri): string {
  const nonce = crypto.randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(media, 'dashboard.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(media, 'dashboard.css'));
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource} data:`,
    `style-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style}">
<title>SEIF Round Insight</title>
</head>
<body>
<header><h1>Round insight</h1><p id="status">Loading…</p></header>
<main id="charts"></main>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}
