// "SEIF: Check Host": the checklist on a real sshd, the repair as a diff, and the reviewed repair applied.
import assert from 'node:assert/strict';
import net from 'node:net';
import { test } from 'node:test';
import { repairSeifCheckout, runPreflight } from '../../src/core/round/index';
import { host, skip, useSshTestBed } from '../support/sshd/use-bed';

const ctx = useSshTestBed();

test('the host check lists what is missing, proposes the repair as a diff, and the reviewed repair fixes the sources', { skip }, async () => {
  const { bed, pool } = ctx;
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
