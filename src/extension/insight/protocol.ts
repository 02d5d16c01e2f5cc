// Messages between the insight dashboard webview and the extension, validated with zod at both ends
// (the webview bundle imports this file too). Nothing unvalidated crosses the boundary.
import { z } from 'zod';

const ChartSpecSchema = z.object({
  id: z.string(),
  title: z.string(),
  unit: z.enum(['share', 'count']),
  stacked: z.boolean(),
  labels: z.array(z.string()),
  axis: z.enum(['round', 'step']).optional(),
  type: z.enum(['bar', 'line']).optional(),
  series: z.array(z.object({ name: z.string(), values: z.array(z.number().nullable()) })),
});

const PngDataUrl = z.string().startsWith('data:image/png;base64,').max(20_000_000);

/** Extension → webview. */
export const ToWebviewSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('charts'), charts: z.array(ChartSpecSchema), rounds: z.array(z.object({ label: z.string(), rel: z.string() })) }),
  z.object({ type: z.literal('loading'), message: z.string() }),
  z.object({ type: z.literal('error'), message: z.string() }),
  /** Asks for a chart's PNG (the extension's export API); the webview answers with exportPng and the same requestId. */
  z.object({ type: z.literal('requestPng'), chartId: z.string(), requestId: z.string() }),
]);
export type ToWebview = z.infer<typeof ToWebviewSchema>;

/** Webview → extension. */
export const FromWebviewSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  /** The charts are drawn (their ids, in order). */
  z.object({ type: z.literal('rendered'), charts: z.array(z.string()) }),
  z.object({ type: z.literal('exportCsv'), chartId: z.string() }),
  z.object({ type: z.literal('exportPng'), chartId: z.string(), dataUrl: PngDataUrl, requestId: z.string().optional() }),
  /** A request the webview could not answer (no such chart). */
  z.object({ type: z.literal('failed'), requestId: z.string(), message: z.string() }),
  z.object({ type: z.literal('openRound'), chartId: z.string(), roundIndex: z.number().int().min(0), series: z.string() }),
]);
export type FromWebview = z.infer<typeof FromWebviewSchema>;
