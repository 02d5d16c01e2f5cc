import * as vscode from 'vscode';
import { describeError } from '../../core/errors';
import { isCancelled } from '../../core/llm';
import { judgeConstraints } from '../../core/roles';
import type { ConstraintJudgement, SoftJudge } from '../judger/judgement';
import type { RoleClients } from './roleClients';

/** The LLM Judger behind the rule Judger's "soft" slot: one verdict per soft constraint from the judge role. */
export function llmSoftJudge(clients: RoleClients): SoftJudge {
  return async (instruction, response, indices, signal) => {
    const notJudged = (reason: string, error?: boolean) => indices.map((index): ConstraintJudgement => ({ index, id: instruction.ids[index]!, by: 'none', reason, ...(error && { error }) }));
    if (!clients.configured('judge')) {
      return notJudged('soft constraint: set "seif.roles.judge.baseUrl" or "seif.localModel.path" to judge it with the LLM Judger');
    }
    let client;
    try {
      client = await clients.client('judge');
      await client.ensureHealthy(signal);
    } catch (e) {
      if (isCancelled(e)) throw e;
      // The rule constraints keep their verdicts; the soft ones say why they have none.
      const reason = `not judged: ${describeError(e)}`;
      void vscode.window.showErrorMessage(`SEIF LLM Judger: ${describeError(e)}`);
      return notJudged(reason, true);
    }
    const subset = {
      seed: instruction.seed,
      constraints: indices.map((i) => instruction.constraints[i]!),
      ids: indices.map((i) => instruction.ids[i]!),
      kwargs: indices.map((i) => instruction.kwargs[i] ?? {}),
    };
    const result = await judgeConstraints(client, response, subset, signal);
    return result.verdicts.map((v, k): ConstraintJudgement => {
      const index = indices[k]!;
      if (v.followed === null) return { index, id: v.id, by: 'none', reason: v.error ?? v.reason, error: true };
      // An LLM verdict has no "loose" variant: strict and loose are the same yes/no.
      return { index, id: v.id, by: 'llm', strict: v.followed, loose: v.followed, reason: `LLM Judger: ${v.reason}` };
    });
  };
}
