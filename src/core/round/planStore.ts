// The plan a round was started with, kept in the workspace so `round resume` continues the same runs.
import fs from 'node:fs';
import path from 'node:path';
import { SeifError } from '../errors';
import type { SshConnection } from '../remote/connection';
import { writeFileAtomic } from '../util/atomic';
import { absolutePath } from './scripts';
import type { RoundPlan } from './types';

export function planFile(workspaceRoot: string, round: number): string {
  return path.join(workspaceRoot, '.seif', 'rounds', `round-${round}.plan.json`);
}

export async function savePlan(workspaceRoot: string, plan: RoundPlan): Promise<string> {
  const file = planFile(workspaceRoot, plan.round);
  await writeFileAtomic(file, `${JSON.stringify(plan, null, 2)}\n`);
  return file;
}

export async function loadSavedPlan(workspaceRoot: string, round: number): Promise<RoundPlan | undefined> {
  const file = planFile(workspaceRoot, round);
  let text: string;
  try {
    text = await fs.promises.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new SeifError(`cannot read the saved plan: ${(e as Error).message}`, file);
  }
  try {
    const plan = JSON.parse(text) as RoundPlan;
    if (plan.version !== 1 || plan.round !== round) throw new Error(`not a version-1 plan of round ${round}`);
    return plan;
  } catch (e) {
    throw new SeifError(`the saved plan is damaged: ${(e as Error).message}`, file);
  }
}

/** The step to resume a train phase from (its save dir's latest_global_step.txt), if any. */
export async function latestSavedStep(conn: SshConnection, saveDir: string): Promise<number | undefined> {
  const home = (await conn.exec('printf "%s" "$HOME"')).stdout;
  const text = (await conn.readFile(`${absolutePath(saveDir, home)}/latest_global_step.txt`))?.toString('utf8').trim();
  return text && /^\d+$/.test(text) ? Number(text) : undefined;
}
