// SEIF: Evaluate Round on IFEval — the round's Follower (the follower role endpoint) answers every prompt of
// test.parquet; the rule checkers score the answers; the four accuracies go into the round's `eval` in
// seif.json (the dashboard charts them) and the answers into .seif/eval/ (re-scorable with `seif eval`).
import * as vscode from 'vscode';
import path from 'node:path';
import { describeError, SeifError } from '../../core/errors';
import { evaluateFollower, roundEvalRecord, setRoundEval } from '../../core/insight';
import { isCancelled } from '../../core/llm';
import { writeFileAtomic } from '../../core/util/atomic';
import { toJsonLine } from '../../core/util/jsonl';
import { saveManifest } from '../../core/workspace/manifest';
import type { RoundView } from '../../core/workspace/workspace';
import type { RoleClients } from '../roles/roleClients';
import type { WorkspaceService } from '../workspace/workspaceService';

export type EvaluateRoundArg = { round?: RoundView; family?: string; t?: number } | undefined;

const pct = (x: number | undefined) => `${(100 * (x ?? 0)).toFixed(1)} %`;

/** Runs the evaluation with a cancellable progress notification; returns the record saved, or undefined. */
export async function evaluateRound(service: WorkspaceService, clients: () => RoleClients | undefined, arg: EvaluateRoundArg, log: vscode.OutputChannel): Promise<Record<string, number> | undefined> {
  try {
    const ws = await service.ready();
    if (!ws?.manifest) throw new SeifError('no SEIF workspace (seif.json) is open');
    if (ws.manifestError) throw ws.manifestError;
    const rounds = ws.rounds();
    let round = arg?.round ?? rounds.find((r) => r.t === arg?.t && (arg?.family === undefined || r.family === arg.family));
    if (!round) {
      const picked = await vscode.window.showQuickPick(rounds.map((r) => ({ label: `${r.family} T${r.t}`, round: r })), { title: 'SEIF: evaluate which round\'s Follower on IFEval?' });
      if (!picked) return undefined;
      round = picked.round;
    }
    const testRel = ws.manifest.test;
    if (!testRel) throw new SeifError('seif.json names no IFEval test set ("test": "data/test.parquet")', ws.abs('seif.json'));
    const roles = clients();
    if (!roles) throw new SeifError('the LLM roles are not available (see the SEIF Studio output)');
    const { dataset } = await ws.dataset(testRel);
    const target = round;
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `SEIF: IFEval on the ${target.family} T${target.t} Follower`, cancellable: true },
      async (progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        const client = await roles.healthyClient('follower', abort.signal);
        let last = 0;
        return evaluateFollower(client, dataset, {
          signal: abort.signal,
          onProgress: (done, total) => {
            const now = Math.floor((100 * done) / total);
            if (now > last) progress.report({ increment: now - last, message: `${done} / ${total} prompts` });
            last = now;
          },
        });
      },
    );
    const record = roundEvalRecord(result.evaluation);
    setRoundEval(ws.manifest, target.family, target.t, record);
    await saveManifest(ws.root, ws.manifest);
    const out = path.join(ws.root, '.seif', 'eval', `${target.family}-T${target.t}.responses.jsonl`);
    await writeFileAtomic(out, result.responses.map((r) => toJsonLine(r) + '\n').join(''));
    for (const f of result.failed) log.appendLine(`[insight] IFEval row ${f.key}: no answer: ${f.message}`);
    for (const p of result.evaluation.problems) log.appendLine(`[insight] IFEval ${p.where}: ${p.message}`);
    void vscode.window.showInformationMessage(
      `SEIF: ${target.family} T${target.t} on IFEval (${record.prompts} prompts${result.failed.length ? `, ${result.failed.length} unanswered` : ''}): ` +
        `prompt strict ${pct(record.promptStrict)}, loose ${pct(record.promptLoose)}; instruction strict ${pct(record.instructionStrict)}, loose ${pct(record.instructionLoose)}`,
    );
    return record;
  } catch (e) {
    if (isCancelled(e)) return undefined;
    void vscode.window.showErrorMessage(`SEIF: IFEval evaluation failed: ${describeError(e)}`);
    return undefined;
  }
}
