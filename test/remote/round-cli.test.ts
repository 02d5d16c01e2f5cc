// `seif round start|resume` and `seif runs list|logs|stop` against a real sshd: a failing step, then resume.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadManifest, saveManifest } from '../../src/core/workspace/manifest';
import { cli } from '../support/cli';
import { bedPlanOptions, fakeTrainer, roundWorkspace } from '../support/sshd/round-bed';
import { host, skip, useSshTestBed } from '../support/sshd/use-bed';

const ctx = useSshTestBed();

test('`seif round start` fails at a failing step; `seif round resume` continues from latest_global_step.txt', { skip }, async () => {
  const { bed } = ctx;
  fakeTrainer(bed, { steps: 6, stepSeconds: 0.1, saveFreq: 2, failAtStep: 5 });
  const dir = await roundWorkspace();
  // The Follower phase alone, on a q_T already exported (one role server: the verifier).
  const m = (await loadManifest(dir))!;
  m.rounds.push({ t: 1, datasets: [], curated: 'data/Self-IF-Self-QWEN-7B/q_T1.parquet', checkpoints: {} });
  await saveManifest(dir, m);
  const o = bedPlanOptions(bed, 'cli');
  const common = ['--manifest', 'seif.json', '--round', '1', '--host', host, '--ssh-config', bed.sshConfig];
  const dry = await cli(['round', 'start', ...common, '--seif-dir', o.seifDir!, '--phase', 'follower'], dir);
  assert.equal(dry.code, 0);
  assert.match(dry.stderr, /dry run: nothing was launched/);
  const start = await cli(['round', 'start', ...common, '--seif-dir', o.seifDir!, '--work-dir', o.workDir!, '--run-prefix', o.runPrefix!, '--base-port', String(o.basePort), '--follower-epochs', '1', '--phase', 'follower', '--skip-preflight', '--yes'], dir);
  assert.equal(start.code, 1, start.stderr);
  assert.match(start.stderr, /failed in phase follower .*torch\.OutOfMemoryError: CUDA out of memory/);
  fakeTrainer(bed, { steps: 6, stepSeconds: 0.1, saveFreq: 2 });
  const resumed = await cli(['round', 'resume', ...common], dir);
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.match(resumed.stderr, /\[follower\] resuming from .*global_step_4/);
  const out = JSON.parse(resumed.stdout) as { runIds: Record<string, string>; completed: string[] };
  assert.deepEqual(out.completed, ['follower', 'merge-f']);
  const runId = Object.values(out.runIds).find((id) => id.includes('follower-resume4'))!;
  const logs = await cli(['runs', 'logs', '--host', host, '--ssh-config', bed.sshConfig, '--run', runId], dir);
  assert.match(logs.stdout, /Load from checkpoint: .*global_step_4\./);
  assert.doesNotMatch(logs.stdout, /^\(Runner pid=\d+\) Step 4$/m);
  assert.match(logs.stdout, /^\(Runner pid=\d+\) Step 6$/m);
  const list = await cli(['runs', 'list', '--host', host, '--ssh-config', bed.sshConfig, '--json'], dir);
  assert.ok((JSON.parse(list.stdout) as { id: string }[]).some((j) => j.id === runId));
  const stop = await cli(['runs', 'stop', '--host', host, '--ssh-config', bed.sshConfig, '--run', `${bed.tag}-nope`], dir);
  assert.equal(stop.code, 1);
  assert.match(stop.stderr, /never started/);
});
