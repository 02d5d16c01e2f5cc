// bench/remote.ts — remote rounds over SSH against the loopback sshd test bed (needs root, like the tests).
// 1. A log line written on the host → parsed in the client (VerlLogParser): p50/p95 latency, goal ≤ 1 s.
//    Baseline in the same run: one exec round trip on the same warm connection.
// 2. Reattach after a dropped connection (transport destroyed mid-run) → next line delivered: goal ≤ 5 s.
//    Baseline in the same run: a fresh SSH connect + handshake.
// Run: node --import tsx bench/remote.ts [lines=40] [drops=5]
import { HostPool, launchJob, stopJob, tailJob, VerlLogParser } from '../src/core/remote/index';
import { startSshTestBed, sshBedUnavailable } from '../test/support/sshd/testbed';

const LINES = Number(process.argv[2] ?? 40);
const DROPS = Number(process.argv[3] ?? 5);
const host = 'bed-target';

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

async function main(): Promise<void> {
  const why = sshBedUnavailable();
  if (why) {
    console.log(`bench/remote: skipped — ${why}`);
    return;
  }
  const bed = await startSshTestBed();
  const pool = new HostPool({ configFile: bed.sshConfig, agent: false });
  try {
    const conn = await pool.get(host);
    // Baseline 1: exec round trips on the warm connection.
    const execMs: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t = performance.now();
      await conn.exec('true');
      execMs.push(performance.now() - t);
    }
    // 1. Each step line carries the host's write time (ms since epoch; same clock on loopback).
    const id = `${bed.tag}-bench-latency`;
    await launchJob(conn, {
      id,
      script: `for i in $(seq 1 ${LINES}); do printf '(Runner pid=1) Step %d\\n(Runner pid=1) host_ms: %s\\n(Runner pid=1) \\n' "$i" "$(date +%s%3N)"; sleep 0.1; done\n`,
    });
    const latency: number[] = [];
    const parser = new VerlLogParser((e) => {
      if (e.type === 'step') latency.push(Date.now() - Number(e.metrics.host_ms));
    });
    for await (const e of tailJob(() => pool.get(host), id, { follow: true })) if (e.type === 'lines') e.lines.forEach((l) => parser.feed(l));
    parser.end();

    // 2. Drops mid-run; time from the drop to the first line delivered after reattaching.
    const connectMs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const p = new HostPool({ configFile: bed.sshConfig, agent: false });
      const t = performance.now();
      await p.get(host);
      connectMs.push(performance.now() - t);
      await p.closeAll();
    }
    const rid = `${bed.tag}-bench-reattach`;
    await launchJob(await pool.get(host), { id: rid, script: 'i=0; while true; do i=$((i+1)); echo "tick $i"; sleep 0.05; done\n' });
    const reattach: number[] = [];
    let dropAt: number | undefined;
    let seen = 0;
    let lastTick = 0;
    let lostOrDoubled = 0;
    for await (const e of tailJob(() => pool.get(host), rid, { follow: true })) {
      if (e.type !== 'lines') continue;
      for (const l of e.lines) {
        const n = Number(l.split(' ')[1]);
        if (n !== lastTick + 1) lostOrDoubled++;
        lastTick = n;
      }
      if (dropAt !== undefined) {
        reattach.push(performance.now() - dropAt);
        dropAt = undefined;
      }
      seen += e.lines.length;
      if (seen >= 20 && reattach.length < DROPS && dropAt === undefined) {
        seen = 0;
        dropAt = performance.now();
        (await pool.get(host)).destroyTransport();
      }
      if (reattach.length >= DROPS) {
        await stopJob(await pool.get(host), rid, 1);
      }
    }
    const p50 = pct(latency, 50);
    const execP50 = pct(execMs, 50);
    console.log(`remote (loopback sshd, ${LINES} step lines, ${DROPS} drops)`);
    console.log(`  host line → parsed step: p50 ${fmt(p50)}, p95 ${fmt(pct(latency, 95))}, max ${fmt(Math.max(...latency))}  (goal ≤ 1000 ms: ${Math.max(...latency) <= 1000 ? 'met' : 'MISSED'})`);
    console.log(`    baseline exec round trip p50 ${fmt(execP50)} → ratio ${(p50 / execP50).toFixed(1)}×`);
    const r50 = pct(reattach, 50);
    console.log(`  reattach after a drop → next line: p50 ${fmt(r50)}, max ${fmt(Math.max(...reattach))}  (goal ≤ 5000 ms: ${Math.max(...reattach) <= 5000 ? 'met' : 'MISSED'}); lost or doubled lines: ${lostOrDoubled}`);
    console.log(`    baseline fresh connect p50 ${fmt(pct(connectMs, 50))} → ratio ${(r50 / pct(connectMs, 50)).toFixed(1)}×`);
  } finally {
    await pool.closeAll();
    await bed.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
