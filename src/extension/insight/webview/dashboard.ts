/// <reference lib="dom" />
// The dashboard webview's script, bundled with chart.js and zod into media/dashboard.js by esbuild.js.
// It draws what the extension sends (validated) and asks the extension to export PNG/CSV or open a round.
import { Chart, registerables, type ChartConfiguration } from 'chart.js';
import type { ChartSpec } from '../../../core/insight/charts';
import { FromWebviewSchema, ToWebviewSchema, type FromWebview } from '../protocol';

declare function acquireVsCodeApi(): { postMessage(message: unknown): void };

Chart.register(...registerables);
const vscodeApi = acquireVsCodeApi();
const charts = new Map<string, Chart>();

function send(message: FromWebview): void {
  vscodeApi.postMessage(FromWebviewSchema.parse(message));
}

function setStatus(text: string, error = false): void {
  const status = document.getElementById('status')!;
  status.textContent = text;
  status.className = error ? 'error' : '';
}

// Theme colours come from VS Code's CSS variables; series cycle through the charts palette.
const PALETTE = ['--vscode-charts-blue', '--vscode-charts-orange', '--vscode-charts-green', '--vscode-charts-red', '--vscode-charts-purple', '--vscode-charts-yellow'];
function colour(i: number): string {
  const css = getComputedStyle(document.body);
  const base = css.getPropertyValue(PALETTE[i % PALETTE.length]!).trim() || '#4e79a7';
  return i < PALETTE.length ? base : `color-mix(in srgb, ${base} ${100 - 15 * Math.floor(i / PALETTE.length)}%, transparent)`;
}

function config(spec: ChartSpec): ChartConfiguration<'bar' | 'line'> {
  const percent = spec.unit === 'share';
  const fg = getComputedStyle(document.body).getPropertyValue('--vscode-foreground').trim() || '#ccc';
  return {
    type: spec.type ?? 'bar',
    data: {
      labels: spec.labels,
      datasets: spec.series.map((s, i) => ({
        label: s.name,
        data: percent ? s.values.map((v) => (v === null ? null : v * 100)) : s.values,
        backgroundColor: colour(i),
        borderColor: colour(i),
        spanGaps: true,
      })),
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      color: fg,
      scales: {
        x: { stacked: spec.stacked, ticks: { color: fg }, ...(spec.axis === 'step' && { title: { display: true, text: 'step', color: fg } }) },
        y: { stacked: spec.stacked, beginAtZero: true, ticks: { color: fg, callback: (v) => (percent ? `${v} %` : String(v)) } },
      },
      plugins: {
        legend: { display: spec.series.length > 1, labels: { color: fg } },
        tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${percent ? `${Number(c.raw).toFixed(1)} %` : Number(c.raw).toFixed(2)}` } },
      },
      onClick: (_e, elements) => {
        const el = elements[0];
        if (!el || spec.axis === 'step') return;
        send({ type: 'openRound', chartId: spec.id, roundIndex: el.index, series: spec.series[el.datasetIndex]?.name ?? '' });
      },
    },
  };
}

function button(label: string, onClick: () => void): HTMLButtonElement {
  const b = document.createElement('button');
  b.textContent = label;
  b.addEventListener('click', onClick);
  return b;
}

function render(specs: ChartSpec[]): void {
  const main = document.getElementById('charts')!;
  for (const c of charts.values()) c.destroy();
  charts.clear();
  main.replaceChildren();
  for (const spec of specs) {
    const section = document.createElement('section');
    section.className = 'chart';
    section.dataset.chartId = spec.id;
    const head = document.createElement('div');
    head.className = 'chart-head';
    const title = document.createElement('h2');
    title.textContent = spec.title;
    head.append(
      title,
      button('PNG', () => send({ type: 'exportPng', chartId: spec.id, dataUrl: charts.get(spec.id)!.toBase64Image('image/png', 1) })),
      button('CSV', () => send({ type: 'exportCsv', chartId: spec.id })),
    );
    const box = document.createElement('div');
    box.className = 'canvas-box';
    const canvas = document.createElement('canvas');
    box.append(canvas);
    section.append(head, box);
    main.append(section);
    charts.set(spec.id, new Chart(canvas, config(spec) as ChartConfiguration));
  }
  send({ type: 'rendered', charts: specs.map((s) => s.id) });
}

window.addEventListener('message', (event: MessageEvent) => {
  const parsed = ToWebviewSchema.safeParse(event.data);
  if (!parsed.success) {
    setStatus(`Ignored an invalid message from the extension: ${parsed.error.issues[0]?.message}`, true);
    return;
  }
  const m = parsed.data;
  if (m.type === 'loading') setStatus(m.message);
  else if (m.type === 'error') setStatus(m.message, true);
  else if (m.type === 'requestPng') {
    const chart = charts.get(m.chartId);
    if (chart) send({ type: 'exportPng', chartId: m.chartId, dataUrl: chart.toBase64Image('image/png', 1), requestId: m.requestId });
    else send({ type: 'failed', requestId: m.requestId, message: `no chart "${m.chartId}" is drawn` });
  } else {
    setStatus(m.rounds.length ? `${m.rounds.length} round file(s): ${m.rounds.map((r) => r.label).join(', ')}. Click a bar to show that round in the Rounds view.` : 'No rounds in this workspace.');
    render(m.charts);
  }
});

send({ type: 'ready' });
