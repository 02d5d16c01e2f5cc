import * as vscode from 'vscode';
import path from 'node:path';
import { effectiveInstruction } from '../../core/curation/effective';
import { instructionOf } from '../../core/dataset/dataset';
import { describeError } from '../../core/errors';
import { isCancelled, LlmError, type LlmFailureKind } from '../../core/llm';
import { rejects, runLlmFilter, runRuleFilter, type FilterFinding } from '../../core/roles';
import type { WorkspaceService } from '../workspace/workspaceService';
import type { RoleClients } from './roleClients';

/** Consecutive failures of these kinds mean the filter endpoint is gone, not that an instruction is odd. */
const ENDPOINT_DOWN = new Set<LlmFailureKind>(['unreachable', 'auth', 'model-missing']);

export interface FilterCandidate {
  index: number;
  rowKey: string;
  seed: string;
  findings: FilterFinding[];
}

export interface FilterRoundResult {
  rel: string;
  checked: number;
  candidates: FilterCandidate[];
  cancelled: boolean;
  rejected: number;
  /** Set when the run did not start or failed (e.g. a dead filter endpoint); nothing was rejected then. */
  error?: string;
  /** Set when the filter endpoint went away mid-run: the run stopped and offered what it had found. */
  stopped?: string;
}

/** The command's argument: a dataset (tree node or path), optionally saying whether to ask the Filter model. */
export type FilterRoundArg = { rel?: string; useLlm?: boolean } | string;

/**
 * "SEIF: Filter Round": the Filter over a whole dataset with a cancellable progress notification, then a
 * confirm view of what it would reject. Nothing is rejected until the researcher confirms; rejections
 * go through the journal like any decision (source "filter").
 */
export async function filterRound(
  service: WorkspaceService,
  clients: RoleClients,
  arg?: FilterRoundArg,
  options: { confirm?: (c: FilterCandidate[]) => Promise<FilterCandidate[] | undefined> } = {},
): Promise<FilterRoundResult | undefined> {
  const ws = await service.ready();
  if (!ws) {
    void vscode.window.showInformationMessage('SEIF: open a SEIF workspace first.');
    return undefined;
  }
  let rel = typeof arg === 'string' ? arg : arg?.rel;
  if (!rel) {
    const items = ws.rounds().flatMap((r) => r.datasets.map((d) => ({ label: path.basename(d), description: `${r.family} round ${r.t}`, rel: d })));
    rel = (await vscode.window.showQuickPick(items, { title: 'SEIF: Filter which dataset?' }))?.rel;
    if (!rel) return undefined;
  }
  let useLlm = typeof arg === 'object' ? arg.useLlm : undefined;
  if (useLlm === undefined) {
    if (clients.configured('filter')) {
      const pick = await vscode.window.showQuickPick([{ label: 'Rules only', llm: false }, { label: 'Rules + LLM Filter', detail: 'one verdict per instruction from the filter endpoint', llm: true }], { title: 'SEIF: Filter Round' });
      if (!pick) return undefined;
      useLlm = pick.llm;
    } else useLlm = false;
  }
  const { dataset, state } = await ws.dataset(rel);
  const candidates: FilterCandidate[] = [];
  let checked = 0;
  let total = 0;
  let cancelled = false;
  let stopped: string | undefined;
  try {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `SEIF Filter: ${path.basename(rel)}`, cancellable: true }, async (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      // A batch never starts against a dead endpoint: checked now, not when the client was first used.
      const client = useLlm ? await clients.healthyClient('filter', abort.signal) : undefined;
      const rows = dataset.rows.map((_, i) => i).filter((i) => state.status(dataset.rowKey(i)) !== 'rejected');
      total = rows.length;
      const step = 100 / Math.max(1, rows.length);
      let next = 0;
      let downStreak = 0;
      // Workers pull rows: as many as the endpoint takes at once, or one that yields now and then to let
      // the progress and Cancel through (the rules alone over a 5k round would block the host for seconds).
      const worker = async () => {
        while (!abort.signal.aborted && next < rows.length) {
          const i = rows[next++]!;
          const rowKey = dataset.rowKey(i);
          const ins = dataset.kind === 'instructions' ? effectiveInstruction(dataset, i, state.get(rowKey)) : instructionOf(dataset.kind, dataset.rows[i]!);
          const findings = runRuleFilter(ins);
          if (client) {
            try {
              findings.push(...(await runLlmFilter(client, ins, abort.signal)).findings);
              downStreak = 0;
            } catch (e) {
              if (isCancelled(e) || abort.signal.aborted) return;
              if (e instanceof LlmError && ENDPOINT_DOWN.has(e.kind) && ++downStreak >= Math.max(3, client.endpoint.concurrency)) {
                // The endpoint went away mid-run: stop instead of retrying every remaining row against it.
                stopped = describeError(e);
                abort.abort();
                return;
              }
              findings.push({ constraintIndex: null, rule: 'llm-conflict', severity: 'info', message: `no LLM verdict: ${describeError(e)}` });
            }
          } else if (checked % 200 === 199) await new Promise((r) => setImmediate(r));
          checked++;
          if (rejects(findings)) candidates.push({ index: i, rowKey, seed: ins.seed, findings });
          progress.report({ increment: step, message: `${checked}/${rows.length} · ${candidates.length} to reject` });
        }
      };
      await Promise.all(Array.from({ length: Math.max(1, Math.min(rows.length, client ? client.endpoint.concurrency : 1)) }, worker));
      cancelled = abort.signal.aborted && !stopped;
    });
  } catch (e) {
    const error = `SEIF Filter Round failed: ${describeError(e)} — nothing was rejected.`;
    void vscode.window.showErrorMessage(error);
    return { rel, checked, candidates: [], cancelled: false, rejected: 0, error };
  }
  if (stopped) void vscode.window.showWarningMessage(`SEIF Filter Round stopped after ${checked} of ${total} instructions: ${stopped}`);
  candidates.sort((a, b) => a.index - b.index);
  const confirmed = await (options.confirm ?? confirmView)(candidates);
  let rejected = 0;
  if (confirmed?.length) {
    rejected = (await ws.decide(rel, confirmed.map((c) => c.rowKey), 'reject', 'filter')).length;
    void vscode.window.showInformationMessage(`SEIF Filter: rejected ${rejected} of ${checked} instructions in ${path.basename(rel)}${cancelled || stopped ? ' (stopped early)' : ''}.`);
  }
  return { rel, checked, candidates, cancelled, rejected, ...(stopped && { stopped }) };
}

/** A multi-select list of what the Filter would reject, all ticked; untick to keep. Esc rejects nothing. */
async function confirmView(candidates: FilterCandidate[]): Promise<FilterCandidate[] | undefined> {
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage('SEIF Filter: nothing to reject.');
    return undefined;
  }
  const items = candidates.map((c) => {
    const errors = c.findings.filter((f) => f.severity === 'error');
    return { label: `row ${c.index}: ${errors[0]?.message ?? ''}`, description: errors.length > 1 ? `+${errors.length - 1} more` : '', detail: c.seed.slice(0, 160).replace(/\s+/g, ' '), picked: true, candidate: c };
  });
  const picked = await vscode.window.showQuickPick(items, { canPickMany: true, title: `SEIF Filter would reject ${candidates.length} instructions — untick any to keep, Enter to reject, Esc to cancel`, matchOnDetail: true });
  return picked?.map((p) => p.candidate);
}
