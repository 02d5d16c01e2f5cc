// The verl console parser against a real PyYAML+numpy dump and the stand-in trainer's live output.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { parseVerlLog, VerlLogParser, type VerlEvent } from '../../src/core/remote/verlLog';

const FAKE_SEIF = path.join(__dirname, '..', 'support', 'sshd', 'fake-seif');

test('decodes a real PyYAML dump of numpy float64 scalars (numpy 2 module path, anchors, aliases)', () => {
  const text = fs.readFileSync(path.join(__dirname, 'fixtures', 'pyyaml-numpy-step.txt'), 'utf8');
  const s = parseVerlLog(text);
  assert.equal(s.steps.length, 1);
  const m = s.steps[0]!.metrics;
  assert.equal(s.steps[0]!.step, 7);
  assert.equal(m['actor/lr'], 1e-6);
  assert.equal(m['actor/pg_loss'], -0.0123);
  assert.equal(m['reward/format'], 1.0);
  assert.equal(m['reward/overall'], 0.53);
  assert.equal(m['val/overall_reward'], 0.61);
  assert.equal(m['critic/score/max'], 1.0);
  assert.equal(m['perf/total_num_tokens'], 1234567);
  assert.equal(m['x/big'], 1e16);
  assert.equal(m['x/tiny'], 1e-20);
});

test('parses the stand-in trainer: Ray prefixes, total steps, tqdm \\r bars mid-line, checkpoints, resume', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seif-verl-'));
  try {
    fs.cpSync(FAKE_SEIF, path.join(dir, 'seif'), { recursive: true });
    const seif = path.join(dir, 'seif');
    // The stand-in checkout is corrupted like SEIF's (E2 80 3F); repair this private copy so it imports.
    const ds = path.join(seif, 'verl', 'utils', 'dataset.py');
    fs.writeFileSync(ds, fs.readFileSync(ds, 'latin1').replaceAll('\xe2\x80\x3f', '-'), 'latin1');
    fs.writeFileSync(path.join(seif, 'fake.json'), JSON.stringify({ steps: 4, stepSeconds: 0, saveFreq: 2 }));
    const cfg = path.join(dir, 'config.yaml');
    fs.writeFileSync(cfg, fs.readFileSync(path.join(seif, 'examples', 'config.yaml'), 'utf8').replace(/save_checkpoint_path: .*/, `save_checkpoint_path: ${dir}/ck`));
    const run = (extra: string[]) =>
      execFileSync('bash', ['-c', 'python3 -m verl.trainer.main "$@" 2>&1', 'x', `config=${cfg}`, "trainer.logger=[console,wandb]", 'worker.reward.reward_function=./reward_ok.py:score', ...extra], {
        cwd: seif,
        encoding: 'utf8',
        env: { ...process.env, PYTHONPATH: seif },
      });
    fs.writeFileSync(path.join(seif, 'reward_ok.py'), 'def score(a, b):\n    return [1.0 for _ in a]\n');
    const events: VerlEvent[] = [];
    const parser = new VerlLogParser((e) => events.push(e));
    for (const line of run([]).split('\n')) parser.feed(line);
    parser.end();
    const steps = events.filter((e) => e.type === 'step');
    assert.deepEqual(steps.map((e) => e.step), [1, 2, 3, 4]);
    assert.ok(events.some((e) => e.type === 'total_steps' && e.total === 4));
    assert.deepEqual(events.filter((e) => e.type === 'checkpoint').map((e) => e.step), [2, 4]);
    const last = steps[3]!;
    assert.ok(last.type === 'step' && typeof last.metrics['reward/overall'] === 'number' && last.metrics['reward/overall'] > 0.5);
    assert.ok(events.some((e) => e.type === 'progress' && e.current === 4 && e.total === 4));

    const resumed = parseVerlLog(run([`trainer.load_checkpoint_path=${dir}/ck/global_step_2`]));
    assert.equal(resumed.resumedFrom, `${dir}/ck/global_step_2`);
    assert.deepEqual(resumed.steps.map((s) => s.step), [3, 4]);
    assert.equal(resumed.lastStep, 4);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a traceback becomes one error event carrying its last line', () => {
  const s = parseVerlLog(
    [
      '(Runner pid=9) Total training steps: 10',
      'Traceback (most recent call last):',
      '  File "verl/trainer/ray_trainer.py", line 744, in fit',
      'torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB',
      '(Runner pid=9) Step 1',
      '(Runner pid=9) reward:',
      '(Runner pid=9)   overall: 0.5',
    ].join('\n'),
  );
  assert.equal(s.errors.length, 1);
  assert.match(s.errors[0]!.message, /^torch\.OutOfMemoryError: CUDA out of memory/);
  assert.equal(s.errors[0]!.traceback.length, 3);
  assert.equal(s.steps[0]!.metrics['reward/overall'], 0.5);
});

test('lines of another Ray actor interleaved in a step block do not cut the block', () => {
  const s = parseVerlLog(
    [
      '(Runner pid=1) Step 3',
      '(Runner pid=1) actor:',
      '(WorkerDict pid=2) [rank-0]: Saving model to /ck/global_step_3/actor/model_world_size_8_rank_0.pt.',
      '(Runner pid=1)   lr: 1.0e-06',
      '(Runner pid=1) reward:',
      '(Runner pid=1)   overall: 0.25',
      '(Runner pid=1) ',
    ].join('\n'),
  );
  assert.deepEqual(s.steps[0]!.metrics, { 'actor/lr': 1e-6, 'reward/overall': 0.25 });
  assert.deepEqual(s.checkpoints, [{ step: 3, dir: '/ck/global_step_3' }]);
});
