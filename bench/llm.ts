// bench/llm.ts — throughput of the LLM layer against the loopback OpenAI server.
// With a fixed reply latency L and concurrency C the ceiling is C/L requests per second; generation and
// judging should reach ≥ 90 % of it. A raw fetch pool measured in the same run is the practical baseline.
// Then 10 % injected faults (429/500/503/truncated JSON): every seed must be generated or listed as failed.
// Run: node --import tsx bench/llm.ts [L_ms=200] [C=16] [N=400]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLlmClient, parseRoleEndpoint } from '../src/core/llm';
import { generateInstructions, judgeConstraints, type Instruction } from '../src/core/roles';
import { startOpenAiServer, type ReceivedRequest } from '../test/support/openai-server';

const L = Number(process.argv[2] ?? 200);
const C = Number(process.argv[3] ?? 16);
const N = Number(process.argv[4] ?? 400);
const ceiling = (C * 1000) / L;

function reply(r: ReceivedRequest): string {
  const prompt = r.body.messages.at(-1)!.content;
  if (prompt.startsWith('Answer:')) return '{"followed": true, "reason": "ok"}';
  const n = prompt.includes('"c5"') ? 5 : 3;
  return JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [`c${i + 1}`, `The response should satisfy rule ${i + 1}.`])));
}

async function rawBaseline(baseUrl: string): Promise<number> {
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next++ < N) {
      const res = await fetch(`${baseUrl}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'test-model', messages: [{ role: 'user', content: 'Answer:\nx' }] }),
      });
      await res.json();
    }
  };
  await Promise.all(Array.from({ length: C }, worker));
  return N / ((performance.now() - started) / 1000);
}

async function generation(baseUrl: string, faultFree: boolean) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seif-bench-'));
  const seedsFile = path.join(dir, 'seed.jsonl');
  fs.writeFileSync(seedsFile, Array.from({ length: N }, (_, i) => JSON.stringify({ prompt: `Bench seed ${i}` })).join('\n') + '\n');
  const before = Date.now();
  const s = await generateInstructions({
    seedsFile,
    outFile: path.join(dir, 'q_T.parquet'),
    endpoint: parseRoleEndpoint('instructor', { baseUrl, model: 'test-model', concurrency: C, retries: 4, timeoutMs: 10_000 }),
    backoffMs: faultFree ? 1 : 20,
  });
  const seconds = (Date.now() - before) / 1000;
  fs.rmSync(dir, { recursive: true, force: true });
  return { rate: N / seconds, lost: N - s.generated - s.failed, generated: s.generated, failed: s.failed };
}

async function judging(baseUrl: string): Promise<number> {
  const client = createLlmClient(parseRoleEndpoint('judge', { baseUrl, model: 'test-model', concurrency: C, retries: 2 }), { role: 'judge' });
  const perInstruction = 5;
  const instructions: Instruction[] = Array.from({ length: Math.ceil(N / perInstruction) }, (_, i) => ({
    seed: `seed ${i}`,
    constraints: Array.from({ length: perInstruction }, (_, k) => `constraint ${k} of ${i}`),
    ids: Array(perInstruction).fill('soft'),
    kwargs: Array(perInstruction).fill({}),
  }));
  const started = performance.now();
  await Promise.all(instructions.map((ins, i) => judgeConstraints(client, `answer ${i}`, ins)));
  return (instructions.length * perInstruction) / ((performance.now() - started) / 1000);
}

async function main() {
  const clean = await startOpenAiServer({ latencyMs: L, reply });
  const baseline = await rawBaseline(clean.baseUrl);
  const gen = await generation(clean.baseUrl, true);
  const judge = await judging(clean.baseUrl);
  await clean.close();

  const faulty = await startOpenAiServer({ latencyMs: L, reply, faultRate: 0.1, faultKinds: ['429', '500', '503', 'truncated-json'], seed: 3 });
  const withFaults = await generation(faulty.baseUrl, false);
  const injected = faulty.faultsInjected;
  await faulty.close();

  const pct = (x: number, of: number) => `${((100 * x) / of).toFixed(1)} %`;
  console.log(`LLM layer: L=${L} ms, C=${C}, N=${N} requests → ceiling C/L = ${ceiling.toFixed(1)} req/s`);
  console.log(`  raw fetch pool (baseline) ${baseline.toFixed(1)} req/s = ${pct(baseline, ceiling)} of C/L`);
  console.log(`  generation                ${gen.rate.toFixed(1)} req/s = ${pct(gen.rate, ceiling)} of C/L, ${pct(gen.rate, baseline)} of baseline`);
  console.log(`  judging                   ${judge.toFixed(1)} req/s = ${pct(judge, ceiling)} of C/L, ${pct(judge, baseline)} of baseline`);
  console.log(`  with 10 % faults (${injected} injected): generated ${withFaults.generated}, listed failed ${withFaults.failed}, rows lost ${withFaults.lost}`);
}

void main();
