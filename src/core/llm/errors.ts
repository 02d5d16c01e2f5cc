import { SeifError } from '../errors';
import { describeEndpoint, type RoleEndpoint } from './endpoint';

export type LlmFailureKind =
  | 'unreachable'
  | 'timeout'
  | 'auth'
  | 'model-missing'
  | 'rate-limited'
  | 'server'
  | 'bad-request'
  | 'invalid-reply'
  | 'cancelled';

/** A failed LLM call: the message names role, endpoint and model, and says what to do about it. */
export class LlmError extends SeifError {
  constructor(
    readonly role: string,
    readonly endpoint: Pick<RoleEndpoint, 'baseUrl' | 'model'>,
    readonly kind: LlmFailureKind,
    detail: string,
    readonly attempts = 1,
    options?: { cause?: unknown },
  ) {
    super(`${describeEndpoint(role, endpoint)}: ${detail}`, undefined, undefined, options);
    this.name = 'LlmError';
  }
}

export function isCancelled(e: unknown): boolean {
  return e instanceof LlmError && e.kind === 'cancelled';
}

/** Failures worth another attempt: the server may recover (429, 5xx, timeouts, a reply cut short). */
export function isTransient(kind: LlmFailureKind): boolean {
  return kind === 'rate-limited' || kind === 'server' || kind === 'timeout' || kind === 'invalid-reply' || kind === 'unreachable';
}
