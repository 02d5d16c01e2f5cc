// A real OpenAI-compatible HTTP server on 127.0.0.1 for tests and benches: /v1/models and
// /v1/chat/completions (plain and streaming), scripted replies, injected faults. A test peer, not a feature.
import { mulberry32 } from './prng';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault = '401' | '429' | '500' | '503' | 'hang' | 'truncated-json' | 'not-json' | 'think' | 'empty' | 'drop';

export interface ScriptedReply {
  content?: string;
  fault?: Fault;
  /** Extra delay for this reply only. */
  delayMs?: number;
}

export interface ReceivedRequest {
  n: number;
  body: {
    model: string;
    messages: { role: string; content: string }[];
    stream?: boolean;
    [key: string]: unknown;
  };
  authorization?: string;
}

/** Returns the reply for the n-th chat request (0-based): a string is plain content. */
export type ReplyScript = (req: ReceivedRequest) => ScriptedReply | string;

export interface OpenAiServerOptions {
  /** Served model names; default ["test-model"]. */
  models?: string[];
  /** owned_by of each model: "vllm" makes the client use guided decoding. */
  ownedBy?: string;
  /** When set, requests without `Bearer <apiKey>` get 401. */
  apiKey?: string;
  /** Fixed latency of every chat reply. */
  latencyMs?: number;
  reply?: ReplyScript;
  /** Share of chat requests (0..1) that get one of `faultKinds`, chosen by a seeded generator. */
  faultRate?: number;
  faultKinds?: Fault[];
  seed?: number;
}

export interface OpenAiTestServer {
  baseUrl: string;
  /** Every chat request received, in arrival order. */
  requests: ReceivedRequest[];
  modelListCalls: number;
  /** Highest number of chat requests in flight at once. */
  maxInFlight: number;
  faultsInjected: number;
  setReply(script: ReplyScript): void;
  close(): Promise<void>;
}

const echoReply: ReplyScript = (req) => `echo: ${req.body.messages.at(-1)?.content ?? ''}`;

export async function startOpenAiServer(options: OpenAiServerOptions = {}): Promise<OpenAiTestServer> {
  const models = options.models ?? ['test-model'];
  let script = options.reply ?? echoReply;
  let rng = mulberry32(options.seed ?? 1);
  let inFlight = 0;
  const state = { requests: [] as ReceivedRequest[], modelListCalls: 0, maxInFlight: 0, faultsInjected: 0 };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void handle(req, res, Buffer.concat(chunks).toString('utf8'));
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, text: string): Promise<void> {
    if (options.apiKey && req.headers.authorization !== `Bearer ${options.apiKey}`) {
      return json(res, 401, { error: { message: 'Invalid API key', type: 'authentication_error', code: 401 } });
    }
    const url = (req.url ?? '').replace(/\?.*$/, '');
    if (req.method === 'GET' && url === '/v1/models') {
      state.modelListCalls++;
      return json(res, 200, { object: 'list', data: models.map((id) => ({ id, object: 'model', created: 0, owned_by: options.ownedBy ?? 'test' })) });
    }
    if (req.method !== 'POST' || url !== '/v1/chat/completions') return json(res, 404, { error: { message: `no route ${req.method} ${url}` } });
    let body: ReceivedRequest['body'];
    try {
      body = JSON.parse(text) as ReceivedRequest['body'];
    } catch {
      return json(res, 400, { error: { message: 'body is not JSON' } });
    }
    if (!models.includes(body.model)) {
      return json(res, 404, { object: 'error', message: `The model \`${body.model}\` does not exist.`, type: 'NotFoundError', code: 404 });
    }
    const received: ReceivedRequest = { n: state.requests.length, body, authorization: req.headers.authorization };
    state.requests.push(received);
    inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, inFlight);
    res.on('close', () => inFlight--);

    let reply = script(received);
    if (typeof reply === 'string') reply = { content: reply };
    if (!reply.fault && options.faultRate && rng() < options.faultRate) {
      const kinds = options.faultKinds ?? ['429', '500', '503', 'truncated-json'];
      reply = { ...reply, fault: kinds[Math.floor(rng() * kinds.length)] };
    }
    if (reply.fault) state.faultsInjected++;
    const delay = (options.latencyMs ?? 0) + (reply.delayMs ?? 0);
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));

    let content = reply.content ?? '';
    switch (reply.fault) {
      case 'hang':
        return; // never answers; the client's timeout must fire
      case 'drop':
        req.socket.destroy();
        return;
      case '401':
        return json(res, 401, { error: { message: 'Invalid API key', type: 'authentication_error' } });
      case '429':
        return json(res, 429, { error: { message: 'Too many requests', type: 'rate_limit' } });
      case '500':
        return json(res, 500, { error: { message: 'Internal server error', type: 'server_error' } });
      case '503':
        return json(res, 503, { error: { message: 'Service unavailable', type: 'server_error' } });
      case 'truncated-json':
        {
          const full = content || '{"answer": "cut off here because max_tokens ran out"}';
          content = full.slice(0, Math.max(1, Math.floor(full.length / 2)));
        }
        break;
      case 'not-json':
        content = 'I am sorry, I cannot produce JSON today.';
        break;
      case 'think':
        content = `<think>\nLet me reason about {"not": "this"} first.\n</think>\n${content}`;
        break;
      case 'empty':
        content = '';
        break;
    }
    const usage = { prompt_tokens: countTokens(body.messages.map((m) => m.content).join(' ')), completion_tokens: countTokens(content) };
    if (body.stream) return stream(res, body.model, content);
    json(res, 200, {
      id: `chatcmpl-${received.n}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: body.model,
      choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: reply.fault === 'truncated-json' ? 'length' : 'stop' }],
      usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
    });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    get requests() {
      return state.requests;
    },
    get modelListCalls() {
      return state.modelListCalls;
    },
    get maxInFlight() {
      return state.maxInFlight;
    },
    get faultsInjected() {
      return state.faultsInjected;
    },
    setReply(next) {
      script = next;
      rng = mulberry32(options.seed ?? 1);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}


function json(res: http.ServerResponse, status: number, value: unknown): void {
  const text = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Server-sent events the way OpenAI streams: role chunk, content pieces, finish chunk, [DONE]. */
function stream(res: http.ServerResponse, model: string, content: string): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const base = { id: 'chatcmpl-stream', object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model };
  const send = (delta: Record<string, unknown>, finish: string | null) =>
    res.write(`data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`);
  send({ role: 'assistant', content: '' }, null);
  for (let i = 0; i < content.length; i += 8) send({ content: content.slice(i, i + 8) }, null);
  send({}, 'stop');
  res.end('data: [DONE]\n\n');
}

function countTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

