// A role server that dies during training: the watchdog stops the trainer and the run is failed, not done.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listJobs } from '../../src/core/remote/index';
import { planRound, runRound } from '../../src/core/round/index';
import { loadManifest, saveManifest } from '../../src/core/workspace/manifest';
import { bedPlanOptions, fakeTrainer, fast, roundWorkspace } from '../support/sshd/round-bed';
import { host, skip, useSshTestBed } from '../support/sshd/use-bed';

const ctx = useSshTestBed();

test('a role server that dies mid-run stops the trainer and the run is failed, not done', { skip }, async () => {
  const { bed, pool } = ctx;
  fakeTrainer(bed, { steps: 40, stepSeconds: 0.25, saveFreq: 0 });
  const dir = await roundWorkspace();
  const m = (await loadManifest(dir))!;
  m.rounds.push({ t: 1, datasets: [], curated: 'data/Self-IF-Self-QWEN-7B/q_T1.parquet', checkpoints: {} });
  await saveManifest(dir, m);
  const plan = planRound((await loadManifest(dir))!, 1, bedPlanOptions(bed, 'dead'));
  let verifierPid: number | undefined;
  let killed = false;
  const r = await runRound({
    pool,
    host,
    plan,
    workspaceRoot: dir,
    only: ['upload', 'follower'],
    pastGate: true,
    ...fast,
    events: {
      job: (j, _id, st) => j.server?.role === 'verifier' && (verifierPid = st.pid ?? undefined),
      progress: (j, _id, p) => {
        if (j.kind === 'train' && (p.step ?? 0) >= 2 && !killed && verifierPid) {
          killed = true;
          process.kill(-verifierPid, 'SIGKILL'); // the vLLM server crashes
        }
      },
    },
  });
  assert.ok(killed);
  assert.equal(r.failed?.phase, 'follower');
  assert.match(r.failed!.message, /role server/);
  const rec = (await loadManifest(dir))!.rounds[0]!.runs!.at(-1)!;
  assert.equal(rec.outcome, 'failed');
  const trainer = (await listJobs(await pool.get(host))).find((j) => j.id === r.failed!.runId)!;
  assert.notEqual(trainer.state, 'running');
});
