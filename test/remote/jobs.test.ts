// Detached jobs on a real sshd: launch, live tail, reattach after a dropped connection with no lost or
// doubled line, stop (TERM then KILL of the process group), command not found, disk full, bad ids.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SeifError } from '../../src/core/errors';
import { jobStatus, judgeJob, launchJob, listJobs, parseVerlLog, readJobLog, stopJob, tailJob, type TailEvent } from '../../src/core/remote/index';
import { host, skip, useSshTestBed } from '../support/sshd/use-bed';

const ctx = useSshTestBed();

const id = (name: string) => `${ctx.bed.tag}-${name}`;

async function waitEnd(runId: string, ms = 20_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const st = await jobStatus(await ctx.pool.get(host), runId);
    if (st.state !== 'running' && st.state !== 'starting') return st;
    if (Date.now() > deadline) throw new Error(`job ${runId} still running after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('a job outlives a dropped connection; the tail reattaches and delivers every line exactly once', { skip }, async () => {
  const runId = id('count');
  const conn = await ctx.pool.get(host);
  const st = await launchJob(conn, { id: runId, script: 'for i in $(seq 1 60); do echo "line $i"; sleep 0.05; done\nprintf "partial-last"\n', spec: { title: 'count', phase: 'test' } });
  assert.equal(st.state, 'running');
  assert.ok(st.pid && st.pid > 1);
  const got: string[] = [];
  const events: TailEvent['type'][] = [];
  let dropped = false;
  for await (const e of tailJob(() => ctx.pool.get(host), runId, { follow: true })) {
    events.push(e.type);
    if (e.type === 'lines') {
      got.push(...e.lines);
      if (!dropped && got.length >= 10) {
        dropped = true;
        (await ctx.pool.get(host)).destroyTransport(); // the network drops mid-run
      }
    }
    if (e.type === 'end') assert.equal(e.status.state, 'exited');
  }
  assert.ok(events.includes('reattached'));
  assert.deepEqual(got, [...Array.from({ length: 60 }, (_, i) => `line ${i + 1}`), 'partial-last']);
  const { data } = await readJobLog(await ctx.pool.get(host), runId);
  assert.equal(data.toString('utf8'), `${got.slice(0, 60).join('\n')}\npartial-last`);
  // A tail resumed from a saved offset continues exactly there.
  const offset = Buffer.byteLength(`${got.slice(0, 30).join('\n')}\n`);
  const rest: string[] = [];
  for await (const e of tailJob(() => ctx.pool.get(host), runId, { offset })) if (e.type === 'lines') rest.push(...e.lines);
  assert.deepEqual(rest, got.slice(30));
});

test('stop sends TERM to the whole process group, then KILL after the grace; the stop is recorded', { skip }, async () => {
  const runId = id('stubborn');
  await launchJob(await ctx.pool.get(host), { id: runId, script: "trap '' TERM\n(trap '' TERM; sleep 300) &\nsleep 300 & wait\n" });
  await new Promise((r) => setTimeout(r, 300));
  const conn = await ctx.pool.get(host);
  const before = await jobStatus(conn, runId);
  const t0 = Date.now();
  const st = await stopJob(conn, runId, 1);
  assert.ok(Date.now() - t0 >= 900, 'waited for the grace period');
  assert.equal(st.state, 'stopped');
  assert.equal(st.stopRequested, true);
  // Live processes of the job's session (zombies waiting for a reaper hold nothing).
  const left = await conn.exec(`ps -e -o sid= -o stat= | awk '$1 == ${before.pid} && $2 !~ /^Z/' | wc -l`);
  assert.equal(left.stdout.trim(), '0');
  assert.equal(judgeJob(st, 'train', parseVerlLog(''), []).outcome, 'stopped');
});

test('command not found, a full disk and a failing command each end with their own message', { skip }, async () => {
  const conn = await ctx.pool.get(host);
  await launchJob(conn, { id: id('nf'), script: 'seif-no-such-command --x\n' });
  await launchJob(conn, { id: id('full'), script: `head -c 1000000 /dev/zero > ${ctx.bed.tinyfs}/fill.bin\n` });
  await launchJob(conn, { id: id('fails'), script: 'echo working; exit 3\n' });
  const judge = async (name: string) => {
    const st = await waitEnd(id(name));
    const { data } = await readJobLog(conn, id(name));
    return judgeJob(st, 'task', parseVerlLog(data.toString()), data.toString().split('\n'));
  };
  assert.deepEqual(await judge('nf'), { outcome: 'failed', message: 'command not found on the host: seif-no-such-command (exit 127)' });
  assert.match((await judge('full')).message, /^the host's disk is full \(No space left on device\)/);
  assert.deepEqual(await judge('fails'), { outcome: 'failed', message: 'exit 3: working' });
  await conn.exec(`rm -f ${ctx.bed.tinyfs}/fill.bin`);
});

test('jobs are listed with their spec; ids are validated and never reused', { skip }, async () => {
  const conn = await ctx.pool.get(host);
  const runId = id('listed');
  await launchJob(conn, { id: runId, script: 'true\n', spec: { title: 'listed', round: 2, phase: 'merge-i' } });
  await waitEnd(runId);
  const jobs = await listJobs(conn);
  const mine = jobs.find((j) => j.id === runId)!;
  assert.equal(mine.state, 'exited');
  assert.equal(mine.exitCode, 0);
  assert.equal(mine.spec?.phase, 'merge-i');
  await assert.rejects(launchJob(conn, { id: runId, script: 'true\n' }), /already exists/);
  for (const bad of ['../etc', '.hidden', 'a b', 'x;rm', '']) await assert.rejects(launchJob(conn, { id: bad, script: 'true\n' }), (e: Error) => e instanceof SeifError && /invalid run id/.test(e.message));
  assert.equal((await jobStatus(conn, id('never'))).state, 'unknown');
});
