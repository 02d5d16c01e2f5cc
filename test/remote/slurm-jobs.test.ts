// Jobs on a Slurm host, through a real sshd and the stand-in Slurm (test/support/sshd/fake-slurm): the sbatch
// script generated and submitted, PENDING → RUNNING → COMPLETED polled through squeue/sacct, the live log, scancel,
// failures named by their exit code or by Slurm (time limit, a cancel from elsewhere), and detection.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { detectSlurm, jobStatus, judgeJob, launchJob, parseSacct, parseSbatchOutput, parseSqueue, parseVerlLog, readJobLog, stopJob, tailJob, type JobStatus, type TailEvent } from '../../src/core/remote/index';
import { renderSbatch, type JobPlan, type SlurmOptions } from '../../src/core/round/index';
import { host, skip, slurmHost, useSshTestBed } from '../support/sshd/use-bed';

const ctx = useSshTestBed();
const id = (name: string) => `${ctx.bed.tag}-${name}`;

function job(runId: string, script: string, gpus: number[] = []): JobPlan {
  return { id: runId, phase: 'merge-i', title: runId, kind: 'task', gpus, script, files: [] };
}
const sbatchOf = (j: JobPlan, slurm: SlurmOptions = {}) => renderSbatch(j, slurm, { nnodes: 1, python: 'python3', seifDir: '$HOME' });

async function waitFor(what: string, probe: () => Promise<JobStatus>, done: (st: JobStatus) => boolean, ms = 20_000): Promise<JobStatus> {
  const deadline = Date.now() + ms;
  for (;;) {
    const st = await probe();
    if (done(st)) return st;
    if (Date.now() > deadline) throw new Error(`${what}: still ${st.state} (${st.slurm?.rawState}) after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
const ended = (st: JobStatus) => st.state !== 'running' && st.state !== 'starting';
const runFile = (runId: string, name: string) => fs.readFileSync(path.join(ctx.bed.home, '.seif/runs', runId, name), 'utf8');

test('Slurm is detected on bed-slurm; bed-target has none, runs detached setsid jobs, and refuses an sbatch job clearly', { skip }, async () => {
  const slurm = await ctx.pool.get(slurmHost);
  const plain = await ctx.pool.get(host);
  assert.deepEqual(await detectSlurm(slurm), { available: true, version: '23.02.7', missing: [] });
  assert.deepEqual(await detectSlurm(plain), { available: false, version: undefined, missing: ['sbatch', 'squeue', 'sacct', 'scancel'] });
  const detached = await launchJob(plain, { id: id('setsid'), script: 'echo detached\n' });
  assert.ok(detached.pid && detached.pid > 1, 'a setsid job records its process group');
  assert.equal(detached.slurm, undefined);
  assert.equal(fs.existsSync(path.join(ctx.bed.home, '.seif/runs', id('setsid'), 'slurm_job_id')), false);
  const runId = id('nosbatch');
  await assert.rejects(launchJob(plain, { id: runId, script: 'true\n', sbatch: sbatchOf(job(runId, 'true\n')) }), /bed-target has no sbatch on its PATH: Slurm is not installed there/);
  const st = await jobStatus(plain, runId);
  assert.deepEqual([st.state, st.exitCode], ['failed', 1], 'the run folder says it never ran');
  assert.match(runFile(runId, 'log'), /^\[seif\] bed-target has no sbatch/);
});

test('an sbatch job waits PENDING in the queue, then RUNNING with live log lines on its node, then COMPLETED', { skip }, async () => {
  const conn = await ctx.pool.get(slurmHost);
  const runId = id('queued');
  const script = '#!/usr/bin/env bash\nexport CUDA_VISIBLE_DEVICES=4,5\nfor i in $(seq 1 8); do echo "line $i"; sleep 0.15; done\necho "gpus $CUDA_VISIBLE_DEVICES"\n';
  const sbatch = sbatchOf(job(runId, script, [4, 5]), { partition: 'gpu', time: '10:00' });
  // The generated script: the run folder's log, Slurm's devices, the run folder from where sbatch ran.
  assert.match(sbatch, /^#SBATCH --job-name=.*-queued$/m);
  assert.match(sbatch, /^#SBATCH --output=log$/m);
  assert.match(sbatch, /^#SBATCH --open-mode=append$/m);
  assert.match(sbatch, /^#SBATCH --gres=gpu:2$/m);
  assert.match(sbatch, /^#SBATCH --partition=gpu$/m);
  assert.match(sbatch, /^#SBATCH --time=10:00$/m);
  assert.match(sbatch, /^export SEIF_RUN_DIR="\$SLURM_SUBMIT_DIR"/m);
  assert.match(sbatch, /^sed '\/\^export CUDA_VISIBLE_DEVICES=\/d' cmd\.sh > cmd\.slurm\.sh$/m);

  ctx.bed.slurm.configure({ queueBlocked: true });
  const first = await launchJob(conn, { id: runId, script, sbatch });
  assert.equal(first.state, 'starting');
  assert.equal(first.slurm?.state, 'pending');
  assert.match(first.slurm!.jobId, /^\d+$/);
  const jobId = first.slurm!.jobId;
  assert.equal(runFile(runId, 'slurm_job_id'), `${jobId}\n`);
  assert.equal(runFile(runId, 'sbatch.sh'), sbatch, 'the script shown is the script submitted');
  const record = ctx.bed.slurm.job(jobId)!;
  assert.deepEqual([record.name, record.workdir, record.gpus, record.partition], [runId, path.join(ctx.bed.home, '.seif/runs', runId), 2, 'gpu']);

  const lines: string[] = [];
  let stateAtFirstLine: string | undefined;
  let end: TailEvent | undefined;
  const tail = (async () => {
    for await (const e of tailJob(() => ctx.pool.get(slurmHost), runId, { follow: true })) {
      if (e.type === 'lines') {
        stateAtFirstLine ??= ctx.bed.slurm.job(jobId)!.state;
        lines.push(...e.lines);
      }
      if (e.type === 'end') end = e;
    }
  })();
  await new Promise((r) => setTimeout(r, 1200));
  const queued = await jobStatus(conn, runId);
  assert.deepEqual([queued.state, queued.slurm?.rawState, lines.length], ['starting', 'PENDING', 0], 'still queued: no output yet');
  const squeue = await conn.exec(`squeue -h -j ${jobId} -o '%i|%T|%R'`);
  assert.equal(squeue.stdout, `${jobId}|PENDING|(Resources)\n`);

  ctx.bed.slurm.configure({ queueBlocked: false });
  const running = await waitFor('RUNNING', () => jobStatus(conn, runId), (st) => st.state === 'running');
  assert.deepEqual([running.slurm?.state, running.slurm?.rawState, running.slurm?.nodes], ['running', 'RUNNING', 'localhost']);
  await tail;
  assert.equal(stateAtFirstLine, 'RUNNING', 'lines arrive live, while the job runs');
  assert.equal(end?.type, 'end');
  const last = (end as Extract<TailEvent, { type: 'end' }>).status;
  assert.deepEqual([last.state, last.exitCode, last.slurm?.state, last.slurm?.rawState], ['exited', 0, 'completed', 'COMPLETED']);
  assert.deepEqual(lines, [`[seif] Slurm job ${jobId} on localhost`, ...Array.from({ length: 8 }, (_, i) => `line ${i + 1}`), 'gpus 0,1']);
  assert.equal(runFile(runId, 'node'), 'localhost\n');
  assert.equal(runFile(runId, 'exit_code'), '0\n');
  const sacct = await conn.exec(`sacct -n -P -j ${jobId} --format=JobID,State,ExitCode`);
  assert.equal(sacct.stdout, `${jobId}|COMPLETED|0:0\n${jobId}.batch|COMPLETED|0:0\n${jobId}.extern|COMPLETED|0:0\n`);
});

test('stop = scancel: the job is CANCELLED, its whole process group ends, and the run counts as stopped by the user', { skip }, async () => {
  const conn = await ctx.pool.get(slurmHost);
  const runId = id('cancel');
  const script = 'echo started\n(sleep 300) &\nsleep 300 & wait\n';
  await launchJob(conn, { id: runId, script, sbatch: sbatchOf(job(runId, script)) });
  const running = await waitFor('RUNNING', () => jobStatus(conn, runId), (st) => st.state === 'running');
  const pgid = ctx.bed.slurm.job(running.slurm!.jobId)!.pgid!;
  assert.ok(pgid > 1);
  const st = await stopJob(conn, runId, 1);
  assert.deepEqual([st.state, st.stopRequested, st.slurm?.state], ['stopped', true, 'cancelled']);
  assert.match(st.slurm!.rawState, /^CANCELLED by \d+$/);
  assert.notEqual(ctx.bed.slurm.job(running.slurm!.jobId)!.cancel_time, null, 'scancel reached the stand-in');
  const left = await conn.exec(`ps -e -o pgid= -o stat= | awk '$1 == ${pgid} && $2 !~ /^Z/' | wc -l`);
  assert.equal(left.stdout.trim(), '0', 'no process of the job is left');
  const { data } = await readJobLog(conn, runId);
  assert.equal(judgeJob(st, 'train', parseVerlLog(data.toString()), data.toString().split('\n')).outcome, 'stopped');
  assert.deepEqual(await stopJob(conn, runId, 1).then((s) => s.state), 'stopped', 'stopping an ended job changes nothing');
});

test('a failing Slurm job is failed with its exit code; a time limit, a cancel from elsewhere and a refused sbatch are named', { skip }, async () => {
  const conn = await ctx.pool.get(slurmHost);
  const judge = async (runId: string) => {
    const st = await waitFor(`${runId} to end`, () => jobStatus(conn, runId), ended);
    const text = (await readJobLog(conn, runId)).data.toString();
    return { st, outcome: judgeJob(st, 'task', parseVerlLog(text), text.split('\n')) };
  };
  const fails = id('fails');
  await launchJob(conn, { id: fails, script: 'echo working\nexit 3\n', sbatch: sbatchOf(job(fails, '')) });
  const failed = await judge(fails);
  assert.deepEqual([failed.st.state, failed.st.exitCode, failed.st.slurm?.rawState, failed.st.slurm?.exitCode], ['failed', 3, 'FAILED', 3]);
  assert.deepEqual(failed.outcome, { outcome: 'failed', message: 'exit 3: working' });
  assert.deepEqual(parseSacct((await conn.exec(`sacct -n -P -j ${failed.st.slurm!.jobId} --format=JobID,State,ExitCode`)).stdout, failed.st.slurm!.jobId), { state: 'failed', rawState: 'FAILED', exitCode: 3, signal: 0 });

  const slow = id('walltime');
  await launchJob(conn, { id: slow, script: 'echo long job\nsleep 60\n', sbatch: sbatchOf(job(slow, ''), { time: '0:01' }) });
  const timedOut = await judge(slow);
  assert.equal(timedOut.st.slurm?.rawState, 'TIMEOUT');
  assert.deepEqual(timedOut.outcome, { outcome: 'failed', message: `Slurm job ${timedOut.st.slurm!.jobId} reached its time limit (TIMEOUT); resume continues from the last checkpoint` });

  const other = id('elsewhere');
  await launchJob(conn, { id: other, script: 'sleep 60\n', sbatch: sbatchOf(job(other, '')) });
  const run = await waitFor('RUNNING', () => jobStatus(conn, other), (st) => st.state === 'running');
  assert.equal((await conn.exec(`scancel ${run.slurm!.jobId}`)).code, 0); // an admin, or the researcher in a terminal
  const cancelled = await judge(other);
  assert.equal(cancelled.st.stopRequested, false);
  assert.match(cancelled.outcome.message, new RegExp(`^Slurm job ${run.slurm!.jobId} was cancelled outside SEIF Studio \\(CANCELLED by \\d+\\)$`));

  const refused = id('refused');
  await assert.rejects(
    launchJob(conn, { id: refused, script: 'true\n', sbatch: sbatchOf(job(refused, ''), { partition: 'nope' }) }),
    /bed-slurm: sbatch refused the job: sbatch: error: invalid partition specified: nope; sbatch: error: Batch job submission failed: Invalid partition name specified/,
  );
  assert.equal((await jobStatus(conn, refused)).state, 'failed');
});

test('what Slurm prints is read: sbatch --parsable, squeue -o, sacct -P with steps and signals', () => {
  assert.equal(parseSbatchOutput('4211\n'), '4211');
  assert.equal(parseSbatchOutput('4211;cluster-a\n'), '4211');
  assert.throws(() => parseSbatchOutput('sbatch: error: Batch job submission failed\n'), /sbatch did not print a job id: sbatch: error/);
  assert.deepEqual(parseSqueue('123|RUNNING|1:02|node[7-8]\n124|PENDING|0:00|\n').get('123'), { state: 'running', rawState: 'RUNNING', elapsed: '1:02', nodes: 'node[7-8]' });
  assert.equal(parseSqueue('123|RUNNING|1:02|node7\n124|PENDING|0:00|\n').get('124')?.state, 'pending');
  assert.deepEqual(parseSacct('123|CANCELLED by 1001|0:0\n123.batch|CANCELLED|0:15\n', '123'), { state: 'cancelled', rawState: 'CANCELLED by 1001', exitCode: 0, signal: 0 });
  assert.deepEqual(parseSacct('123|FAILED|0:9\n', '123'), { state: 'failed', rawState: 'FAILED', exitCode: 0, signal: 9 });
  assert.equal(parseSacct('1234|COMPLETED|0:0\n', '123'), undefined, 'another job id is not this one');
});

