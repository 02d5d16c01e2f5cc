import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import fs from 'node:fs';
import { SeifError } from '../errors';
import { loadRuntime, type LlamaRuntime } from './runtime';

export interface LocalEndpointOptions {
  ggufPath: string;
  /** 0 or absent: any free port. Always bound to 127.0.0.1. */
  port?: number;
  /** Served model name; default the file name without .gguf. */
  model?: string;
  /** CPU threads; default 1 on machines with ≤ 4 cores (more threads were 600× slower on 2 cores). */
  threads?: number;
  contextSize?: number;
  /** Where node-llama-cpp is installed on demand. */
  runtimeDir?: string;
  log?: (line: string) => void;
}

export interface LocalEndpoint {
  baseUrl: string;
  model: string;
  stop(): Promise<void>;
}

interface ChatBody {
  model?: string;
  messages?: { role: string; content: unknown }[];
  max_tokens?: number;
  max_completion_tokens?: number;
  temperature?: number;
  seed?: number;
  stream?: boolean;
  response_format?: { type?: string; json_schema?: { schema?: unknown } };
  guided_json?: unknown;
  guided_choice?: string[];
}

export function defaultThreads(cores = os.availableParallelism()): number {
  return cores <= 4 ? 1 : Math.min(8, Math.floor(cores / 2));
}

/**
 * Serves a GGUF model as an OpenAI-compatible endpoint on 127.0.0.1 (GET /v1/models, POST
 * /v1/chat/completions with json_schema / guided_json / guided_choice as grammars). One request at a time.
 */
export async function startLocalEndpoint(options: LocalEndpointOptions): Promise<LocalEndpoint> {
  const ggufPath = path.resolve(options.ggufPath);
  if (!fs.existsSync(ggufPath)) throw new SeifError('GGUF model file not found', ggufPath);
  const model = options.model ?? path.basename(ggufPath).replace(/\.gguf$/i, '');
  const runtime: LlamaRuntime = await loadRuntime(options.runtimeDir, options.log);
  const llama = await runtime.getLlama({ gpu: false, build: 'never', logLevel: 'error' });
  let loaded;
  try {
    loaded = await llama.loadModel({ modelPath: ggufPath });
  } catch (e) {
    await llama.dispose();
    throw new SeifError(`cannot load the model: ${(e as Error).message}`, ggufPath, undefined, { cause: e });
  }
  const llamaModel = loaded;
  const context = await llamaModel.createContext({ contextSize: options.contextSize ?? 4096, threads: options.threads ?? defaultThreads(), sequences: 1 });
  let queue: Promise<unknown> = Promise.resolve();

  async function complete(body: ChatBody, signal: AbortSignal): Promise<{ content: string; prompt: number; completion: number }> {
    const messages = (body.messages ?? []).map((m) => ({ role: m.role, content: typeof m.content === 'string' ? m.content : JSON.stringify(m.content) }));
    const last = messages.at(-1);
    if (!last || last.role !== 'user') throw new BadRequest('the last message must come from the user');
    const history = messages.slice(0, -1).map((m) =>
      m.role === 'system' ? { type: 'system', text: m.content } : m.role === 'assistant' ? { type: 'model', response: [m.content] } : { type: 'user', text: m.content },
    );
    const schema = body.response_format?.type === 'json_schema' ? body.response_format.json_schema?.schema : (body.guided_json ?? (body.guided_choice ? { enum: body.guided_choice } : undefined));
    let grammar: unknown;
    if (schema !== undefined) {
      try {
        grammar = await llama.createGrammarForJsonSchema(schema);
      } catch (e) {
        throw new BadRequest(`unsupported JSON schema: ${(e as Error).message}`);
      }
    }
    const sequence = context.getSequence();
    const session = new runtime.LlamaChatSession({ contextSequence: sequence });
    try {
      if (history.length) session.setChatHistory(history);
      const content = await session.prompt(last.content, {
        maxTokens: body.max_completion_tokens ?? body.max_tokens ?? 512,
        temperature: body.temperature ?? 0,
        ...(body.seed !== undefined && { seed: body.seed }),
        ...(grammar !== undefined && { grammar }),
        signal,
      });
      return {
        content,
        prompt: llamaModel.tokenize(messages.map((m) => m.content).join('\n')).length,
        completion: llamaModel.tokenize(content).length,
      };
    } finally {
      session.dispose();
      sequence.dispose();
    }
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = (req.url ?? '').replace(/\?.*$/, '');
      if (req.method === 'GET' && url === '/v1/models') {
        return send(res, 200, { object: 'list', data: [{ id: model, object: 'model', created: 0, owned_by: 'node-llama-cpp' }] });
      }
      if (req.method !== 'POST' || url !== '/v1/chat/completions') return send(res, 404, { error: { message: `no route ${req.method} ${url}` } });
      let body: ChatBody;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatBody;
      } catch {
        return send(res, 400, { error: { message: 'request body is not JSON' } });
      }
      if (body.model && body.model !== model) return send(res, 404, { error: { message: `The model \`${body.model}\` does not exist (serving ${model}).` } });
      const abort = new AbortController();
      res.on('close', () => abort.abort());
      const run = queue.then(() => (abort.signal.aborted ? undefined : complete(body, abort.signal)));
      queue = run.catch(() => {});
      run.then(
        (out) => {
          if (!out || res.writableEnded) return;
          const message = { role: 'assistant', content: out.content };
          const usage = { prompt_tokens: out.prompt, completion_tokens: out.completion, total_tokens: out.prompt + out.completion };
          if (body.stream) {
            res.writeHead(200, { 'content-type': 'text/event-stream' });
            const chunk = { id: 'local', object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model, choices: [{ index: 0, delta: message, finish_reason: 'stop' }] };
            res.end(`data: ${JSON.stringify(chunk)}\n\ndata: [DONE]\n\n`);
            return;
          }
          send(res, 200, { id: 'local', object: 'chat.completion', created: Math.floor(Date.now() / 1000), model, choices: [{ index: 0, message, finish_reason: 'stop' }], usage });
        },
        (e: unknown) => {
          if (res.writableEnded || abort.signal.aborted) return;
          send(res, e instanceof BadRequest ? 400 : 500, { error: { message: (e as Error).message } });
        },
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e) => reject(new SeifError(`cannot listen on 127.0.0.1:${options.port ?? 0}: ${(e as Error).message}`)));
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    model,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await queue;
      await context.dispose();
      await llamaModel.dispose();
      await llama.dispose();
    },
  };
}

class BadRequest extends Error {}

function send(res: http.ServerResponse, status: number, value: unknown): void {
  const text = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
