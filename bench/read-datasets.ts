// Reads every q_T file of SEIF's released data into JS rows with the project's reader (hyparquet) and with
// @duckdb/node-api (the baseline), in the same run, and prints the ratio. Target: ≥ 2× DuckDB.
// Usage: npx tsx bench/read-datasets.ts [dataDir]   (default ../shared/seif-data, else generated rounds)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { readParquetFile } from '../src/core/dataset/parquet';
import { sharedSeifDataDir } from '../src/core/util/paths';
import { writeParquetFile } from '../src/core/dataset/parquet';
import { instructionsShape } from '../src/core/dataset/seif-shapes';
import { instructionRows } from '../test/support/fixtures';

function roundFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...roundFiles(full));
    else if (/^q_T\d+\.parquet$/.test(e.name)) out.push(full);
  }
  return out.sort();
}

async function generated(): Promise<string[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seif-bench-'));
  const files: string[] = [];
  for (let t = 1; t <= 4; t++) {
    const f = path.join(dir, `q_T${t}.parquet`);
    await writeParquetFile(f, instructionsShape(), instructionRows(5000, t));
    files.push(f);
  }
  return files;
}

async function timeIt(fn: () => Promise<number>, repeats: number): Promise<{ ms: number; rows: number }> {
  let best = Infinity;
  let rows = 0;
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    rows = await fn();
    best = Math.min(best, performance.now() - t0);
  }
  return { ms: best, rows };
}

async function main(): Promise<void> {
  const dataDir = process.argv[2] ?? sharedSeifDataDir(path.resolve(__dirname, '..'));
  const files = dataDir ? roundFiles(dataDir) : await generated();
  console.log(`[bench] ${files.length} q_T files from ${dataDir ?? 'generated data (no ../shared/seif-data)'}`);
  const duck = await (await DuckDBInstance.create(':memory:')).connect();
  const repeats = Number(process.env.BENCH_REPEATS ?? 3);
  // Warm both paths once (module init, file cache) before measuring.
  await readParquetFile(files[0]!);
  await duck.runAndReadAll(`select * from read_parquet('${files[0]}')`);
  const ours = await timeIt(async () => {
    let n = 0;
    for (const f of files) n += (await readParquetFile(f)).rows.length;
    return n;
  }, repeats);
  const baseline = await timeIt(async () => {
    let n = 0;
    for (const f of files) n += (await duck.runAndReadAll(`select * from read_parquet('${f.replace(/'/g, "''")}')`)).getRowObjects().length;
    return n;
  }, repeats);
  if (ours.rows !== baseline.rows) throw new Error(`row counts differ: ours ${ours.rows}, duckdb ${baseline.rows}`);
  const ratio = baseline.ms / ours.ms;
  console.log(`[bench] rows read: ${ours.rows}`);
  console.log(`[bench] seif (hyparquet) into JS rows: ${ours.ms.toFixed(0)} ms (best of ${repeats})`);
  console.log(`[bench] @duckdb/node-api into JS rows:  ${baseline.ms.toFixed(0)} ms (best of ${repeats}, baseline)`);
  console.log(`[bench] speed ratio vs DuckDB: ${ratio.toFixed(2)}× (target ≥ 2×) ${ratio >= 2 ? 'OK' : 'BELOW TARGET'}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
