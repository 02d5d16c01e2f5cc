// Verdicts per second of `seif verify` (the TypeScript core) against SEIF's own Python checkers on the
// same corpus (test/golden/parity.jsonl.gz: ~4000 cases over all 25 ids), in the same run; prints the
// ratio. Target: ≥ 10×. A verdict = one instruction checked strict and loose (8 loose variants).
// Times are CPU seconds (process.cpuUsage / time.process_time), robust to other load on the machine.
// Usage: SEIF_REPO=/path/to/SEIF npx tsx bench/verify.ts      (without SEIF_REPO: TypeScript figures only)
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { verifyJsonlText } from '../src/core/checkers/batch';
import { runCli } from '../src/cli/main';

const ROOT = path.resolve(__dirname, '..');
const PY = process.env.SEIF_PYTHON ?? '/usr/bin/python3';
const PUNKT_JSON = '/usr/share/gocode/src/gopkg.in/neurosnap/sentences.v1/data/english.json';

const golden = zlib.gunzipSync(fs.readFileSync(path.join(ROOT, 'test', 'golden', 'parity.jsonl.gz'))).toString('utf8');
const cases = golden
  .split('\n')
  .filter(Boolean)
  .map((l) => {
    const { python: _python, ...c } = JSON.parse(l) as Record<string, unknown>;
    return JSON.stringify(c);
  });
const corpus = cases.join('\n') + '\n';
const verdicts = cases.reduce((n, l) => n + (JSON.parse(l) as { instruction_id_list: string[] }).instruction_id_list.length, 0);

/** CPU seconds (user + system) of the best of `repeats` runs: wall time is meaningless on a shared machine. */
function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

function best(repeats: number, fn: () => void): number {
  let s = Infinity;
  for (let i = 0; i < repeats; i++) {
    const t0 = cpuSeconds();
    fn();
    s = Math.min(s, cpuSeconds() - t0);
  }
  return s;
}

async function timeCli(dir: string): Promise<number> {
  const input = path.join(dir, 'cases.jsonl');
  fs.writeFileSync(input, corpus);
  const io = { stdout: () => {}, stderr: () => {}, cwd: dir, env: process.env };
  // Load the CLI's modules first: a built dist/cli.js does not pay tsx's compile cost.
  await runCli(['verify', '--help'], io);
  let s = Infinity;
  for (let i = 0; i < 3; i++) {
    const t0 = cpuSeconds();
    const code = await runCli(['verify', '--in', input, '--out', path.join(dir, 'out.jsonl')], io);
    if (code !== 0) throw new Error(`seif verify exited ${code}`);
    s = Math.min(s, cpuSeconds() - t0);
  }
  return s;
}

/** SEIF's checkers on the same corpus: repaired temp copy of modules/, seeded langdetect; CPU seconds (first pass, best warm pass). */
function timePython(dir: string): { first: number; warm: number } | string {
  const repo = process.env.SEIF_REPO;
  if (!repo) return 'set SEIF_REPO to a checkout (or git dir) of Rainier-rq1/SEIF to time the Python baseline';
  if (!fs.existsSync(PY)) return `${PY} not found (Debian python3 with python3-nltk, -langdetect, -immutabledict, -absl)`;
  let src = path.join(repo, 'modules');
  if (!fs.existsSync(src)) {
    src = path.join(dir, 'src');
    fs.mkdirSync(src);
    for (const f of ['instructions.py', 'instructions_registry.py', 'instructions_util.py']) {
      fs.writeFileSync(path.join(src, f), execFileSync('git', ['--git-dir', repo, 'show', `HEAD:modules/${f}`]));
    }
  }
  execFileSync(PY, [path.join(ROOT, 'test/parity/repair_modules.py'), src, path.join(dir, 'py')]);
  const env: NodeJS.ProcessEnv = { ...process.env, SEIF_PARITY_TIMING: '1' };
  const hasPunkt = spawnSync(PY, ['-c', "import nltk; nltk.data.find('tokenizers/punkt/english.pickle')"]).status === 0;
  if (!hasPunkt) {
    execFileSync(PY, [path.join(ROOT, 'test/parity/make_punkt_pickle.py'), PUNKT_JSON, path.join(dir, 'nltk_data')]);
    env.NLTK_DATA = path.join(dir, 'nltk_data');
  }
  const r = spawnSync(PY, [path.join(ROOT, 'test/parity/run_python.py'), path.join(dir, 'py')], { input: corpus, env, maxBuffer: 1 << 28 });
  if (r.status !== 0) return `Python harness failed: ${r.stderr.toString().slice(-400)}`;
  const timing = JSON.parse(r.stderr.toString().trim().split('\n').pop()!) as { first_cpu_seconds: number; warm_cpu_seconds: number };
  return { first: timing.first_cpu_seconds, warm: timing.warm_cpu_seconds };
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seif-bench-verify-'));
  try {
    const coldCore = best(1, () => verifyJsonlText(corpus)); // first run: loads Punkt and langdetect data
    const warmCore = best(5, () => verifyJsonlText(corpus));
    const cli = await timeCli(dir);
    const rate = (s: number) => `${Math.round(verdicts / s).toLocaleString('en-US')} verdicts/s`;
    console.log(`corpus: ${cases.length} cases, ${verdicts} verdicts (strict + loose each), cpus: ${os.cpus().length}`);
    console.log(`TypeScript core, first run          : ${coldCore.toFixed(2)} s CPU  ${rate(coldCore)}`);
    console.log(`TypeScript core, warm (best of 5)   : ${warmCore.toFixed(2)} s CPU  ${rate(warmCore)}`);
    console.log(`seif verify, file → file (best of 3): ${cli.toFixed(2)} s CPU  ${rate(cli)}`);
    const py = timePython(dir);
    if (typeof py === 'string') {
      console.log(`Python baseline: unavailable — ${py}`);
      return;
    }
    console.log(`SEIF Python, first pass             : ${py.first.toFixed(2)} s CPU  ${rate(py.first)}`);
    console.log(`SEIF Python, warm (best of 2)       : ${py.warm.toFixed(2)} s CPU  ${rate(py.warm)}`);
    console.log(`ratio warm (TS core / Python)        : ${(py.warm / warmCore).toFixed(1)}×  (target ≥ 10×)`);
    console.log(`ratio seif verify / Python warm      : ${(py.warm / cli).toFixed(1)}×`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main();
