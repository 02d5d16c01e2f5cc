// bench/llm.ts — throughput of the LLM layer against the loopback OpenAI server.
// With a fixed reply latency L and concurrency C the ceiling is C/L requests per second; generation and
// judging should reach ≥ 90 % of it. A raw fetch pool measured in the same run is the practical baseline.
// Then 10 % injected faults (429/500/503/truncated JSON): every seed must be generated or listed as failed.
// The server runs in its own process so that its CPU does not count against the client.
// Run: node --import tsx bench/llm.ts [L_ms=200] [C=16] [N=400]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLlmClient, parseRoleEndpoint } from '../src/core/llm';
import { generateInstructions, judgeConstraints, type Instruction } from '../src/core/roles';
import { fork } from 'node:child_process';

const L = Number(process.argv[2] ?? 200);
const C = Number(process.argv[3] ?? 16);
const N = Number(process.argv[4] ?? 400);
const ceiling = (C * 1000) / L;

/** Starts the loopback server in a child process (see llm-server-worker.ts). */
async function serverThread(options: Record<string, unknown>): Promise<{ baseUrl: string; close(): Promise<number> }> {
  const child = fork(path.join(__dirname, 'llm-server-worker.ts'), [JSON.stringify(options)], { execArgv: ['--import', 'tsx'] });
  const baseUrl = await new Promise<string>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { baseUrl: string }).baseUrl));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the bench server exited (${code})`)));
  });
  return {
    baseUrl,
    close: () =>
      new Promise<number>((resolve) => {
        child.once('message', (m) => resolve((m as { faultsInjected: number }).faultsInjected));
        child.send('close');
      }),
  };
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
  const clean = await serverThread({ latencyMs: L });
  const baseline = await rawBaseline(clean.baseUrl);
  const gen = await generation(clean.baseUrl, true);
  const judge = await judging(clean.baseUrl);
  await clean.close();

  const faulty = await serverThread({ latencyMs: L, faultRate: 0.1, faultKinds: ['429', '500', '503', 'truncated-json'], seed: 3 });
  const withFaults = await generation(faulty.baseUrl, false);
  const injected = await faulty.close();

  const pct = (x: number, of: number) => `${((100 * x) / of).toFixed(1)} %`;
  console.log(`LLM layer: L=${L} ms, C=${C}, N=${N} requests → ceiling C/L = ${ceiling.toFixed(1)} req/s`);
  console.log(`  raw fetch pool (baseline) ${baseline.toFixed(1)} req/s = ${pct(baseline, ceiling)} of C/L`);
  console.log(`  generation                ${gen.rate.toFixed(1)} req/s = ${pct(gen.rate, ceiling)} of C/L, ${pct(gen.rate, baseline)} of baseline`);
  console.log(`  judging                   ${judge.toFixed(1)} req/s = ${pct(judge, ceiling)} of C/L, ${pct(judge, baseline)} of baseline`);
  console.log(`  with 10 % faults (${injected} injected): generated ${withFaults.generated}, listed failed ${withFaults.failed}, rows lost ${withFaults.lost}`);
}

void main();
