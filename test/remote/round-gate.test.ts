// A SEIF round end to end on a real sshd with the stand-in SEIF checkout: role servers with readiness probes,
// Instructor GRPO, merge, generation, the review gate, upload of the curated parquet, Follower GRPO, merge.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { listJobs, readJobLog } from '../../src/core/remote/index';
import { planRound, runRound } from '../../src/core/round/index';
import { loadManifest, saveManifest } from '../../src/core/workspace/manifest';
import { bedPlanOptions, fakeTrainer, fast, roundWorkspace } from '../support/sshd/round-bed';
import { host, skip, useSshTestBed } from '../support/sshd/use-bed';

const ctx = useSshTestBed();

test('round 1 runs to the review gate, then from the upload to F_1; the manifest records every artefact', { skip }, async () => {
  const { bed, pool } = ctx;
  fakeTrainer(bed, { steps: 3, stepSeconds: 0.15, saveFreq: 2 });
  const dir = await roundWorkspace();
  const plan = planRound((await loadManifest(dir))!, 1, bedPlanOptions(bed, 'full'));
  const progress: number[] = [];
  const first = await runRound({ pool, host, plan, workspaceRoot: dir, ...fast, events: { progress: (j, _id, p) => j.kind === 'train' && p.step !== undefined && progress.push(p.step) } });
  assert.equal(first.failed, undefined, first.failed?.message);
  assert.deepEqual(first.completed, ['servers-i', 'instructor', 'merge-i', 'generate']);
  assert.match(first.gate!.message, /seif round resume .*--phase upload/);
  // Progress arrives per batch of log lines: increasing, ending at the last step.
  assert.deepEqual([...progress].sort((a, b) => a - b), progress);
  assert.equal(progress.at(-1), 3);
  const conn = await pool.get(host);
  const workDir = `${bed.home}/work-${bed.tag}-full/round-1`;
  let m = (await loadManifest(dir))!;
  assert.equal(m.rounds[0]!.checkpoints.instructor, `${workDir}/instructor/global_step_3/actor/huggingface`);
  const instr = m.rounds[0]!.runs!.find((r) => r.phase === 'instructor')!;
  assert.deepEqual([instr.outcome, instr.message], ['succeeded', 'reached step 3 of 3']);
  const log = (await readJobLog(conn, first.runIds[plan.phases[1]!.jobs[0]!.id]!)).data.toString();
  assert.match(log, /Dataset class: RLHFDataset role=instructor/);
  const generated = (await conn.readFile(`${workDir}/q_T1.jsonl`))!.toString().trim().split('\n');
  assert.equal(generated.length, 5);
  // Role servers are stopped once their phase is over (their GPUs are needed next).
  const services = (await listJobs(conn)).filter((j) => j.id.startsWith(`${bed.tag}-full`) && /filter|answer|judge|chuti/.test(j.id));
  assert.equal(services.length, 4);
  assert.ok(services.every((j) => j.state === 'stopped'), JSON.stringify(services.map((j) => j.state)));

  // The researcher curates and exports; the export is recorded in the manifest.
  m.rounds[0]!.curated = 'data/Self-IF-Self-QWEN-7B/q_T1.parquet';
  await saveManifest(dir, m);
  const plan2 = planRound((await loadManifest(dir))!, 1, bedPlanOptions(bed, 'full'));
  const second = await runRound({ pool, host, plan: { ...plan2, runPrefix: plan.runPrefix }, workspaceRoot: dir, from: 'upload', pastGate: true, ...fast });
  assert.equal(second.failed, undefined, second.failed?.message);
  assert.deepEqual(second.completed, ['upload', 'servers-f', 'follower', 'merge-f']);
  assert.deepEqual(await conn.readFile(`${workDir}/q_T1.curated.parquet`), fs.readFileSync(path.join(dir, 'data/Self-IF-Self-QWEN-7B/q_T1.parquet')));
  m = (await loadManifest(dir))!;
  assert.equal(m.rounds[0]!.checkpoints.follower, `${workDir}/follower/global_step_9/actor/huggingface`);
  const follower = m.rounds[0]!.runs!.find((r) => r.phase === 'follower')!;
  assert.equal(follower.message, 'reached step 9 of 9'); // 3 epochs in round 1
  const flog = (await readJobLog(conn, second.runIds[plan2.phases.find((p) => p.id === 'follower')!.jobs[0]!.id]!)).data.toString();
  assert.match(flog, /Dataset class: RLHFDataset role=follower/);
});
