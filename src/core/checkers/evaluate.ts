// `seif eval`: a dataset's rows (test.parquet) joined with a responses JSONL, scored the IFEval way.
import { describeError } from '../errors';
import type { Dataset } from '../dataset/dataset';
import { instructionOf } from '../dataset/dataset';
import type { JsonlParse } from '../util/jsonl';
import { ifevalScores, type IfevalScores } from './scores';
import { verifyCase } from './verify';

export interface EvaluationProblem {
  /** Row key (IFEval `key`) or responses line. */
  where: string;
  message: string;
}

export interface Evaluation {
  scores: IfevalScores;
  /** Rows scored (had a response and valid constraints). */
  scored: number;
  /** Dataset rows without a response (not scored). */
  missing: string[];
  /** Rows or response lines that could not be scored, with why. */
  problems: EvaluationProblem[];
  /** True when some verdict was approximated (missing Punkt or langdetect data). */
  approximate: boolean;
}

function keyOfResponse(value: Record<string, unknown>): string | undefined {
  for (const k of ['key', 'id']) {
    const v = value[k];
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'bigint') return String(v);
  }
  return undefined;
}

/** Matches responses to rows by key/id (else by prompt text, as IFEval's own input_response_data does). */
export function evaluateResponses(ds: Dataset, responses: JsonlParse): Evaluation {
  const problems: EvaluationProblem[] = responses.errors.map((e) => ({ where: `responses line ${e.line}`, message: `not valid JSON: ${e.message}` }));
  const byPrompt = new Map<string, number>();
  ds.rows.forEach((row, i) => typeof row.prompt === 'string' && byPrompt.set(row.prompt, i));
  const responseOf = new Map<number, string>();
  for (const { line, value } of responses.values) {
    const rec = value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
    if (!rec) {
      problems.push({ where: `responses line ${line}`, message: 'expected a JSON object with key (or id, or prompt) and response' });
      continue;
    }
    const key = keyOfResponse(rec);
    const index = key !== undefined ? ds.indexOfKey(key) : typeof rec.prompt === 'string' ? byPrompt.get(rec.prompt) : undefined;
    if (index === undefined) {
      problems.push({ where: `responses line ${line}`, message: `no dataset row with ${key !== undefined ? `key ${key}` : 'this prompt'}` });
      continue;
    }
    if (typeof rec.response !== 'string') {
      problems.push({ where: `responses line ${line}`, message: 'response must be a string' });
      continue;
    }
    responseOf.set(index, rec.response);
  }
  const cases: { instruction_id_list: string[]; strict: boolean[]; loose: boolean[] }[] = [];
  const missing: string[] = [];
  let approximate = false;
  ds.rows.forEach((row, i) => {
    const response = responseOf.get(i);
    if (response === undefined) {
      missing.push(ds.rowKey(i));
      return;
    }
    const ins = instructionOf(ds.kind, row);
    try {
      const v = verifyCase({ instruction_id_list: ins.ids, kwargs: ins.kwargs, response, prompt: ins.seed });
      if (v.approximate.some(Boolean)) approximate = true;
      cases.push({ instruction_id_list: ins.ids, strict: v.strict, loose: v.loose });
    } catch (e) {
      problems.push({ where: `row key ${ds.rowKey(i)}`, message: describeError(e) });
    }
  });
  return { scores: ifevalScores(cases), scored: cases.length, missing, problems, approximate };
}
