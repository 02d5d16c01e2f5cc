// Shared set-up of the round tests (the bed itself: use-bed.ts): a generated SEIF workspace, plan options
// unique per test, the stand-in trainer's knobs.
import fs from 'node:fs';
import path from 'node:path';
import type { PlanOptions } from '../../../src/core/round/index';
import { writeGeneratedWorkspace } from '../fixtures';
import { tempDir } from '../tmp';
import type { SshTestBed } from './testbed';

/** Fast probes and watchdog ticks for the stand-ins (real models take minutes). */
export const fast = { probeIntervalMs: 150, watchdogIntervalMs: 250, readyTimeoutMs: 30_000, stopGraceSeconds: 2 };

/** Steps, seconds per step, checkpoint frequency and a failing step of the stand-in trainer. */
export function fakeTrainer(bed: SshTestBed, knobs: { steps: number; stepSeconds: number; saveFreq: number; failAtStep?: number }): void {
  fs.writeFileSync(path.join(bed.seifDir, 'fake.json'), JSON.stringify(knobs));
}

/** A workspace with generated seed and q_T1 parquet files and a seif.json for family QWEN-7B. */
export async function roundWorkspace(): Promise<string> {
  const dir = tempDir('seif-round-');
  await writeGeneratedWorkspace(dir, { family: 'QWEN-7B', rounds: 1, rows: 5 });
  fs.writeFileSync(path.join(dir, 'seif.json'), JSON.stringify({ version: 1, family: 'QWEN-7B', baseModel: 'Qwen/Qwen2.5-7B-Instruct', seed: 'data/seed.parquet', rounds: [] }));
  return dir;
}

let port = 41000 + Math.floor(Math.random() * 2000) * 10;

/** Plan options unique to one test: own work folder, run prefix and ports. */
export function bedPlanOptions(bed: SshTestBed, name: string): PlanOptions {
  port += 10;
  return { seifDir: bed.seifDir, workDir: `$HOME/work-${bed.tag}-${name}`, runPrefix: `${bed.tag}-${name}`, basePort: port, gpus: 8 };
}
