// The `seif verify` contract, as a core function: one JSONL line in, one verdict (or error) line out.
import { describeError } from '../errors';
import { parseJsonl } from '../util/jsonl';
import { verifyCase } from './verify';

/** Output line: `{id, strict, loose}`, plus `approximate` only when some verdict was approximated; or `{id, error}`. */
export type VerifyLineResult =
  | { id: string; strict: boolean[]; loose: boolean[]; approximate?: boolean[] }
  | { id: string; error: string };

function idOf(value: unknown, line: number): string {
  const id = value && typeof value === 'object' ? (value as Record<string, unknown>).id : undefined;
  if (typeof id === 'string') return id;
  if (typeof id === 'number' || typeof id === 'bigint') return String(id);
  return `line ${line}`;
}

/** Verifies one parsed input line `{id, prompt, response, instruction_id_list, kwargs}`; never throws. */
export function verifyRecord(value: unknown, line: number): VerifyLineResult {
  const id = idOf(value, line);
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { id, error: `line ${line}: expected a JSON object` };
  const rec = value as Record<string, unknown>;
  if (!Array.isArray(rec.instruction_id_list)) return { id, error: `line ${line}: instruction_id_list must be a list of instruction ids` };
  try {
    const v = verifyCase({
      instruction_id_list: rec.instruction_id_list as string[],
      kwargs: rec.kwargs as unknown[] | undefined,
      response: rec.response as string,
      prompt: typeof rec.prompt === 'string' ? rec.prompt : undefined,
    });
    return v.approximate.some(Boolean)
      ? { id, strict: v.strict, loose: v.loose, approximate: v.approximate }
      : { id, strict: v.strict, loose: v.loose };
  } catch (e) {
    return { id, error: `line ${line}: ${describeError(e)}` };
  }
}

/** Verifies every non-blank line of a JSONL text, in input order (a broken line gives an error line). */
export function verifyJsonlText(text: string): VerifyLineResult[] {
  const { values, errors } = parseJsonl(text);
  const results: { line: number; result: VerifyLineResult }[] = [
    ...values.map(({ line, value }) => ({ line, result: verifyRecord(value, line) })),
    ...errors.map((e) => ({ line: e.line, result: { id: `line ${e.line}`, error: `line ${e.line}: not valid JSON: ${e.message}` } })),
  ];
  return results.sort((a, b) => a.line - b.line).map((r) => r.result);
}
