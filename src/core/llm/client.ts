import { getMaxListeners, setMaxListeners } from 'node:events';
import OpenAI from 'openai';
import { z } from 'zod';
import { CallCache } from './cache';
import { classifyFailure } from './classify';
import { describeEndpoint, type Flavour, type RoleEndpoint } from './endpoint';
import { LlmError, isTransient, type LlmFailureKind } from './errors';
import { extractJson } from './json-extract';
import { createLimiter, type Limiter } from './limiter';
import { CallRecorder } from './records';
import { choiceBody, jsonSchemaBody, toJsonSchema } from './structured';
import { stripThink } from './think';
import { sleep } from './abort';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatParams {
  messages: ChatMessage[];
  temperature?: number;
  maxTokens?: number;
  seed?: number;
  /** A label for the call record ("judge", "generate:hard"…). */
  purpose?: string;
  /** Set false for calls that must reach the server every time; default true. */
  cache?: boolean;
  /** Mixed into the cache key only, e.g. the attempt number of a regeneration after a rejected reply. */
  cacheSalt?: string;
}

export interface LlmReply {
  /** The reply with any `<think>…</think>` block removed. */
  text: string;
  raw: string;
  cacheHit: boolean;
  retries: number;
  latencyMs: number;
  promptTokens: number;
  completionTokens: number;
}

export interface LlmClientOptions {
  /** Names the role in every message and record; default "llm". */
  role?: string;
  /** Content-addressed cache folder, normally `<workspace>/.seif/cache`. No cache when absent. */
  cacheDir?: string;
  /** Call records, normally `<workspace>/.seif/llm-calls.jsonl`. No records when absent. */
  recordFile?: string;
  /** First backoff delay; doubles per retry with jitter, capped by maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
}

export interface EndpointHealth {
  ok: boolean;
  role: string;
  baseUrl: string;
  model: string;
  /** Served model names from GET /v1/models (empty when unreachable). */
  served: string[];
  flavour: Exclude<Flavour, 'auto'>;
  latencyMs: number;
  kind?: LlmFailureKind;
  /** One line: "judge endpoint … : healthy" or what is wrong and what to do. */
  message: string;
}

type Validation<T> = { ok: true; value: T } | { ok: false; reason: string };

/** The one LLM layer every role uses: bounded, retrying, cancellable, cached, recorded. */
export class LlmClient {
  readonly role: string;
  private readonly openai: OpenAI;
  private readonly limiter: Limiter;
  private readonly cache?: CallCache;
  private readonly recorder?: CallRecorder;
  private flavour: Exclude<Flavour, 'auto'>;
  private healthy?: Promise<EndpointHealth>;

  constructor(
    readonly endpoint: RoleEndpoint,
    private readonly options: LlmClientOptions = {},
  ) {
    this.role = options.role ?? 'llm';
    this.openai = new OpenAI({
      baseURL: endpoint.baseUrl,
      apiKey: endpoint.apiKey || 'EMPTY',
      timeout: endpoint.timeoutMs,
      maxRetries: 0, // retries are ours: bounded, recorded, cancellable
    });
    this.limiter = createLimiter(endpoint.concurrency);
    if (options.cacheDir) this.cache = new CallCache(options.cacheDir);
    if (options.recordFile) this.recorder = new CallRecorder(options.recordFile);
    this.flavour = endpoint.flavour === 'auto' ? 'openai' : endpoint.flavour;
  }

  get describe(): string {
    return describeEndpoint(this.role, this.endpoint);
  }

  /** GET /v1/models; also learns whether the server is vLLM (for guided decoding). Never throws. */
  async health(signal?: AbortSignal): Promise<EndpointHealth> {
    const started = Date.now();
    const base = { role: this.role, baseUrl: this.endpoint.baseUrl, model: this.endpoint.model };
    try {
      const page = await this.openai.models.list({ signal, timeout: Math.min(this.endpoint.timeoutMs, 10_000), maxRetries: 0 });
      const models = page.data as { id: string; owned_by?: string }[];
      const served = models.map((m) => m.id);
      const flavour = this.endpoint.flavour !== 'auto' ? this.endpoint.flavour : models.some((m) => m.owned_by === 'vllm') ? 'vllm' : 'openai';
      this.flavour = flavour;
      const latencyMs = Date.now() - started;
      if (!served.includes(this.endpoint.model)) {
        const list = served.length ? served.join(', ') : 'none';
        return { ...base, ok: false, served, flavour, latencyMs, kind: 'model-missing', message: `${this.describe}: model not served (served: ${list})` };
      }
      return { ...base, ok: true, served, flavour, latencyMs, message: `${this.describe}: healthy (${flavour}, ${latencyMs} ms)` };
    } catch (e) {
      const { kind, detail } = classifyFailure(e, signal);
      return { ...base, ok: false, served: [], flavour: this.flavour, latencyMs: Date.now() - started, kind, message: `${this.describe}: ${detail}` };
    }
  }

  /** Throws a clear LlmError unless the endpoint answers and serves the model; checked once per client. */
  async ensureHealthy(signal?: AbortSignal): Promise<EndpointHealth> {
    this.healthy ??= this.health(signal);
    const h = await this.healthy;
    if (!h.ok) {
      this.healthy = undefined; // the next batch checks again
      throw new LlmError(this.role, this.endpoint, h.kind ?? 'unreachable', h.message.slice(this.describe.length + 2));
    }
    return h;
  }

  /** Plain text reply (think block removed); an empty reply counts as invalid and is retried. */
  chat(params: ChatParams, signal?: AbortSignal): Promise<LlmReply> {
    return this.call(params, {}, (text) => (text.trim() ? { ok: true, value: text } : { ok: false, reason: 'empty reply' }), signal);
  }

  /** A JSON reply constrained by (and validated against) a zod schema. */
  chatJson<S extends z.ZodType>(params: ChatParams & { schema: S; schemaName: string }, signal?: AbortSignal): Promise<LlmReply & { value: z.output<S> }> {
    const extra = jsonSchemaBody(this.flavour, params.schemaName, toJsonSchema(params.schema));
    return this.call(params, extra, (text) => validateJson(params.schema, text), signal);
  }

  /** One of a fixed set of strings (vLLM guided_choice; a one-field JSON object elsewhere). */
  choose<C extends string>(params: ChatParams & { choices: readonly C[] }, signal?: AbortSignal): Promise<LlmReply & { value: C }> {
    const extra = choiceBody(this.flavour, params.choices);
    const validate = (text: string): Validation<C> => {
      const direct = text.trim().replace(/^"|"$/g, '');
      if ((params.choices as readonly string[]).includes(direct)) return { ok: true, value: direct as C };
      const json = extractJson(text) as { choice?: unknown } | undefined;
      const c = json?.choice;
      if (typeof c === 'string' && (params.choices as readonly string[]).includes(c)) return { ok: true, value: c as C };
      return { ok: false, reason: `not one of ${params.choices.join(' / ')}` };
    };
    return this.call(params, extra, validate, signal);
  }

  /** Waits until every call record is written. */
  async close(): Promise<void> {
    await this.recorder?.flush();
  }

  private async call<T>(params: ChatParams, extra: Record<string, unknown>, validate: (text: string) => Validation<T>, signal?: AbortSignal): Promise<LlmReply & { value: T }> {
    const started = Date.now();
    // One signal usually cancels a whole batch: every call in flight listens to it, legitimately.
    if (signal && getMaxListeners(signal) < 10_000) setMaxListeners(10_000, signal);
    const body: Record<string, unknown> = {
      model: this.endpoint.model,
      messages: params.messages,
      ...(params.temperature !== undefined && { temperature: params.temperature }),
      ...(params.maxTokens !== undefined && { max_tokens: params.maxTokens }),
      ...(params.seed !== undefined && { seed: params.seed }),
      ...extra,
    };
    const useCache = this.cache && params.cache !== false;
    const key = useCache ? CallCache.keyOf({ body, salt: params.cacheSalt ?? null }) : '';
    let retries = 0;
    let promptTokens = 0;
    let completionTokens = 0;
    const finish = (ok: boolean, cacheHit: boolean, error?: string) => {
      this.recorder?.add({
        ts: new Date().toISOString(),
        role: this.role,
        baseUrl: this.endpoint.baseUrl,
        model: this.endpoint.model,
        ...(params.purpose && { purpose: params.purpose }),
        ok,
        cacheHit,
        retries,
        latencyMs: Date.now() - started,
        promptTokens,
        completionTokens,
        ...(error && { error }),
      });
    };
    const fail = (kind: LlmFailureKind, detail: string, cause?: unknown) => {
      const err = new LlmError(this.role, this.endpoint, kind, detail, retries + 1, { cause });
      finish(false, false, err.message);
      return err;
    };

    if (useCache) {
      const hit = await this.cache!.get(key);
      if (hit) {
        const v = validate(stripThink(hit.text));
        if (v.ok) {
          promptTokens = hit.promptTokens;
          completionTokens = hit.completionTokens;
          finish(true, true);
          return { text: stripThink(hit.text), raw: hit.text, value: v.value, cacheHit: true, retries: 0, latencyMs: Date.now() - started, promptTokens, completionTokens };
        }
      }
    }

    let last: { kind: LlmFailureKind; detail: string; cause?: unknown } = { kind: 'server', detail: 'no attempt made' };
    for (let attempt = 0; attempt <= this.endpoint.retries; attempt++) {
      if (signal?.aborted) throw fail('cancelled', 'cancelled');
      if (attempt > 0) {
        retries = attempt;
        try {
          await sleep(this.backoff(attempt, last.cause), signal);
        } catch {
          throw fail('cancelled', 'cancelled');
        }
      }
      let raw: string;
      try {
        const res = await this.limiter.run(
          () => this.openai.chat.completions.create(body as never, { signal, timeout: this.endpoint.timeoutMs, maxRetries: 0 }),
          signal,
        );
        const completion = res as OpenAI.Chat.Completions.ChatCompletion;
        raw = completion.choices?.[0]?.message?.content ?? '';
        promptTokens += completion.usage?.prompt_tokens ?? 0;
        completionTokens += completion.usage?.completion_tokens ?? 0;
      } catch (e) {
        const c = classifyFailure(e, signal);
        if (c.kind === 'cancelled') throw fail('cancelled', 'cancelled', e);
        if (!isTransient(c.kind)) throw fail(c.kind, c.detail, e);
        last = { ...c, cause: e };
        continue;
      }
      const text = stripThink(raw);
      const v = validate(text);
      if (v.ok) {
        if (useCache) await this.cache!.put(key, { text: raw, promptTokens, completionTokens }, { model: this.endpoint.model }).catch(() => {});
        finish(true, false);
        return { text, raw, value: v.value, cacheHit: false, retries, latencyMs: Date.now() - started, promptTokens, completionTokens };
      }
      last = { kind: 'invalid-reply', detail: `invalid reply (${v.reason}); it began: ${JSON.stringify(raw.slice(0, 80))}` };
    }
    throw fail(last.kind, `${last.detail} — gave up after ${this.endpoint.retries + 1} attempts`, last.cause);
  }

  private backoff(attempt: number, cause: unknown): number {
    const base = this.options.backoffMs ?? 500;
    const cap = this.options.maxBackoffMs ?? 8_000;
    const retryAfter = Number((cause as { headers?: Headers } | undefined)?.headers?.get?.('retry-after'));
    if (Number.isFinite(retryAfter) && retryAfter > 0) return Math.min(retryAfter * 1000, cap);
    const exp = Math.min(base * 2 ** (attempt - 1), cap);
    return exp / 2 + Math.random() * (exp / 2);
  }
}

function validateJson<S extends z.ZodType>(schema: S, text: string): Validation<z.output<S>> {
  const json = extractJson(text);
  if (json === undefined) return { ok: false, reason: 'no JSON found' };
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, reason: `${issue.path.join('.') || 'value'}: ${issue.message}` };
  }
  return { ok: true, value: parsed.data };
}

/** The public constructor the editor and CLI call. */
export function createLlmClient(endpoint: RoleEndpoint, options: LlmClientOptions = {}): LlmClient {
  return new LlmClient(endpoint, options);
}

/** One-off health check of a role's endpoint (status bar, pre-flight before a batch). */
export async function checkEndpointHealth(role: string, endpoint: RoleEndpoint, signal?: AbortSignal): Promise<EndpointHealth> {
  return new LlmClient(endpoint, { role }).health(signal);
}
