// The insight dashboard: a webview (nonce CSP, resources only from media/) showing rounds side by side.
// Data goes over validated messages (protocol.ts); PNG and CSV exports are written by the extension.
import * as vscode from 'vscode';
import crypto from 'node:crypto';
import { chartCsv, evalChart, roundCharts, trainingCharts, type ChartSpec } from '../../core/insight';
import { describeError } from '../../core/errors';
import { Views } from '../ids';
import { Disposable } from '../lifecycle';
import type { CurationController } from '../curation/curationController';
import type { InsightService, RoundStatsEntry } from './insightService';
import { FromWebviewSchema, type FromWebview, type ToWebview } from './protocol';

export const DASHBOARD_VIEW_TYPE = 'seif.insightDashboard';
const PNG_PREFIX = 'data:image/png;base64,';

export class DashboardPanel extends Disposable {
  private charts: ChartSpec[] = [];
  private entries: RoundStatsEntry[] = [];
  private readonly pendingPng = new Map<string, { resolve: (dataUrl: string) => void; reject: (e: Error) => void }>();
  private readonly renderedEmitter = this._register(new vscode.EventEmitter<string[]>());
  /** Fires with the chart ids each time the webview reports it has drawn the charts it was sent. */
  readonly onDidRender = this.renderedEmitter.event;
  /** Chart ids the webview last reported as drawn. */
  rendered: string[] = [];
  /** The last 50 messages the webview posted that passed validation, in order (the output channel logs the refused ones). */
  readonly received: FromWebview[] = [];

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly insight: InsightService,
    private readonly curation: CurationController,
    private readonly log: vscode.OutputChannel,
  ) {
    super();
    this._register(panel);
    this._register(panel.onDidDispose(() => this.dispose()));
    this._register(panel.webview.onDidReceiveMessage((m: unknown) => void this.receive(m)));
    // Stats arrive one dataset at a time; redraw once they settle rather than once per dataset.
    let timer: NodeJS.Timeout | undefined;
    this._register(insight.onDidChange(() => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => void this.refresh(), 500);
    }));
    this._register({
      dispose: () => {
        if (timer) clearTimeout(timer);
        for (const p of this.pendingPng.values()) p.reject(new Error('the dashboard was closed'));
        this.pendingPng.clear();
      },
    });
  }

  static open(extensionUri: vscode.Uri, insight: InsightService, curation: CurationController, log: vscode.OutputChannel): DashboardPanel {
    const media = vscode.Uri.joinPath(extensionUri, 'media');
    const panel = vscode.window.createWebviewPanel(DASHBOARD_VIEW_TYPE, 'SEIF Round Insight', vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [media],
      retainContextWhenHidden: true,
    });
    panel.webview.html = dashboardHtml(panel.webview, media);
    return new DashboardPanel(panel, insight, curation, log);
  }

  /** The charts last sent to the webview. */
  chartSpecs(): readonly ChartSpec[] {
    return this.charts;
  }

  private post(message: ToWebview): void {
    void this.panel.webview.postMessage(message);
  }

  async refresh(): Promise<void> {
    this.post({ type: 'loading', message: 'Computing round statistics…' });
    try {
      this.entries = await this.insight.roundStats();
      const ifeval = evalChart(this.entries);
      const runs = await this.insight.runMetrics();
      for (const r of runs) for (const p of r.problems) this.log.appendLine(`[insight] ${p}`);
      this.charts = [...roundCharts(this.entries), ...(ifeval ? [ifeval] : []), ...trainingCharts(runs)];
      if (this.isDisposed) return;
      this.post({ type: 'charts', charts: this.charts, rounds: this.entries.map((e) => ({ label: e.label, rel: e.rel })) });
    } catch (e) {
      this.post({ type: 'error', message: describeError(e) });
    }
  }

  /**
   * Handles one message from the webview: validated with zod first, refused (and logged) when invalid.
   * The webview's messages arrive here; tests may call it too, to exercise the same path.
   */
  async receive(raw: unknown): Promise<boolean> {
    const parsed = FromWebviewSchema.safeParse(raw);
    if (!parsed.success) {
      this.log.appendLine(`[insight] dashboard sent an invalid message: ${parsed.error.issues[0]?.message}`);
      return false;
    }
    const m = parsed.data;
    this.received.push(m);
    if (this.received.length > 50) this.received.splice(0, this.received.length - 50);
    try {
      switch (m.type) {
        case 'ready':
          await this.refresh();
          break;
        case 'rendered':
          this.rendered = m.charts;
          this.renderedEmitter.fire(m.charts);
          break;
        case 'exportCsv':
          await this.save(m.chartId, 'csv', Buffer.from(chartCsv(this.chart(m.chartId)), 'utf8'));
          break;
        case 'exportPng': {
          this.chart(m.chartId);
          const pending = m.requestId !== undefined ? this.pendingPng.get(m.requestId) : undefined;
          if (pending) {
            this.pendingPng.delete(m.requestId!);
            pending.resolve(m.dataUrl);
          } else await this.save(m.chartId, 'png', pngBytes(m.dataUrl));
          break;
        }
        case 'failed': {
          const pending = this.pendingPng.get(m.requestId);
          this.pendingPng.delete(m.requestId);
          pending?.reject(new Error(m.message));
          break;
        }
        case 'openRound':
          await this.openRound(m.chartId, m.roundIndex, m.series);
          break;
      }
    } catch (e) {
      void vscode.window.showErrorMessage(`SEIF dashboard: ${describeError(e)}`);
    }
    return true;
  }

  /**
   * Exports a chart: CSV from the chart's data, PNG drawn by the webview (asked over the protocol). Without a
   * target a save dialog asks where; returns the file written, or undefined when the dialog was cancelled.
   */
  async exportChart(chartId: string, format: 'png' | 'csv', target?: vscode.Uri): Promise<vscode.Uri | undefined> {
    const chart = this.chart(chartId);
    let bytes: Buffer;
    if (format === 'csv') bytes = Buffer.from(chartCsv(chart), 'utf8');
    else {
      const requestId = crypto.randomUUID();
      const dataUrl = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => {
          this.pendingPng.delete(requestId);
          reject(new Error(`the dashboard did not draw chart "${chartId}" (is its panel open?)`));
        }, 20_000);
        this.pendingPng.set(requestId, {
          resolve: (v) => (clearTimeout(timer), resolve(v)),
          reject: (e) => (clearTimeout(timer), reject(e)),
        });
        this.post({ type: 'requestPng', chartId, requestId });
      });
      bytes = pngBytes(dataUrl);
    }
    return this.save(chartId, format, bytes, target);
  }

  private chart(id: string): ChartSpec {
    const c = this.charts.find((x) => x.id === id);
    if (!c) throw new Error(`no chart "${id}" on the dashboard`);
    return c;
  }

  private async save(chartId: string, ext: 'csv' | 'png', bytes: Buffer, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    target ??= await vscode.window.showSaveDialog({
      ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, `seif-${chartId}.${ext}`) } : {}),
      filters: ext === 'csv' ? { CSV: ['csv'] } : { PNG: ['png'] },
    });
    if (!target) return undefined;
    await vscode.workspace.fs.writeFile(target, bytes);
    this.log.appendLine(`[insight] exported ${chartId} to ${target.fsPath}`);
    return target;
  }

  /**
   * A bar names a round (and a series): show that round's matching instructions in the Rounds tree — rows with
   * that many constraints on the histogram, the rows behind a drift kind on the drift chart, the rows with a
   * constraint of that id / category on the mix charts, the round otherwise.
   */
  private async openRound(chartId: string, roundIndex: number, series: string): Promise<void> {
    const chart = this.chart(chartId);
    if (chart.axis === 'step') return; // a training step, not a round
    const entry = this.entries[roundIndex];
    if (!entry) throw new Error(`no round #${roundIndex} on the dashboard`);
    const only = (label: string, rows: number[]) => this.curation.setFilter({ rows: { label: `${entry.label}: ${label} (${rows.length} rows)`, byDataset: { [entry.rel]: rows } } });
    const count = chartId === 'constraints-histogram' ? Number.parseInt(series, 10) : NaN;
    const drift = chartId === 'drift' ? entry.stats.drift.find((d) => d.kind === series) : undefined;
    if (Number.isFinite(count)) await this.curation.setFilter({ constraintCount: count, rows: { label: entry.label, byDataset: { [entry.rel]: allRows(entry) } } });
    else if (drift) await only(`drift ${drift.kind}`, drift.rows);
    else if (chartId === 'id-mix') await only(series, entry.stats.rowsByMappedId[series] ?? []);
    else if (chartId === 'category-mix') await only(series, entry.stats.rowsByCategory[series] ?? []);
    else await this.curation.setFilter({ rows: { label: entry.label, byDataset: { [entry.rel]: allRows(entry) } } });
    await vscode.commands.executeCommand(`${Views.rounds}.focus`);
  }
}

function allRows(entry: RoundStatsEntry): number[] {
  return Array.from({ length: entry.stats.rows }, (_, i) => i);
}

function pngBytes(dataUrl: string): Buffer {
  if (!dataUrl.startsWith(PNG_PREFIX)) throw new Error('not a PNG data URL');
  return Buffer.from(dataUrl.slice(PNG_PREFIX.length), 'base64');
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
