// SSH transport against real sshd instances on 127.0.0.1: aliases, jump host, keys, known_hosts, SFTP, errors.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { connectHost, HostPool, resolveHost } from '../../src/core/remote/index';
import { SeifError } from '../../src/core/errors';
import { skip, useSshTestBed } from '../support/sshd/use-bed';

const ctx = useSshTestBed();

test('an ssh config alias connects, runs commands, and the pool reuses one connection per host', { skip }, async () => {
  const a = await ctx.pool.get('bed-target');
  const [b, c] = await Promise.all([ctx.pool.get('bed-target'), ctx.pool.get('bed-target')]);
  assert.equal(a, b);
  assert.equal(b, c);
  const r = await a.exec('id -un; printf "%s" "$HOME"');
  assert.equal(r.code, 0);
  assert.deepEqual(r.stdout.split('\n'), ['seiftest', ctx.bed.home]);
});

test('user@host:port works without any config, and a dropped connection is replaced on next use', { skip }, async () => {
  const p = new HostPool({ configFile: '/nonexistent', agent: false });
  const spec = resolveHost(`seiftest@127.0.0.1:${ctx.bed.targetPort}`, { configFile: '/nonexistent' });
  assert.equal(spec.port, ctx.bed.targetPort);
  const direct = await connectHost({ ...spec, identityFiles: [ctx.bed.keys.ed25519], knownHostsFile: ctx.bed.knownHosts }, { agent: false });
  assert.equal((await direct.exec('echo ok')).stdout.trim(), 'ok');
  direct.destroyTransport();
  await new Promise((r) => direct.onClose(() => r(undefined)));
  assert.equal(direct.closed, true);
  await assert.rejects(direct.exec('true'), /lost/);
  const c1 = await ctx.pool.get('bed-target');
  c1.destroyTransport();
  await new Promise((r) => setTimeout(r, 50));
  const c2 = await ctx.pool.get('bed-target');
  assert.notEqual(c1, c2);
  assert.equal((await c2.exec('echo again')).stdout.trim(), 'again');
  await p.closeAll();
});

test('a jump host (ProxyJump via forwardOut) reaches the target', { skip }, async () => {
  const conn = await ctx.pool.get('bed-via-jump');
  assert.ok(conn.spec.jump);
  const r = await conn.exec('printf "%s" "$SSH_CONNECTION"');
  // The target sees the connection coming from the jump host's sshd, on loopback.
  assert.match(r.stdout, new RegExp(`^127\\.0\\.0\\.1 \\d+ 127\\.0\\.0\\.1 ${ctx.bed.targetPort}$`));
});

test('an encrypted key asks for its passphrase; a wrong passphrase says so', { skip }, async () => {
  const asked: string[] = [];
  const ok = new HostPool({ configFile: ctx.bed.sshConfig, agent: false, passphrase: (f) => (asked.push(f), 'correct horse') });
  assert.equal((await (await ok.get('bed-enc')).exec('echo enc')).stdout.trim(), 'enc');
  assert.deepEqual(asked, [ctx.bed.keys.encrypted]);
  await ok.closeAll();
  const bad = new HostPool({ configFile: ctx.bed.sshConfig, agent: false, passphrase: () => 'nope' });
  await assert.rejects(bad.get('bed-enc'), (e: Error) => e instanceof SeifError && /wrong passphrase/.test(e.message) && e.toString().includes(ctx.bed.keys.encrypted));
});

test('an unknown host key: the callback sees the fingerprint and decides; accepted keys are remembered', { skip }, async () => {
  const kh = path.join(ctx.bed.dir, 'known_hosts.empty');
  fs.writeFileSync(kh, '');
  const spec = { ...resolveHost('bed-target', { configFile: ctx.bed.sshConfig }), knownHostsFile: kh };
  const expected = `SHA256:${(await import('node:crypto')).createHash('sha256').update(Buffer.from(fs.readFileSync(path.join(ctx.bed.dir, 'target_key.pub'), 'utf8').split(' ')[1]!, 'base64')).digest('base64').replace(/=+$/, '')}`;
  const seen: string[] = [];
  await assert.rejects(
    connectHost(spec, { agent: false, onUnknownHost: (info) => (seen.push(info.fingerprint), false) }),
    (e: Error) => /not in known_hosts and was not trusted/.test(e.message) && e.message.includes(expected),
  );
  assert.deepEqual(seen, [expected]);
  await assert.rejects(connectHost(spec, { agent: false }), /not in known_hosts/);
  const conn = await connectHost(spec, { agent: false, onUnknownHost: async () => true });
  conn.end();
  assert.match(fs.readFileSync(kh, 'utf8'), new RegExp(`^\\[127\\.0\\.0\\.1\\]:${ctx.bed.targetPort} ssh-ed25519 `));
  const again = await connectHost(spec, { agent: false });
  again.end();
});

test('unreachable host, wrong key and a non-SSH port each fail with their own message', { skip }, async () => {
  const spec = resolveHost('bed-target', { configFile: ctx.bed.sshConfig });
  await assert.rejects(connectHost({ ...spec, port: 1 }, { agent: false }), /connection refused — is sshd running there/);
  await assert.rejects(
    connectHost({ ...spec, identityFiles: [ctx.bed.keys.wrong] }, { agent: false }),
    (e: Error) => /authentication failed for bed-target/.test(e.message) && e.message.includes(ctx.bed.keys.wrong),
  );
  const net = await import('node:net');
  const silent = net.createServer(() => {}).listen(0, '127.0.0.1');
  await new Promise((r) => silent.once('listening', r));
  const port = (silent.address() as { port: number }).port;
  await assert.rejects(connectHost({ ...spec, port }, { agent: false, readyTimeoutMs: 800 }), /no SSH handshake within 1 s/);
  silent.close();
});

test('SFTP upload and download round-trip; a full remote disk is reported as such', { skip }, async () => {
  const conn = await ctx.pool.get('bed-target');
  const local = path.join(ctx.bed.dir, 'blob.bin');
  fs.writeFileSync(local, Buffer.alloc(100_000, 7));
  await conn.upload(local, 'blob.bin');
  await conn.download('blob.bin', `${local}.back`);
  assert.deepEqual(fs.readFileSync(`${local}.back`), fs.readFileSync(local));
  fs.writeFileSync(local, Buffer.alloc(400 << 10, 1));
  await assert.rejects(conn.upload(local, `${ctx.bed.tinyfs}/big.bin`), /remote disk is full/);
  await conn.exec(`rm -f blob.bin ${ctx.bed.tinyfs}/big.bin`);
});

test('a changed host key is refused with a clear message (last: it reinstalls the target)', { skip }, async () => {
  await ctx.pool.closeAll();
  await ctx.bed.restartTarget({ newHostKey: true });
  await assert.rejects(
    ctx.pool.get('bed-target'),
    (e: Error) => e instanceof SeifError && /HOST KEY CHANGED for \[127\.0\.0\.1\]:\d+/.test(e.message) && /ssh-keygen -R/.test(e.message) && e.file === ctx.bed.knownHosts,
  );
});
