// IFEval evaluation of a round's Follower: sample one answer per test.parquet row from the Follower endpoint,
// score them with the rule checkers (IFEval's strict and loose accuracy), and keep the four accuracies in the
// round's `eval` field of seif.json (the dashboard charts them).
import { describeError, SeifError } from '../errors';
import { instructionOf, type Dataset } from '../dataset/dataset';
import { evaluateResponses, type Evaluation } from '../checkers/evaluate';
import { isCancelled, type LlmClient } from '../llm';
import { sampleResponse } from '../roles/follower';
import { findRound, type Manifest } from '../workspace/manifest';

export interface FollowerEvalOptions {
  signal?: AbortSignal;
  /** Default 0 (greedy), as IFEval evaluations are usually run. */
  temperature?: number;
  maxTokens?: number;
  /** Called after each answer: (done, total). */
  onProgress?: (done: number, total: number) => void;
}

export interface FollowerEvaluation {
  evaluation: Evaluation;
  /** One line per answered row, the format `seif eval --responses` reads. */
  responses: { key: string; prompt: string; response: string }[];
  /** Rows the endpoint gave no answer for (after its retries), with why; they are not scored. */
  failed: { key: string; message: string }[];
}

/** Samples the Follower on every row of an IFEval dataset and scores the answers. */
export async function evaluateFollower(client: LlmClient, dataset: Dataset, options: FollowerEvalOptions = {}): Promise<FollowerEvaluation> {
  if (dataset.kind !== 'ifeval') throw new SeifError(`IFEval evaluation needs IFEval's test.parquet (this dataset is "${dataset.kind}")`, dataset.file);
  if (dataset.rows.length === 0) throw new SeifError('the IFEval dataset has no rows', dataset.file);
  await client.ensureHealthy(options.signal);
  const total = dataset.rows.length;
  let done = 0;
  const responses: FollowerEvaluation['responses'] = [];
  const failed: FollowerEvaluation['failed'] = [];
  // The client bounds concurrency to the endpoint's setting; every row is queued at once.
  await Promise.all(
    dataset.rows.map(async (row, i) => {
      const key = dataset.rowKey(i);
      const instruction = instructionOf(dataset.kind, row);
      try {
        const r = await sampleResponse(client, instruction, options.signal, {
          temperature: options.temperature ?? 0,
          ...(options.maxTokens !== undefined && { maxTokens: options.maxTokens }),
        });
        responses[i] = { key, prompt: instruction.seed, response: r.text };
      } catch (e) {
        if (isCancelled(e) || options.signal?.aborted) throw e;
        failed.push({ key, message: describeError(e) });
      } finally {
        options.onProgress?.(++done, total);
      }
    }),
  );
  const answered = responses.filter(Boolean);
  if (answered.length === 0) {
    const first = failed[0]?.message ?? 'no answers';
    throw new SeifError(`the Follower answered none of the ${total} IFEval prompts: ${first}`, dataset.file);
  }
  const evaluation = evaluateResponses(dataset, { values: answered.map((value, line) => ({ line: line + 1, value })), errors: [] });
  return { evaluation, responses: answered, failed };
}

/** The accuracies kept in seif.json (`rounds[].eval`): four fractions plus the prompts scored. */
export function roundEvalRecord(e: Evaluation): Record<string, number> {
  const s = e.scores;
  return { promptStrict: s.promptStrict, promptLoose: s.promptLoose, instructionStrict: s.instructionStrict, instructionLoose: s.instructionLoose, prompts: e.scored };
}

/** Sets a round's `eval` in the manifest (in place); throws when the manifest has no such round. */
export function setRoundEval(manifest: Manifest, family: string, t: number, record: Record<string, number>): void {
  const round = findRound(manifest, t, family);
  if (!round) throw new SeifError(`seif.json has no round ${t} of ${family}`, 'seif.json');
  round.eval = { ...record };
}
