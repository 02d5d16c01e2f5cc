// Round stats (mapping, counts, drift) over every shared q_T file — 7 rounds, 35,532 instructions — against the
// baseline of a plain read of the same files, both measured in this run. Target: stats of all rounds < 2 s.
// Usage: npx tsx bench/stats.ts [dataDir]   (default ../shared/seif-data, else generated rounds)
// BENCH_REPEATS (warm passes, default 3), BENCH_COLD_RUNS (fresh processes per cold figure, default 3).
import { execFileSync } from 'node:child_process';
import { loadDataset } from '../src/core/dataset/dataset';
import { readParquetFile } from '../src/core/dataset/parquet';
import { roundStatsOfFile } from '../src/core/insight';
import { benchRoundFiles, best } from './support';

/** One cold pass in a fresh process (what a `seif stats` call costs, JIT and regex compilation included). */
function coldInChild(mode: 'read' | 'stats', files: string[]): number {
  const out = execFileSync(process.execPath, [...process.execArgv, __filename, `--cold-${mode}`, ...files], { encoding: 'utf8' });
  return Number(out.trim().split('\n').pop());
}

/** Median of `runs` cold passes, read and stats alternating (a shared machine's load changes run to run). */
function coldMedians(files: string[], runs: number): { read: number; stats: number } {
  const read: number[] = [];
  const stats: number[] = [];
  for (let i = 0; i < runs; i++) {
    read.push(coldInChild('read', files));
    stats.push(coldInChild('stats', files));
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return { read: median(read), stats: median(stats) };
}

async function coldPass(mode: 'read' | 'stats', files: string[]): Promise<void> {
  const t0 = performance.now();
  for (const f of files) {
    if (mode === 'read') await readParquetFile(f);
    else await roundStatsOfFile(f);
  }
  console.log(String(performance.now() - t0));
}

async function main(): Promise<void> {
  const cold = /^--cold-(read|stats)$/.exec(process.argv[2] ?? '');
  if (cold) return coldPass(cold[1] as 'read' | 'stats', process.argv.slice(3));
  const { files, source } = await benchRoundFiles(process.argv[2]);
  const repeats = Number(process.env.BENCH_REPEATS ?? 3);
  const coldRuns = Number(process.env.BENCH_COLD_RUNS ?? 3);
  console.log(`[bench] ${files.length} q_T files from ${source}, warm: best of ${repeats}, cold: median of ${coldRuns} fresh processes`);

  const { read: coldRead, stats: coldStats } = coldMedians(files, coldRuns);
  let constraints = 0;
  for (const f of files) constraints += (await roundStatsOfFile(f)).constraints;

  const read = await best(async () => {
    let rows = 0;
    for (const f of files) rows += (await readParquetFile(f)).rows.length;
    return rows;
  }, repeats);
  const load = await best(async () => {
    let rows = 0;
    for (const f of files) rows += (await loadDataset(f)).rows.length;
    return rows;
  }, repeats);
  const stats = await best(async () => {
    let rows = 0;
    for (const f of files) rows += (await roundStatsOfFile(f)).rows;
    return rows;
  }, repeats);

  console.log(`[bench] rows ${stats.count}, constraints ${constraints}`);
  console.log(`[bench] baseline plain read (readParquetFile): ${read.ms.toFixed(0)} ms warm, ${coldRead.toFixed(0)} ms cold`);
  console.log(`[bench] loadDataset (read + row validation): ${load.ms.toFixed(0)} ms warm`);
  console.log(`[bench] seif stats (load + map + stats + drift): ${stats.ms.toFixed(0)} ms warm, ${coldStats.toFixed(0)} ms cold`);
  console.log(`[bench] CPU time: plain read ${read.cpuMs.toFixed(0)} ms, seif stats ${stats.cpuMs.toFixed(0)} ms`);
  console.log(`[bench] ratio stats / plain read: ${(stats.ms / read.ms).toFixed(2)}× warm, ${(coldStats / coldRead).toFixed(2)}× cold, ${(stats.cpuMs / read.cpuMs).toFixed(2)}× CPU`);
  console.log(`[bench] target < 2000 ms: ${stats.ms < 2000 ? 'met' : 'NOT met'} warm, ${coldStats < 2000 ? 'met' : 'NOT met'} cold`);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
