import { judgeConstraints } from '../../core/roles';
import type { ConstraintJudgement, SoftJudge } from '../judger/judgement';
import type { RoleClients } from './roleClients';

/** The LLM Judger behind the rule Judger's "soft" slot: one verdict per soft constraint from the judge role. */
export function llmSoftJudge(clients: RoleClients): SoftJudge {
  return async (instruction, response, indices, signal) => {
    if (!clients.configured('judge')) {
      return indices.map((index) => ({ index, id: instruction.ids[index]!, by: 'none', reason: 'soft constraint: set "seif.roles.judge.baseUrl" or "seif.localModel.path" to judge it with the LLM Judger' }));
    }
    const client = await clients.client('judge');
    await client.ensureHealthy(signal);
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
