// Shared by the benchmarks: which files to run on, and how to time a pass.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeParquetFile } from '../src/core/dataset/parquet';
import { instructionsShape } from '../src/core/dataset/seif-shapes';
import { sharedSeifDataDir } from '../src/core/util/paths';
import { instructionRows } from '../test/support/fixtures';

export function roundFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...roundFiles(full));
    else if (/^q_T\d+\.parquet$/.test(e.name)) out.push(full);
  }
  return out.sort();
}

/** Four generated 5,000-row rounds, for machines without ../shared/seif-data. */
export async function generatedRounds(): Promise<string[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seif-bench-'));
  const files: string[] = [];
  for (let t = 1; t <= 4; t++) {
    const f = path.join(dir, `q_T${t}.parquet`);
    await writeParquetFile(f, instructionsShape(), instructionRows(5000, t));
    files.push(f);
  }
  return files;
}

/** The q_T files of `argDir`, else of SEIF's shared data, else generated ones; with a label for the report. */
export async function benchRoundFiles(argDir: string | undefined): Promise<{ files: string[]; source: string }> {
  const dataDir = argDir ?? sharedSeifDataDir(path.resolve(__dirname, '..'));
  if (dataDir) return { files: roundFiles(dataDir), source: dataDir };
  return { files: await generatedRounds(), source: 'generated data (no ../shared/seif-data)' };
}

/** Best wall time of `repeats` runs, and the process CPU time of that run (steadier on a shared machine). */
export async function best(fn: () => Promise<number>, repeats: number): Promise<{ ms: number; cpuMs: number; count: number }> {
  let ms = Infinity;
  let cpuMs = Infinity;
  let count = 0;
  for (let i = 0; i < repeats; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    count = await fn();
    const wall = performance.now() - t0;
    const c = process.cpuUsage(c0);
    if (wall < ms) {
      ms = wall;
      cpuMs = (c.user + c.system) / 1000;
    }
  }
  return { ms, cpuMs, count };
}
