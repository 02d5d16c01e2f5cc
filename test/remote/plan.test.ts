// Round plans from a manifest (no host): lineage, epochs, GPUs, ports, resolved configs, quoting that survives bash.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { planRound, renderPlanCommands, resolveSeifConfig } from '../../src/core/round/index';
import { ManifestSchema, type Manifest } from '../../src/core/workspace/manifest';
import { cli } from '../support/cli';
import { tempDir } from '../support/tmp';

const FAKE_SEIF = path.join(__dirname, '..', 'support', 'sshd', 'fake-seif');

function manifest(extra: Partial<Manifest> = {}): Manifest {
  return ManifestSchema.parse({ version: 1, family: 'QWEN-7B', baseModel: 'Qwen/Qwen2.5-7B-Instruct', seed: 'data/seed.parquet', rounds: [], ...extra });
}

const jobOf = (plan: ReturnType<typeof planRound>, phase: string, i = 0) => plan.phases.find((p) => p.id === phase)!.jobs[i]!;

test('round 1 starts every role from the base model and trains the Follower 3 epochs', () => {
  const plan = planRound(manifest(), 1, { runPrefix: 'r1' });
  assert.deepEqual(
    { i: plan.checkpoints.instructorInit, roles: plan.checkpoints.roleServers, v: plan.checkpoints.verifier, f: plan.checkpoints.followerInit },
    { i: 'Qwen/Qwen2.5-7B-Instruct', roles: 'Qwen/Qwen2.5-7B-Instruct', v: 'Qwen/Qwen2.5-7B-Instruct', f: 'Qwen/Qwen2.5-7B-Instruct' },
  );
  assert.equal(plan.followerEpochs, 3);
  assert.match(jobOf(plan, 'follower').script, / trainer\.total_epochs=3 /);
  assert.match(jobOf(plan, 'instructor').script, / trainer\.total_epochs=1 /);
  assert.deepEqual(plan.phases.map((p) => p.id), ['servers-i', 'instructor', 'merge-i', 'generate', 'review', 'upload', 'servers-f', 'follower', 'merge-f']);
});

test('round T uses I_{T-1} for the Instructor and F_{T-1} for Filter/Answer/Judge, Verifier and the Follower; 1 epoch', () => {
  const m = manifest({ rounds: [{ t: 1, datasets: [], checkpoints: { instructor: '$HOME/w/i1/hf', follower: '/abs/f1/hf' } }] as Manifest['rounds'] });
  const plan = planRound(m, 2, { runPrefix: 'r2' });
  assert.equal(plan.checkpoints.instructorInit, '$HOME/w/i1/hf');
  assert.equal(plan.checkpoints.roleServers, '/abs/f1/hf');
  assert.equal(plan.checkpoints.followerInit, '/abs/f1/hf');
  assert.equal(plan.followerEpochs, 1);
  for (const j of plan.phases.find((p) => p.id === 'servers-i')!.jobs) assert.match(j.script, /--model \/abs\/f1\/hf/);
  assert.match(jobOf(plan, 'instructor').script, /worker\.actor\.model\.model_path="\$HOME"\/w\/i1\/hf /);
  assert.equal(planRound(manifest(), 3).warnings.filter((w) => /round 2 has no/.test(w)).length, 2);
  assert.equal(planRound(m, 2, { followerEpochs: 2 }).followerEpochs, 2);
});

test('role servers and the trainer never share a GPU; ports are distinct and skip busy ones', () => {
  const plan = planRound(manifest(), 1, { gpus: 8, busyPorts: [55111, 55113] });
  assert.deepEqual(plan.gpus.servers, [0, 1, 2, 3]);
  assert.deepEqual(plan.gpus.trainer, [4, 5, 6, 7]);
  const servers = plan.phases.find((p) => p.id === 'servers-i')!.jobs;
  const serverGpus = servers.flatMap((j) => j.gpus);
  for (const g of jobOf(plan, 'instructor').gpus) assert.ok(!serverGpus.includes(g));
  assert.match(jobOf(plan, 'instructor').script, /^export CUDA_VISIBLE_DEVICES=4,5,6,7$/m);
  assert.match(jobOf(plan, 'instructor').script, / trainer\.n_gpus_per_node=4 /);
  const ports = Object.values(plan.ports);
  assert.equal(new Set(ports).size, ports.length);
  assert.ok(!ports.includes(55111) && !ports.includes(55113));
  const judge = servers.find((j) => j.server!.role === 'judge')!;
  assert.equal(judge.server!.tensorParallel, 2);
  assert.match(judge.script, new RegExp(`--port ${plan.ports.judge}`));
  assert.throws(() => planRound(manifest(), 1, { gpus: 1 }), /at least 2 GPUs/);
  const six = planRound(manifest(), 1, { gpus: 6 });
  assert.deepEqual([six.gpus.servers, six.gpus.trainer], [[0, 1, 2], [3, 4, 5]]);
  const cfg = jobOf(six, 'instructor').files.find((f) => f.name === 'config.yaml')!.from;
  // Three trainer GPUs: rollout tensor parallelism 2 would not divide them.
  assert.ok('values' in cfg && cfg.values['worker.rollout.tensor_parallel_size'] === 1 && cfg.values['trainer.n_gpus_per_node'] === 3);
});

test("a train script's arguments reach the trainer exactly as planned through bash (quoted logger, $HOME expanded, no injection)", () => {
  const dir = tempDir();
  const echo = path.join(dir, 'echo-args');
  fs.writeFileSync(echo, '#!/usr/bin/env bash\nprintf "%s\\n" "$@"\n', { mode: 0o755 });
  fs.mkdirSync(path.join(dir, 'home', 'SEIF'), { recursive: true });
  const plan = planRound(manifest(), 1, { python: echo, overrides: ['data.note=$(touch PWNED) [x]'] });
  const job = jobOf(plan, 'instructor');
  const argv = execFileSync('bash', ['-c', job.script.replace(/^mkdir -p .*$/m, '')], {
    cwd: dir,
    env: { PATH: process.env.PATH, HOME: path.join(dir, 'home'), SEIF_RUN_DIR: '/run/dir' },
    encoding: 'utf8',
  }).split('\n');
  const home = path.join(dir, 'home');
  assert.deepEqual(argv.slice(0, 4), ['/run/dir/seif_launch.py', 'train', '--role', 'instructor']);
  assert.ok(argv.includes('config=/run/dir/config.yaml'));
  assert.ok(argv.includes('trainer.logger=[console,wandb]'));
  assert.ok(argv.includes(`trainer.save_checkpoint_path=${home}/seif-work/QWEN-7B/round-1/instructor`));
  assert.ok(argv.includes('worker.reward.reward_function=/run/dir/reward_instructor.py:instruction_compute_score'));
  assert.ok(argv.includes('data.note=$(touch PWNED) [x]'));
  assert.ok(!fs.existsSync(path.join(dir, 'PWNED')) && !fs.existsSync(path.join(home, 'SEIF', 'PWNED')));
  assert.ok(!job.script.includes('~'));
});

test("SEIF's config1.yaml gets every placeholder resolved (total_epochs an int); a leftover placeholder is named", () => {
  const text = fs.readFileSync(path.join(FAKE_SEIF, 'examples', 'config1.yaml'), 'utf8');
  const plan = planRound(manifest(), 1);
  const file = jobOf(plan, 'follower').files.find((f) => f.name === 'config.yaml')!;
  assert.ok('seifConfig' in file.from);
  const out = resolveSeifConfig(text, { ...file.from.values, 'trainer.save_checkpoint_path': '/abs/save', 'data.train_files': '/abs/q.parquet' }, 'examples/config1.yaml');
  assert.match(out, /^ {2}total_epochs: 3$/m);
  assert.match(out, /^ {2}save_checkpoint_path: \/abs\/save$/m);
  assert.match(out, /^ {2}logger:\n {4}- console\n {4}- wandb$/m);
  assert.doesNotMatch(out, /path to|\(Turn1\)|q_Tk/);
  assert.throws(() => resolveSeifConfig(text, { 'trainer.total_epochs': 1 }, 'examples/config1.yaml'), /placeholders left unresolved: .*trainer\.save_checkpoint_path: path to save turn-k follower checkpoint/);
});

test('Slurm: sbatch scripts are generated and shown; nnodes > 1 needs Slurm', () => {
  const plan = planRound(manifest(), 1, { slurm: { partition: 'gpu', time: '24:00:00' }, nnodes: 2 });
  const sb = jobOf(plan, 'instructor').sbatch!;
  assert.match(sb, /#SBATCH --gres=gpu:4/);
  assert.match(sb, /#SBATCH --nodes=2/);
  assert.match(sb, /#SBATCH --partition=gpu/);
  assert.match(jobOf(plan, 'instructor').script, / trainer\.nnodes=2 /);
  assert.throws(() => planRound(manifest(), 1, { slurm: { partition: 'gpu; rm -rf ~' } }), /slurm partition/);
  assert.throws(() => planRound(manifest(), 1, { nnodes: 2 }), /nnodes 2 needs Slurm/);
  assert.throws(() => planRound(manifest(), 1, { nnodes: 0, slurm: {} }), /nnodes must be a positive integer/);
});

test('`seif round plan` prints the plan and the exact commands as JSON', async () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'seif.json'), JSON.stringify({ version: 1, family: 'QWEN-7B', rounds: [] }));
  const r = await cli(['round', 'plan', '--manifest', 'seif.json', '--round', '1', '--host', 'nowhere', '--gpus', '8', '--override', 'trainer.save_freq=5'], dir);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { plan: { round: number }; commands: { job: string; script: string }[] };
  assert.equal(out.plan.round, 1);
  assert.equal(out.commands.length, renderPlanCommands(planRound(manifest(), 1)).length);
  assert.ok(out.commands.some((c) => c.script.includes(' trainer.save_freq=5')));
  const bad = await cli(['round', 'plan', '--manifest', 'seif.json', '--round', 'x'], dir);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--round must be an integer/);
});
