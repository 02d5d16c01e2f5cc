// Messages between the insight dashboard webview and the extension, validated with zod at both ends
// (the webview bundle imports this file too). Nothing unvalidated crosses the boundary.
import { z } from 'zod';

const ChartSpecSchema = z.object({
  id: z.string(),
  title: z.string(),
  unit: z.enum(['share', 'count']),
  stacked: z.boolean(),
  labels: z.array(z.string()),
  series: z.array(z.object({ name: z.string(), values: z.array(z.number()) })),
});

/** Extension → webview. */
export const ToWebviewSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('charts'), charts: z.array(ChartSpecSchema), rounds: z.array(z.object({ label: z.string(), rel: z.string() })) }),
  z.object({ type: z.literal('loading'), message: z.string() }),
  z.object({ type: z.literal('error'), message: z.string() }),
]);
export type ToWebview = z.infer<typeof ToWebviewSchema>;

/** Webview → extension. */
export const FromWebviewSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('exportCsv'), chartId: z.string() }),
  z.object({
    type: z.literal('exportPng'),
    chartId: z.string(),
    dataUrl: z.string().startsWith('data:image/png;base64,').max(20_000_000),
  }),
  z.object({ type: z.literal('openRound'), chartId: z.string(), roundIndex: z.number().int().min(0), series: z.string() }),
]);
export type FromWebview = z.infer<typeof FromWebviewSchema>;
