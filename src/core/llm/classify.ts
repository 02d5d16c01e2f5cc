import OpenAI from 'openai';
import type { LlmFailureKind } from './errors';

/** Turns whatever the openai client threw into a failure kind and a sentence a researcher can act on. */
export function classifyFailure(e: unknown, signal?: AbortSignal): { kind: LlmFailureKind; detail: string } {
  if (signal?.aborted || e instanceof OpenAI.APIUserAbortError) return { kind: 'cancelled', detail: 'cancelled' };
  if (e instanceof OpenAI.APIConnectionTimeoutError) return { kind: 'timeout', detail: 'no reply within the timeout' };
  if (e instanceof OpenAI.APIConnectionError) {
    const why = rootCause(e);
    return { kind: 'unreachable', detail: `unreachable (${why}) — is the server running at this address?` };
  }
  if (e instanceof OpenAI.APIError) {
    const status = e.status ?? 0;
    const said = shortMessage(e);
    if (status === 401 || status === 403) {
      return { kind: 'auth', detail: `HTTP ${status} ${said} — check this role's API key` };
    }
    if (status === 404) return { kind: 'model-missing', detail: `HTTP 404 ${said} — is the model name the served name?` };
    if (status === 429) return { kind: 'rate-limited', detail: `HTTP 429 ${said}` };
    if (status >= 500) return { kind: 'server', detail: `HTTP ${status} ${said}` };
    return { kind: 'bad-request', detail: `HTTP ${status} ${said}` };
  }
  return { kind: 'server', detail: e instanceof Error ? e.message : String(e) };
}

function shortMessage(e: InstanceType<typeof OpenAI.APIError>): string {
  const body = e.error as { message?: string } | undefined;
  const text = (body?.message ?? e.message ?? '').replace(/^\d{3}\s*/, '').trim();
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/** fetch wraps the socket error ("fetch failed" → cause ECONNREFUSED); the innermost code says most. */
function rootCause(e: unknown): string {
  let best = e instanceof Error ? e.message : String(e);
  let cur: unknown = e;
  for (let depth = 0; depth < 5 && cur && typeof cur === 'object'; depth++) {
    const c = cur as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof c.code === 'string') return c.code;
    if (typeof c.message === 'string' && c.message) best = c.message;
    cur = c.cause;
  }
  return best;
}
