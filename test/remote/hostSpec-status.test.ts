// Host names from ssh config (Include, wildcards, ProxyJump chains, tokens) and honest job outcomes.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { judgeJob, listConfigHosts, parseVerlLog, resolveHost, RunMonitor, type JobStatus } from '../../src/core/remote/index';
import { tempDir } from '../support/tmp';

test('ssh config: Include, Host wildcards, IdentitiesOnly, tokens, ProxyJump chains, explicit user@host:port wins', () => {
  const home = tempDir();
  fs.mkdirSync(path.join(home, '.ssh', 'conf.d'), { recursive: true });
  fs.writeFileSync(path.join(home, '.ssh', 'conf.d', 'lab.conf'), 'Host gpu-lab\n    HostName 10.0.0.7\n    ProxyJump bastion,inner\n');
  fs.writeFileSync(
    path.join(home, '.ssh', 'config'),
    [
      'Include conf.d/*.conf',
      'Host bastion',
      '    HostName 192.0.2.1',
      '    User jumper',
      'Host inner',
      '    HostName 192.0.2.2',
      '    Port 2200',
      'Host gpu-*',
      '    User researcher',
      '    Port 2222',
      '    IdentityFile ~/.ssh/id_%r_%h',
      '    IdentitiesOnly yes',
      'Host *',
      `    UserKnownHostsFile ~/.ssh/kh`,
      '',
    ].join('\n'),
  );
  const spec = resolveHost('gpu-lab', { home, localUser: 'me' });
  assert.deepEqual([spec.host, spec.port, spec.user], ['10.0.0.7', 2222, 'researcher']);
  assert.deepEqual(spec.identityFiles, [path.join(home, '.ssh', 'id_researcher_10.0.0.7')]);
  assert.equal(spec.knownHostsFile, path.join(home, '.ssh', 'kh'));
  // bastion, then inner through bastion, then the target through inner.
  assert.deepEqual([spec.jump?.host, spec.jump?.port, spec.jump?.jump?.host, spec.jump?.jump?.user], ['192.0.2.2', 2200, '192.0.2.1', 'jumper']);
  const direct = resolveHost('root@gpu-lab:2', { home, localUser: 'me' });
  assert.deepEqual([direct.user, direct.port], ['root', 2]);
  assert.deepEqual(resolveHost('plain.example', { home, localUser: 'me' }).user, 'me');
  assert.deepEqual(listConfigHosts({ home }), ['gpu-lab', 'bastion', 'inner']);
  assert.throws(() => resolveHost('a b', { home }), /neither an ssh config alias nor user@host:port/);
  assert.throws(() => resolveHost('x@h:70000', { home }), /not 1–65535/);
});

const status = (over: Partial<JobStatus>): JobStatus => ({ id: 'r', state: 'exited', pid: 1, exitCode: 0, logSize: 0, startedAt: 1, endedAt: 2, stopRequested: false, now: 2, ...over });
const log = (last: number, total: number) =>
  [`(Runner pid=1) Total training steps: ${total}`, ...Array.from({ length: last }, (_, i) => `(Runner pid=1) Step ${i + 1}\n(Runner pid=1) reward:\n(Runner pid=1)   overall: 0.5\n(Runner pid=1) `)].join('\n');

test('exit 0 is a success only when the last step was reached', () => {
  assert.deepEqual(judgeJob(status({}), 'train', parseVerlLog(log(13, 13)), []), { outcome: 'succeeded', message: 'reached step 13 of 13' });
  const early = judgeJob(status({}), 'train', parseVerlLog(log(7, 13)), []);
  assert.equal(early.outcome, 'incomplete');
  assert.match(early.message, /exited 0 after step 7 of 13: not a success/);
  assert.equal(judgeJob(status({}), 'train', parseVerlLog(''), []).outcome, 'incomplete');
  assert.equal(judgeJob(status({ state: 'lost', exitCode: null }), 'train', parseVerlLog(''), []).outcome, 'lost');
  assert.deepEqual(judgeJob(status({}), 'train', parseVerlLog(log(13, 13)), [], 'role server judge died'), { outcome: 'failed', message: 'role server judge died' });
  assert.equal(judgeJob(status({}), 'service', parseVerlLog(''), []).outcome, 'failed');
});

test('the run monitor reports step, total, reward mean, ETA from step arrival times, and stalls', () => {
  let now = 0;
  const m = new RunMonitor(() => now);
  m.feed(['(Runner pid=1) Total training steps: 10']);
  for (let s = 1; s <= 3; s++) {
    now += 60_000;
    m.feed([`(Runner pid=1) Step ${s}`, '(Runner pid=1) reward:', `(Runner pid=1)   overall: 0.${s}`, '(Runner pid=1) ']);
  }
  const p = m.progress();
  assert.deepEqual([p.step, p.total, p.rewardMean, p.etaSeconds], [3, 10, 0.3, 7 * 60]);
  assert.equal(m.stalled(5 * 60_000, now + 4 * 60_000), false);
  assert.equal(m.stalled(5 * 60_000, now + 6 * 60_000), true);
});
