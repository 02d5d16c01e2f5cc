// Reads every q_T file of SEIF's released data into JS rows with the project's reader (its own decoder for
// SEIF's shapes, src/core/dataset/fast) and with @duckdb/node-api (the baseline), in the same run, and prints
// the ratio. Target: ≥ 2× DuckDB.
// Usage: npx tsx bench/read-datasets.ts [dataDir]   (default ../shared/seif-data, else generated rounds)
import { DuckDBInstance } from '@duckdb/node-api';
import { readParquetFile } from '../src/core/dataset/parquet';
import { benchRoundFiles, best } from './support';

async function main(): Promise<void> {
  const { files, source } = await benchRoundFiles(process.argv[2]);
  console.log(`[bench] ${files.length} q_T files from ${source}`);
  const duck = await (await DuckDBInstance.create(':memory:')).connect();
  const repeats = Number(process.env.BENCH_REPEATS ?? 3);
  // Warm both paths once (module init, file cache) before measuring; say which decoder each file takes.
  const decoders = new Set<string>();
  for (const f of files) decoders.add(`${(await readParquetFile(f)).decoder}`);
  console.log(`[bench] decoder used: ${[...decoders].join(', ')}`);
  await duck.runAndReadAll(`select * from read_parquet('${files[0]}')`);
  const ours = await best(async () => {
    let n = 0;
    for (const f of files) n += (await readParquetFile(f)).rows.length;
    return n;
  }, repeats);
  const baseline = await best(async () => {
    let n = 0;
    for (const f of files) n += (await duck.runAndReadAll(`select * from read_parquet('${f.replace(/'/g, "''")}')`)).getRowObjects().length;
    return n;
  }, repeats);
  if (ours.count !== baseline.count) throw new Error(`row counts differ: ours ${ours.count}, duckdb ${baseline.count}`);
  const ratio = baseline.ms / ours.ms;
  console.log(`[bench] rows read: ${ours.count}`);
  console.log(`[bench] seif (own decoder) into JS rows: ${ours.ms.toFixed(0)} ms (best of ${repeats})`);
  console.log(`[bench] @duckdb/node-api into JS rows:  ${baseline.ms.toFixed(0)} ms (best of ${repeats}, baseline)`);
  console.log(`[bench] speed ratio vs DuckDB: ${ratio.toFixed(2)}× (target ≥ 2×) ${ratio >= 2 ? 'OK' : 'BELOW TARGET'}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
