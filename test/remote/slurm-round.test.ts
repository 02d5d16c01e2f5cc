// Round phases on a Slurm host (real sshd, stand-in Slurm, stand-in SEIF checkout): every job an sbatch job,
// role servers probed on the node Slurm gave them, live metrics, multi-node training over a Ray cluster
// (trainer.nnodes), the host check's scheduler line, and the queue not counted as a stall.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { readJobLog, type JobStatus } from '../../src/core/remote/index';
import { planRound, runPreflight, runRound, type JobPlan, type RoundPlan } from '../../src/core/round/index';
import { loadManifest } from '../../src/core/workspace/manifest';
import { cli } from '../support/cli';
import { bedPlanOptions, fakeTrainer, fast, roundWorkspace } from '../support/sshd/round-bed';
import { host, skip, slurmHost, useSshTestBed } from '../support/sshd/use-bed';

const ctx = useSshTestBed();
const jobOf = (plan: RoundPlan, phase: string, kind = 'train') => plan.phases.find((p) => p.id === phase)!.jobs.find((j) => j.kind === kind)!;
const runFile = (runId: string, name: string) => fs.readFileSync(path.join(ctx.bed.home, '.seif/runs', runId, name), 'utf8');

test('the Instructor phase runs as sbatch jobs: role servers on their Slurm node, live metrics, PENDING → RUNNING → COMPLETED', { skip }, async () => {
  const { bed, pool } = ctx;
  fakeTrainer(bed, { steps: 3, stepSeconds: 0.5, saveFreq: 2 });
  const dir = await roundWorkspace();
  const plan = planRound((await loadManifest(dir))!, 1, { ...bedPlanOptions(bed, 'slurm'), slurm: { partition: 'gpu', time: '1:00:00' } });
  const instructor = jobOf(plan, 'instructor');
  assert.ok(plan.phases.every((p) => p.jobs.every((j) => j.sbatch)), 'every job of a Slurm plan has its sbatch script');
  assert.match(instructor.sbatch!, /^#SBATCH --nodes=1$/m);
  assert.match(instructor.sbatch!, /^#SBATCH --gres=gpu:4$/m);
  assert.match(instructor.sbatch!, /^#SBATCH --time=1:00:00$/m);
  assert.doesNotMatch(instructor.sbatch!, /RAY_ADDRESS/, 'one node: verl starts its own Ray');
  const statuses: string[] = [];
  const steps: number[] = [];
  bed.slurm.configure({ pendingSeconds: 1.5 }); // long enough to see every job queued first
  const result = await runRound({
    pool,
    host: slurmHost,
    plan,
    workspaceRoot: dir,
    only: ['servers-i', 'instructor'],
    ...fast,
    events: {
      status: (j: JobPlan, _id: string, st: JobStatus) => j === instructor && statuses.push(`${st.state}:${st.slurm?.rawState}`),
      progress: (j, _id, p) => j === instructor && p.step !== undefined && steps.push(p.step),
    },
  }).finally(() => bed.slurm.configure({ pendingSeconds: 0.3 }));
  assert.equal(result.failed, undefined, result.failed?.message);
  assert.deepEqual(result.completed, ['servers-i', 'instructor']);
  assert.deepEqual(statuses.filter((s, i) => s !== statuses[i - 1]), ['starting:PENDING', 'running:RUNNING', 'exited:COMPLETED']);
  assert.equal(steps.at(-1), 3);
  const runId = result.runIds[instructor.id]!;
  const jobId = runFile(runId, 'slurm_job_id').trim();
  assert.deepEqual([bed.slurm.job(jobId)!.state, bed.slurm.job(jobId)!.name, bed.slurm.job(jobId)!.gpus], ['COMPLETED', runId, 4]);
  assert.equal(runFile(runId, 'sbatch.sh'), instructor.sbatch);
  // The reward code reaches the role servers where Slurm runs them: server_hosts rewrote 127.0.0.1:<port>.
  const ports = plan.phases[0]!.jobs.map((j) => j.server!.port);
  assert.deepEqual(runFile(runId, 'server_hosts').trim().split('\n').sort(), ports.map((p) => `${p} localhost`).sort());
  for (const p of ports) assert.ok(runFile(runId, 'cmd.slurm.sh').includes(`http://localhost:${p}/v1`), `URL of port ${p} points at the node`);
  assert.doesNotMatch(runFile(runId, 'cmd.slurm.sh'), /127\.0\.0\.1|CUDA_VISIBLE_DEVICES/);
  const m = (await loadManifest(dir))!;
  const rec = m.rounds[0]!.runs!.find((r) => r.phase === 'instructor')!;
  assert.deepEqual([rec.outcome, rec.message], ['succeeded', 'reached step 3 of 3']);
  // Role servers: Slurm jobs too, with Slurm's devices, cancelled (scancel) once their phase was over.
  for (const server of plan.phases[0]!.jobs) {
    const sid = result.runIds[server.id]!;
    const record = bed.slurm.job(runFile(sid, 'slurm_job_id').trim())!;
    assert.equal(record.state, 'CANCELLED', `${server.id} was cancelled after its phase`);
    assert.equal(record.gpus, server.gpus.length);
    const log = (await readJobLog(await pool.get(slurmHost), sid)).data.toString();
    assert.match(log, new RegExp(`Uvicorn running on http://127\\.0\\.0\\.1:${server.server!.port} .*CUDA_VISIBLE_DEVICES=${[...Array(server.gpus.length).keys()].join(',')}\\)`));
  }
});

test('multi-node training: trainer.nnodes=2 and a Ray cluster over both nodes in the generated script; the trainer joins it', { skip }, async () => {
  const { bed, pool } = ctx;
  fakeTrainer(bed, { steps: 2, stepSeconds: 0.2, saveFreq: 2 });
  const dir = await roundWorkspace();
  const plan = planRound((await loadManifest(dir))!, 1, { ...bedPlanOptions(bed, 'multi'), slurm: {}, nnodes: 2 });
  const instructor = jobOf(plan, 'instructor');
  assert.match(instructor.script, / trainer\.nnodes=2 /);
  assert.match(instructor.script, / trainer\.n_gpus_per_node=4 /);
  assert.match(instructor.sbatch!, /^#SBATCH --nodes=2$/m);
  assert.match(instructor.sbatch!, /^#SBATCH --ntasks-per-node=1$/m);
  assert.match(instructor.sbatch!, /^export RAY_ADDRESS="\$head_ip:6379"$/m);
  assert.match(instructor.sbatch!, /^python3 -m ray\.scripts\.scripts start --head --node-ip-address="\$head_ip" --port=6379 --num-gpus=4 --block &$/m);
  assert.match(instructor.sbatch!, /^ {2}srun --nodes=1 --ntasks=1 --overlap -w "\$node" python3 -m ray\.scripts\.scripts start --address="\$RAY_ADDRESS" --num-gpus=4 --block &$/m);
  for (const server of plan.phases[0]!.jobs) assert.match(server.sbatch!, /^#SBATCH --nodes=1$/m, 'role servers take one node');
  const result = await runRound({ pool, host: slurmHost, plan, workspaceRoot: dir, only: ['instructor'], ...fast });
  assert.equal(result.failed, undefined, result.failed?.message);
  const runId = result.runIds[instructor.id]!;
  const log = (await readJobLog(await pool.get(slurmHost), runId)).data.toString();
  assert.match(log, /^\[seif\] Slurm job \d+ on localhost,node2$/m);
  assert.match(log, /^\[seif\] Ray cluster at [^:]+:6379: 2 nodes \(localhost node2\)$/m);
  assert.match(log, /Connecting to existing Ray cluster at address: [^:]+:6379\.\.\./);
  assert.match(log, /"nnodes": 2/);
  const record = bed.slurm.job(runFile(runId, 'slurm_job_id').trim())!;
  assert.deepEqual([record.state, record.nodes, record.nodelist], ['COMPLETED', 2, ['localhost', 'node2']]);
  const rec = (await loadManifest(dir))!.rounds[0]!.runs!.find((r) => r.phase === 'instructor')!;
  assert.deepEqual([rec.outcome, rec.message], ['succeeded', 'reached step 2 of 2']);
});

test('the host check names the scheduler; a Slurm plan on a host without Slurm is refused before anything starts', { skip }, async () => {
  const { bed, pool } = ctx;
  const withSlurm = await runPreflight(await pool.get(slurmHost), { seifDir: bed.seifDir, ports: [], minFreeGb: 0 });
  const without = await runPreflight(await pool.get(host), { seifDir: bed.seifDir, ports: [], minFreeGb: 0 });
  const check = (r: typeof without, id: string) => r.checks.find((c) => c.id === id)!;
  assert.equal(withSlurm.slurm.available, true);
  assert.deepEqual([check(withSlurm, 'scheduler').status, check(withSlurm, 'scheduler').detail], ['ok', 'Slurm 23.02.7: phases run as sbatch jobs (squeue/sacct polling, scancel to stop)']);
  assert.equal(check(withSlurm, 'gpus').status, 'warn', 'a login node without GPUs is expected with Slurm');
  assert.deepEqual([check(without, 'scheduler').status, check(without, 'scheduler').detail], ['ok', 'no Slurm: phases run as detached setsid jobs on this host']);
  assert.equal(check(without, 'gpus').status, 'fail');
  const dir = await roundWorkspace();
  const plan = planRound((await loadManifest(dir))!, 1, { ...bedPlanOptions(bed, 'noslurm'), slurm: {} });
  await assert.rejects(
    runRound({ pool, host, plan, workspaceRoot: dir, only: ['instructor'], ...fast }),
    /the plan runs its phases as sbatch jobs, but bed-target has no Slurm on its login PATH \(missing sbatch, squeue, sacct, scancel\)/,
  );
  const runs = path.join(bed.home, '.seif/runs');
  assert.deepEqual(fs.readdirSync(runs).filter((f) => f.startsWith(plan.runPrefix)), [], 'nothing was launched');
});

test('time in the Slurm queue is not a stall; a running trainer without a new step is', { skip }, async () => {
  const { bed, pool } = ctx;
  fakeTrainer(bed, { steps: 2, stepSeconds: 4, saveFreq: 0 });
  bed.slurm.configure({ pendingSeconds: 4 });
  try {
    const dir = await roundWorkspace();
    const plan = planRound((await loadManifest(dir))!, 1, { ...bedPlanOptions(bed, 'stall'), slurm: {} });
    const instructor = jobOf(plan, 'instructor');
    const seen: { what: string; at: number }[] = [];
    const result = await runRound({
      pool,
      host: slurmHost,
      plan,
      workspaceRoot: dir,
      only: ['instructor'],
      ...fast,
      stallMs: 2500,
      events: {
        status: (j, _id, st) => j === instructor && seen.push({ what: `${st.slurm?.rawState}`, at: Date.now() }),
        stall: (j) => j === instructor && seen.push({ what: 'stall', at: Date.now() }),
      },
    });
    assert.equal(result.failed, undefined, result.failed?.message);
    const at = (what: string) => seen.find((s) => s.what === what)?.at;
    assert.deepEqual([...new Set(seen.map((s) => s.what))], ['PENDING', 'RUNNING', 'stall', 'COMPLETED'], JSON.stringify(seen));
    assert.ok(at('RUNNING')! - at('PENDING')! >= 3000, 'the job waited in the queue longer than the stall limit');
    // Counted from the submit, the stall would have come ~2.5 s after PENDING; counted from the start, after 4 + 2.5 s.
    assert.ok(at('stall')! - at('PENDING')! >= 5500, `the stall clock started when the job ran: ${JSON.stringify(seen)}`);
  } finally {
    bed.slurm.configure({ pendingSeconds: 0.3 });
  }
});

test('`seif round start --yes` on a Slurm host runs the phases as sbatch jobs; `seif runs list` shows their Slurm jobs', { skip }, async () => {
  const { bed } = ctx;
  const dir = await roundWorkspace();
  const o = bedPlanOptions(bed, 'cli');
  const common = ['--manifest', 'seif.json', '--round', '1', '--ssh-config', bed.sshConfig, '--seif-dir', o.seifDir!, '--work-dir', o.workDir!, '--run-prefix', o.runPrefix!, '--base-port', String(o.basePort), '--phase', 'servers-i'];
  // The dry run asks no host: --slurm shows the sbatch scripts.
  const dry = await cli(['round', 'start', ...common, '--host', slurmHost, '--slurm'], dir);
  assert.equal(dry.code, 0, dry.stderr);
  const planned = JSON.parse(dry.stdout) as { commands: { phase: string; sbatch?: string }[] };
  assert.ok(planned.commands.every((c) => c.sbatch?.startsWith('#!/usr/bin/env bash\n#SBATCH --job-name=')));
  const run = await cli(['round', 'start', ...common, '--host', slurmHost, '--skip-preflight', '--yes'], dir);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /^\[scheduler\] Slurm 23\.02\.7: the phases run as sbatch jobs \(--no-slurm: detached jobs\)$/m);
  const out = JSON.parse(run.stdout) as { completed: string[]; runIds: Record<string, string> };
  assert.deepEqual(out.completed, ['servers-i']);
  const list = await cli(['runs', 'list', '--host', slurmHost, '--ssh-config', bed.sshConfig], dir);
  assert.equal(list.code, 0, list.stderr);
  assert.match(list.stdout, /^RUN +STATE +PHASE +EXIT +STARTED \(UTC\) +SLURM JOB$/m);
  for (const runId of Object.values(out.runIds)) {
    const jobId = runFile(runId, 'slurm_job_id').trim();
    assert.match(list.stdout, new RegExp(`^${runId} +stopped +servers-i +\\d* +\\S+ +${jobId} CANCELLED by \\d+$`, 'm'), 'stopped after its phase with scancel');
  }
  const refused = await cli(['round', 'start', ...common, '--host', host, '--slurm', '--skip-preflight', '--yes'], dir);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /bed-target has no Slurm on its login PATH \(missing sbatch, squeue, sacct, scancel\): drop --slurm and the --slurm-\* options to run detached jobs/);
  const both = await cli(['round', 'start', ...common, '--host', slurmHost, '--no-slurm', '--slurm-partition', 'gpu'], dir);
  assert.equal(both.code, 2);
  assert.match(both.stderr, /--slurm-partition\/-account\/-time need Slurm: drop --no-slurm/);
});
