// The loopback OpenAI server for bench/llm.ts, in its own process: the server's CPU is not the client's,
// so the benchmark measures the LLM layer, not the test peer sharing its event loop.
import { startOpenAiServer, type ReceivedRequest } from '../test/support/openai-server';

function reply(r: ReceivedRequest): string {
  const prompt = r.body.messages.at(-1)!.content;
  if (prompt.startsWith('Answer:')) return '{"followed": true, "reason": "ok"}';
  const n = prompt.includes('"c5"') ? 5 : 3;
  return JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [`c${i + 1}`, `The response should satisfy rule ${i + 1}.`])));
}

const options = JSON.parse(process.argv[2] ?? '{}') as Omit<Parameters<typeof startOpenAiServer>[0], 'reply'>;
void startOpenAiServer({ ...options, reply }).then((server) => {
  process.send!({ baseUrl: server.baseUrl });
  process.on('message', async (m: unknown) => {
    if (m !== 'close') return;
    const faultsInjected = server.faultsInjected;
    await server.close();
    process.send!({ closed: true, faultsInjected }, () => process.exit(0));
  });
});
