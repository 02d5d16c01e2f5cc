// A SEIF round end to end on a real sshd with the stand-in SEIF checkout: role servers with readiness probes,
// Instructor GRPO, merge, generation, the review gate, upload, Follower GRPO, merge; a dead role server; a
// failing step resumed from its checkpoint; the host check and the reviewed repair.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { HostPool, listJobs, readJobLog } from '../../src/core/remote/index';
import { planRound, repairSeifCheckout, runPreflight, runRound, type PlanOptions } from '../../src/core/round/index';
import { loadManifest, saveManifest } from '../../src/core/workspace/manifest';
import { cli } from '../support/cli';
import { writeGeneratedWorkspace } from '../support/fixtures';
import { sshBedUnavailable, startSshTestBed, type SshTestBed } from '../support/sshd/testbed';
import { tempDir } from '../support/tmp';

const skip = sshBedUnavailable();
const host = 'bed-target';
let bed: SshTestBed;
let pool: HostPool;
let port = 41000 + Math.floor(Math.random() * 2000) * 10;

before(async () => {
  if (skip) return;
  bed = await startSshTestBed();
  pool = new HostPool({ configFile: bed.sshConfig, agent: false });
});
after(async () => {
  await pool?.closeAll();
  await bed?.stop();
});

function fake(knobs: { steps: number; stepSeconds: number; saveFreq: number; failAtStep?: number }) {
  fs.writeFileSync(path.join(bed.seifDir, 'fake.json'), JSON.stringify(knobs));
}

async function workspace(): Promise<string> {
  const dir = tempDir('seif-round-');
  await writeGeneratedWorkspace(dir, { family: 'QWEN-7B', rounds: 1, rows: 5 });
  fs.writeFileSync(path.join(dir, 'seif.json'), JSON.stringify({ version: 1, family: 'QWEN-7B', baseModel: 'Qwen/Qwen2.5-7B-Instruct', seed: 'data/seed.parquet', rounds: [] }));
  return dir;
}

function options(name: string): PlanOptions {
  port += 10;
  return { seifDir: bed.seifDir, workDir: `$HOME/work-${bed.tag}-${name}`, runPrefix: `${bed.tag}-${name}`, basePort: port, gpus: 8 };
}

const fast = { probeIntervalMs: 150, watchdogIntervalMs: 250, readyTimeoutMs: 20_000, stopGraceSeconds: 2 };

test('round 1 runs to the review gate, then from the upload to F_1; the manifest records every artefact', { skip }, async () => {
  fake({ steps: 3, stepSeconds: 0.15, saveFreq: 2 });
  const dir = await workspace();
  const plan = planRound((await loadManifest(dir))!, 1, options('full'));
  const progress: number[] = [];
  const first = await runRound({ pool, host, plan, workspaceRoot: dir, ...fast, events: { progress: (j, _id, p) => j.kind === 'train' && p.step !== undefined && progress.push(p.step) } });
  assert.equal(first.failed, undefined, first.failed?.message);
  assert.deepEqual(first.completed, ['servers-i', 'instructor', 'merge-i', 'generate']);
  assert.match(first.gate!.message, /seif round resume .*--phase upload/);
  assert.deepEqual([...new Set(progress)], [1, 2, 3]);
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
  const plan2 = planRound((await loadManifest(dir))!, 1, options('full'));
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

test('a role server that dies mid-run stops the trainer and the run is failed, not done', { skip }, async () => {
  fake({ steps: 40, stepSeconds: 0.25, saveFreq: 0 });
  const dir = await workspace();
  const m = (await loadManifest(dir))!;
  m.rounds.push({ t: 1, datasets: [], curated: 'data/Self-IF-Self-QWEN-7B/q_T1.parquet', checkpoints: {} });
  await saveManifest(dir, m);
  const plan = planRound((await loadManifest(dir))!, 1, options('dead'));
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

test('`seif round start` fails at a failing step; `seif round resume` continues from latest_global_step.txt', { skip }, async () => {
  fake({ steps: 6, stepSeconds: 0.1, saveFreq: 2, failAtStep: 5 });
  const dir = await workspace();
  const o = options('cli');
  const common = ['--manifest', 'seif.json', '--round', '1', '--host', host, '--ssh-config', bed.sshConfig];
  const dry = await cli(['round', 'start', ...common, '--seif-dir', o.seifDir!, '--phase', 'instructor'], dir);
  assert.equal(dry.code, 0);
  assert.match(dry.stderr, /dry run: nothing was launched/);
  const start = await cli(['round', 'start', ...common, '--seif-dir', o.seifDir!, '--work-dir', o.workDir!, '--run-prefix', o.runPrefix!, '--base-port', String(o.basePort), '--phase', 'instructor', '--skip-preflight', '--yes'], dir);
  assert.equal(start.code, 1, start.stderr);
  assert.match(start.stderr, /failed in phase instructor .*torch\.OutOfMemoryError: CUDA out of memory/);
  fake({ steps: 6, stepSeconds: 0.1, saveFreq: 2 });
  const resumed = await cli(['round', 'resume', ...common], dir);
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.match(resumed.stderr, /\[instructor\] resuming from .*global_step_4/);
  const out = JSON.parse(resumed.stdout) as { runIds: Record<string, string>; completed: string[] };
  assert.ok(out.completed.includes('instructor'));
  const runId = Object.values(out.runIds).find((id) => id.includes('instructor-resume4'))!;
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

test('the host check lists what is missing, proposes the repair as a diff, and the reviewed repair fixes the sources', { skip }, async () => {
  const conn = await pool.get(host);
  const busy = net.createServer().listen(0, '0.0.0.0');
  await new Promise((r) => busy.once('listening', r));
  const busyPort = (busy.address() as net.AddressInfo).port;
  try {
    const pre = await runPreflight(conn, { seifDir: bed.seifDir, workDir: bed.tinyfs, ports: [busyPort, busyPort + 1], minFreeGb: 1 });
    const status = Object.fromEntries(pre.checks.map((c) => [c.id, c.status]));
    assert.equal(status.checkout, 'ok');
    assert.equal(status.corruption, 'fail');
    assert.equal(status.syntax, 'fail');
    assert.equal(status.gpus, 'fail');
    assert.equal(status.disk, 'fail'); // 256 KiB tmpfs
    assert.deepEqual(pre.busyPorts, [busyPort]);
    assert.equal(pre.ok, false);
    assert.match(pre.patchText, /^--- a\/modules\/instructions_util\.py$/m);
    assert.match(pre.patchText, /^\+ {4}if "”" in text:$/m);
    assert.match(pre.patchText, /^\+ {8}text = text\.replace\("\.”", "”\."\)$/m);
    const fixed = await repairSeifCheckout(conn, bed.seifDir, pre.patches.map((p) => p.file));
    assert.deepEqual(fixed.sort(), pre.patches.map((p) => p.file).sort());
    const again = await runPreflight(conn, { seifDir: bed.seifDir, ports: [], minFreeGb: 0 });
    assert.deepEqual(
      again.checks.filter((c) => c.id === 'corruption' || c.id === 'syntax').map((c) => c.status),
      ['ok', 'ok'],
    );
    await assert.rejects(repairSeifCheckout(conn, bed.seifDir, ['../../etc/passwd']), /inside the SEIF checkout/);
    const missing = await runPreflight(conn, { seifDir: `${bed.home}/no-seif-here`, ports: [], minFreeGb: 0 });
    assert.match(missing.checks.find((c) => c.id === 'checkout')!.detail, /no folder .*no-seif-here: clone/);
  } finally {
    busy.close();
  }
});
