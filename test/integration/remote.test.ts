import * as vscode from 'vscode';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { SeifStudioApi } from '../../src/extension/extension';
import type { DatasetNode, InstructionNode, RoundNode } from '../../src/extension/tree/nodes';
import { remoteApiOf, type RemoteApi } from '../../src/extension/remote/register';
import type { CheckHostResult } from '../../src/extension/remote/checkHost';
import type { StartRoundOutcome } from '../../src/extension/remote/startRound';
import type { RunsNode } from '../../src/extension/remote/runsTree';
import { fingerprintOf } from '../../src/core/remote/index';
import { sshBedUnavailable, startSshTestBed, type SshTestBed } from '../support/sshd/testbed';
import { activateApi, children, label, waitFor, workspaceRoot } from './helpers';

const FAMILY = 'TINY-0.5B';
const HOST = 'bed-target';
const SLURM_HOST = 'bed-slurm';
/** Fast probes and watchdog ticks for the stand-in servers and trainer (real models take minutes). */
const timings = { probeIntervalMs: 150, watchdogIntervalMs: 250, readyTimeoutMs: 30_000, stopGraceSeconds: 2 };

function trainer(bed: SshTestBed, knobs: { steps: number; stepSeconds: number; saveFreq: number }): void {
  fs.writeFileSync(path.join(bed.seifDir, 'fake.json'), JSON.stringify(knobs));
}

function menuWhen(command: string): RegExp {
  const pkg = vscode.extensions.getExtension('seif-studio.seif-studio')!.packageJSON as { contributes: { menus: Record<string, { command: string; when: string }[]> } };
  const when = pkg.contributes.menus['view/item/context']!.find((m) => m.command === command && m.when.includes('seif.runs'))!.when;
  const m = /viewItem =~ \/(.+)\/$/.exec(when)!;
  return new RegExp(m[1]!);
}

suite('Remote rounds: Check Host, Start Round through the review gate, Runs view, Stop (real sshd)', () => {
  let api: SeifStudioApi;
  let remote: RemoteApi;
  let root: string;
  let bed: SshTestBed | undefined;
  let manifestBefore: string | undefined;
  let basePort = 42000 + Math.floor(Math.random() * 2000) * 10;
  const made: string[] = [];
  let instructorRun = '';

  /** Start Round's arguments in these tests: the bed's checkout, fresh ports, no questions, the short timings. */
  function startArgs(host: string, round: number, runPrefix: string, extra: { phase?: string; workDir?: string } = {}) {
    return {
      host,
      round,
      ...(extra.phase ? { phase: extra.phase } : {}),
      options: { seifDir: bed!.seifDir, workDir: extra.workDir ?? `$HOME/work-${runPrefix}`, runPrefix, basePort: (basePort += 10), gpus: 8 },
      confirm: true,
      ignorePreflight: true,
      minFreeGb: 0,
      timings,
    };
  }

  /**
   * Start Round with the questions answered by script: quick picks in `picks` order (by item id or string),
   * input boxes by `input`. Returns the outcome with every question and quick-pick menu that was shown.
   */
  async function startRoundScripted(picks: string[], input: (o: vscode.InputBoxOptions) => string | undefined, args: object) {
    const questions: string[] = [];
    const menus: vscode.QuickPickItem[][] = [];
    const scripted = remote.prompts.answerWith({
      quickPick: (items, o) => {
        questions.push(o.placeHolder ?? '');
        if (typeof items[0] !== 'string') menus.push(items as vscode.QuickPickItem[]);
        const want = picks.shift();
        return items.find((i) => (typeof i === 'string' ? i === want : (i as { id?: string }).id === want));
      },
      inputBox: (o) => {
        questions.push(o.prompt ?? '');
        return input(o);
      },
    });
    try {
      const out = await vscode.commands.executeCommand<StartRoundOutcome>('seif.startRound', { ...args, confirm: true, ignorePreflight: true, minFreeGb: 0, timings });
      for (const id of Object.values(out.result?.runIds ?? {})) made.push(`.seif/runs/${id}`);
      return { out, questions, menus };
    } finally {
      scripted.dispose();
    }
  }

  suiteSetup(async function () {
    this.timeout(120_000);
    const why = sshBedUnavailable();
    if (why) {
      console.log(`      [remote] skipped: ${why}`);
      this.skip();
    }
    api = await activateApi();
    remote = remoteApiOf(api)!;
    assert.ok(remote, 'the remote feature registered');
    root = workspaceRoot();
    await api.service.ready();
    const manifestFile = path.join(root, 'seif.json');
    manifestBefore = fs.existsSync(manifestFile) ? fs.readFileSync(manifestFile, 'utf8') : undefined;
    bed = await startSshTestBed();
    trainer(bed, { steps: 3, stepSeconds: 0.15, saveFreq: 2 });
    // The host's SEIF checkout has a data folder per model family (with its chuti.py): add this workspace's.
    fs.cpSync(path.join(bed.seifDir, 'data', 'Self-IF-Self-QWEN-7B'), path.join(bed.seifDir, 'data', `Self-IF-Self-${FAMILY}`), { recursive: true });
    await vscode.workspace.getConfiguration('seif').update('remote.sshConfigFile', bed.sshConfig, vscode.ConfigurationTarget.Global);
  });

  suiteTeardown(async function () {
    this.timeout(60_000);
    if (!bed) return;
    await vscode.workspace.getConfiguration('seif').update('remote.sshConfigFile', undefined, vscode.ConfigurationTarget.Global);
    await remote.hosts.reset();
    await bed.stop();
    // Leave the shared fixture workspace as the other suites expect it.
    for (const f of made) fs.rmSync(path.join(root, f), { recursive: true, force: true });
    if (manifestBefore !== undefined) fs.writeFileSync(path.join(root, 'seif.json'), manifestBefore);
    await api.service.open();
  });

  test('Check Host shows the checklist, previews the repair of every patched file as a diff, and applies it', async function () {
    this.timeout(60_000);
    const r = await vscode.commands.executeCommand<CheckHostResult>('seif.checkHost', { host: HOST, seifDir: bed!.seifDir, minFreeGb: 1, repair: 'apply' });
    const status = Object.fromEntries(r.result.checks.map((c) => [c.id, c.status]));
    assert.equal(status.connection, 'ok');
    assert.equal(status.checkout, 'ok');
    assert.equal(status.corruption, 'fail');
    assert.equal(status.gpus, 'fail'); // no nvidia-smi on the test host
    const checklist = (await vscode.workspace.openTextDocument(r.checklist)).getText();
    assert.match(checklist, /^# Host check: bed-target$/m);
    assert.match(checklist, /^- ✅ \*\*SSH connection\*\* \(ok\)/m);
    assert.match(checklist, /^- ❌ \*\*.+\*\* \(fail\)/m);
    assert.match(checklist, /^```diff\n--- a\/modules\/instructions_util\.py$/m);
    assert.match(checklist, /^- ✅ \*\*Job scheduler\*\* \(ok\) — no Slurm: phases run as detached setsid jobs on this host$/m);
    // The diff preview: one diff editor per patched file, the host's file as it is and as repaired.
    assert.deepEqual(r.result.patches.map((p) => p.file), ['modules/instructions_util.py', 'verl/utils/dataset.py'], 'the stand-in checkout has two corrupted files');
    assert.deepEqual(r.diffs.map((d) => d.file), r.result.patches.map((p) => p.file));
    const diffTabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputTextDiff);
    for (const d of r.diffs) {
      const tab = diffTabs.find((t) => (t.input as vscode.TabInputTextDiff).modified.toString() === d.repaired.toString());
      assert.ok(tab, `a diff editor shows ${d.file}: original ↔ repaired`);
      assert.match(tab.label, new RegExp(`^${d.file.replace(/[./]/g, '\\$&')}: as on bed-target ↔ repaired \\(review \\d/2\\)$`));
      assert.equal((tab.input as vscode.TabInputTextDiff).original.toString(), d.original.toString());
      const before = (await vscode.workspace.openTextDocument(d.original)).getText();
      const after = (await vscode.workspace.openTextDocument(d.repaired)).getText();
      assert.equal(before, fs.readFileSync(path.join(bed!.seifDir, `${d.file}.orig`), 'utf8'), `the left side is ${d.file} before the repair`);
      assert.equal(after, fs.readFileSync(path.join(bed!.seifDir, d.file), 'utf8'), `${d.file} now reads as the previewed repair`);
      assert.notEqual(before, after);
    }
    assert.deepEqual(r.repaired, r.result.patches.map((p) => p.file));
    const again = await vscode.commands.executeCommand<CheckHostResult>('seif.checkHost', { host: HOST, seifDir: bed!.seifDir, minFreeGb: 0, repair: 'skip' });
    assert.equal(again.result.checks.find((c) => c.id === 'corruption')!.status, 'ok');
    assert.equal(again.result.patches.length, 0);
  });

  test('an unknown host key is refused unless its fingerprint is accepted; a changed key is always refused', async function () {
    this.timeout(60_000);
    // Two aliases for the same sshd: one with an empty known_hosts, one whose known_hosts holds another key.
    const unknownKh = path.join(bed!.dir, 'known_hosts.empty');
    const changedKh = path.join(bed!.dir, 'known_hosts.changed');
    fs.writeFileSync(unknownKh, '');
    const jumpKey = fs.readFileSync(path.join(bed!.dir, 'jump_key.pub'), 'utf8').split(' ').slice(0, 2).join(' ');
    fs.writeFileSync(changedKh, `[127.0.0.1]:${bed!.targetPort} ${jumpKey}\n`);
    const alias = (name: string, kh: string) => [`Host ${name}`, '    HostName 127.0.0.1', `    Port ${bed!.targetPort}`, `    UserKnownHostsFile ${kh}`, ''].join('\n');
    fs.writeFileSync(bed!.sshConfig, alias('bed-unknown', unknownKh) + alias('bed-changed', changedKh) + fs.readFileSync(bed!.sshConfig, 'utf8'));
    const targetKey = fs.readFileSync(path.join(bed!.dir, 'target_key.pub'), 'utf8').split(' ')[1]!;
    const fingerprint = fingerprintOf(Buffer.from(targetKey, 'base64'));
    const check = (host: string, trustHost: boolean | string) => Promise.resolve(vscode.commands.executeCommand<CheckHostResult>('seif.checkHost', { host, seifDir: bed!.seifDir, minFreeGb: 0, repair: 'skip', trustHost }));
    await assert.rejects(check('bed-unknown', false), (e: Error) => e.message.includes(`not in known_hosts and was not trusted (its ssh-ed25519 key fingerprint is ${fingerprint})`));
    await assert.rejects(check('bed-unknown', 'SHA256:not-this-one'), /was not trusted/);
    assert.equal(fs.readFileSync(unknownKh, 'utf8'), '', 'nothing trusted yet');
    const ok = await check('bed-unknown', fingerprint);
    assert.equal(ok.result.checks[0]!.status, 'ok');
    assert.match(fs.readFileSync(unknownKh, 'utf8'), new RegExp(`^\\[127\\.0\\.0\\.1\\]:${bed!.targetPort} ssh-ed25519 ${targetKey.replace(/[+/]/g, '\\$&')}\n$`));
    await assert.rejects(check('bed-changed', true), /HOST KEY CHANGED for \[127\.0\.0\.1\]:\d+: .*Refusing to connect/);
  });

  test('Start Round runs round 3 to the review gate: dry run, Runs view statuses, live metrics, q_T revealed', async function () {
    this.timeout(240_000);
    const out = await vscode.commands.executeCommand<StartRoundOutcome>('seif.startRound', startArgs(HOST, 3, `${bed!.tag}-r3`, { workDir: `$HOME/work-${bed!.tag}` }));
    made.push('.seif/rounds/round-3.plan.json', '.seif/rounds/round-3.start.json', `data/Self-IF-Self-${FAMILY}/q_T3.jsonl`);
    for (const id of Object.values(out.result!.runIds)) made.push(`.seif/runs/${id}`);
    assert.equal(out.launched, true);
    assert.equal(out.result!.failed, undefined, out.result!.failed?.message);
    assert.deepEqual(out.result!.completed, ['servers-i', 'instructor', 'merge-i', 'generate']);
    assert.match(out.result!.gate!.message, /curate q_T3/);
    // The dry run shows the exact scripts before launch.
    const dry = (await vscode.workspace.openTextDocument(out.dryRun!)).getText();
    assert.match(dry, /^# Dry run: round 3 of TINY-0\.5B on bed-target$/m);
    assert.match(dry, /'trainer\.logger=\[console,wandb\]'/);
    assert.ok(dry.includes(out.plan!.phases.find((p) => p.id === 'instructor')!.jobs[0]!.script.trimEnd()), 'the instructor script verbatim');

    // Runs view: run → phases → jobs with step/total and reward.
    const [runNode] = remote.tree.getChildren();
    assert.equal(remote.tree.getTreeItem(runNode!).contextValue, 'run:gate');
    const phases = remote.tree.getChildren(runNode);
    const phaseCtx = phases.map((p) => remote.tree.getTreeItem(p).contextValue);
    assert.deepEqual(phaseCtx.slice(0, 5), ['phase:done:servers-i', 'phase:done:instructor', 'phase:done:merge-i', 'phase:done:generate', 'phase:gate:review']);
    const instructorJobs = remote.tree.getChildren(phases[1]);
    assert.equal(instructorJobs.length, 1);
    const jobItem = remote.tree.getTreeItem(instructorJobs[0]!);
    assert.equal(jobItem.contextValue, 'job:succeeded:train');
    assert.match(String(jobItem.description), /^step 3\/3 · reward -?\d+\.\d{3} · \d+s · succeeded$/);
    const serverCtx = remote.tree.getChildren(phases[0]).map((n) => remote.tree.getTreeItem(n).contextValue);
    assert.deepEqual(serverCtx, ['job:stopped:service', 'job:stopped:service', 'job:stopped:service']);

    // Per-step metrics for the dashboard, one line per step.
    instructorRun = (instructorJobs[0] as Extract<RunsNode, { kind: 'job' }>).runId;
    const metrics = fs.readFileSync(path.join(root, '.seif/runs', instructorRun, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(metrics.map((m) => m.step), [1, 2, 3]);
    assert.equal(typeof metrics[2].metrics['reward/overall'], 'number');
    const entry = remote.store.findJob(instructorRun)!.job;
    const hostLog = fs.readFileSync(path.join(bed!.home, '.seif/runs', instructorRun, 'log'));
    assert.equal(entry.offset, hostLog.length, 'the saved offset is the end of the host log (a reattach resumes there)');

    // q_T3 came into the workspace and the Rounds view shows round 3 (revealed and selected).
    assert.equal(out.reviewDataset, `data/Self-IF-Self-${FAMILY}/q_T3.jsonl`);
    const round3 = (await children(api)).find((n): n is RoundNode => n.kind === 'round' && n.round.t === 3 && n.round.family === FAMILY);
    assert.ok(round3, 'round 3 in the Rounds view');
    assert.ok(round3.round.datasets.includes(out.reviewDataset!));
    const selected = await waitFor('round 3 selected', () => (api.treeView.selection[0]?.kind === 'round' ? (api.treeView.selection[0] as RoundNode) : undefined), 10_000);
    assert.equal(selected.round.t, 3);
  });

  test('curating q_T3, exporting and Continue Round upload the export and train F_3 to the end', async function () {
    this.timeout(240_000);
    const rel = `data/Self-IF-Self-${FAMILY}/q_T3.jsonl`;
    const round3 = (await children(api)).find((n): n is RoundNode => n.kind === 'round' && n.round.t === 3)!;
    const ds = (await children(api, round3)).find((n): n is DatasetNode => n.kind === 'dataset' && n.rel === rel)!;
    const rows = (await children(api, ds)).filter((n): n is InstructionNode => n.kind === 'instruction');
    assert.equal(rows.length, 24);
    await vscode.commands.executeCommand('seif.accept', rows[0]);
    await vscode.commands.executeCommand('seif.accept', rows[2]);
    const exported = await vscode.commands.executeCommand<string>('seif.exportCurated', rel);
    made.push(path.relative(root, exported), path.relative(root, exported).replace(/\.parquet$/, '.jsonl'));
    const out = await vscode.commands.executeCommand<StartRoundOutcome>('seif.continueRound', { round: 3, timings });
    for (const id of Object.values(out.result!.runIds)) made.push(`.seif/runs/${id}`);
    assert.equal(out.result!.failed, undefined, out.result!.failed?.message);
    assert.deepEqual(out.result!.completed, ['upload', 'servers-f', 'follower', 'merge-f']);
    const work = path.join(bed!.home, `work-${bed!.tag}`, 'round-3');
    assert.deepEqual(fs.readFileSync(path.join(work, 'q_T3.curated.parquet')), fs.readFileSync(exported), 'the curated export was uploaded byte for byte');
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'seif.json'), 'utf8'));
    const r3 = manifest.rounds.find((r: { t: number }) => r.t === 3);
    assert.equal(r3.checkpoints.follower, `${work}/follower/global_step_3/actor/huggingface`);
    const [runNode] = remote.tree.getChildren();
    assert.equal(remote.tree.getTreeItem(runNode!).contextValue, 'run:done');
    const follower = remote.tree.getChildren(runNode).find((p) => remote.tree.getTreeItem(p).contextValue === 'phase:done:follower')!;
    assert.match(String(remote.tree.getTreeItem(remote.tree.getChildren(follower)[0]!).description), /^step 3\/3 · /); // 1 epoch after round 1
  });

  test('after a reload, reattach follows a job from its saved offset: no lost or doubled line, nothing before it read again, judged on the whole run', async function () {
    this.timeout(60_000);
    const { run, job } = remote.store.findJob(instructorRun)!;
    const hostLog = path.join(bed!.home, '.seif/runs', instructorRun, 'log');
    const log = fs.readFileSync(hostLog);
    const offset = log.lastIndexOf(10, log.indexOf('Step 2\n')) + 1;
    assert.ok(offset > 0 && offset < log.length);
    // What a window closed after step 1 left behind: the job running, its offset, one metrics line.
    const metricsFile = path.join(root, '.seif/runs', instructorRun, 'metrics.jsonl');
    fs.writeFileSync(metricsFile, `${fs.readFileSync(metricsFile, 'utf8').split('\n')[0]}\n`);
    Object.assign(job, { state: 'running', offset, stepsWritten: 1, step: 1, endedAt: undefined, message: undefined, lastLines: [], lastError: undefined });
    run.state = 'running';
    // The bytes before the offset now say something else: a reattach that read them again would judge 3 of 9 steps.
    const total = log.indexOf('Total training steps: 3');
    assert.ok(total > 0 && total < offset);
    fs.writeFileSync(hostLog, Buffer.concat([log.subarray(0, total), Buffer.from('Total training steps: 9'), log.subarray(total + 23)]));
    // Every command and log read the reattach sends over the (real) connection, recorded on their way.
    const conn = await remote.hosts.pool.get(HOST);
    const commands: string[] = [];
    const reads: { file: string; offset: number }[] = [];
    const { channel, readFrom } = conn;
    conn.channel = (command, attach) => (commands.push(command), channel.call(conn, command, attach));
    conn.readFrom = (file, at, max) => (reads.push({ file, offset: at }), readFrom.call(conn, file, at, max));
    try {
      assert.equal(await vscode.commands.executeCommand<number>('seif.reattachRuns'), 1);
      await waitFor('the reattached job to end', () => job.state !== 'running', 30_000);
    } finally {
      Object.assign(conn, { channel, readFrom });
      fs.writeFileSync(hostLog, log);
    }
    assert.equal(job.state, 'succeeded', job.message);
    assert.equal(job.message, 'reached step 3 of 3', 'judged with the total saved before the offset');
    assert.equal(job.offset, log.length);
    assert.ok(commands.includes(`bash .seif/bin/seifctl-v1 follow ${instructorRun} ${offset}`), `the tail starts at the saved offset: ${JSON.stringify(commands)}`);
    const logReads = reads.filter((r) => r.file === `.seif/runs/${instructorRun}/log`);
    assert.ok(logReads.every((r) => r.offset >= offset), `no byte before the offset is read again: ${JSON.stringify(logReads)}`);
    const steps = fs.readFileSync(metricsFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l).step);
    assert.deepEqual(steps, [1, 2, 3]);
    assert.equal(remote.tree.getTreeItem(remote.tree.runNode(run.key)).contextValue, 'run:stopped');
  });

  test('Stop on a running Instructor phase stops the job on the host; the run shows as stopped with Resume offered', async function () {
    this.timeout(180_000);
    trainer(bed!, { steps: 400, stepSeconds: 0.3, saveFreq: 50 });
    const started = vscode.commands.executeCommand<StartRoundOutcome>('seif.startRound', startArgs(HOST, 3, `${bed!.tag}-stop`, { phase: 'instructor' }));
    const job = await waitFor(
      'a live training step in the Runs view',
      () => remote.store.get(`${bed!.tag}-stop`)?.jobs.find((j) => j.kind === 'train' && j.state === 'running' && (j.step ?? 0) >= 2),
      90_000,
    );
    made.push(`.seif/runs/${job.runId}`);
    const run = remote.store.get(`${bed!.tag}-stop`)!;
    const jobNode = remote.tree.getChildren(remote.tree.getChildren(remote.tree.runNode(run.key)).find((p) => (p as { phase?: string }).phase === 'instructor'))[0]!;
    const runningCtx = remote.tree.getTreeItem(jobNode).contextValue!;
    assert.equal(runningCtx, 'job:running:train');
    assert.match(runningCtx, menuWhen('seif.stopRun'), 'Stop is offered on the running job');
    assert.match(String(remote.tree.getTreeItem(jobNode).description), /^step \d+\/400 · reward -?\d+\.\d{3} · \d+s · ETA \d+/);
    const stopped = await vscode.commands.executeCommand<{ state: string }[]>('seif.stopRun', { runId: job.runId }, { confirm: true, graceSeconds: 2 });
    assert.equal(stopped.length, 1);
    const out = await started;
    for (const id of Object.values(out.result!.runIds)) made.push(`.seif/runs/${id}`);
    assert.match(out.result!.failed!.message, /stopped by the user/);
    assert.equal(remote.tree.getTreeItem(remote.tree.runNode(run.key)).contextValue, 'run:stopped');
    const phaseNode = remote.tree.getChildren(remote.tree.runNode(run.key)).find((p) => (p as { phase?: string }).phase === 'instructor')!;
    const phaseCtx = remote.tree.getTreeItem(phaseNode).contextValue!;
    assert.equal(phaseCtx, 'phase:stopped:instructor');
    assert.match(phaseCtx, menuWhen('seif.resumeRun'), 'Resume is offered on the stopped phase');
    assert.equal(label(remote.tree.getTreeItem(jobNode)), job.title);
    assert.match(fs.readFileSync(path.join(bed!.home, '.seif/runs', job.runId, 'exit_code'), 'utf8'), /^\d+/);
    assert.ok(fs.existsSync(path.join(bed!.home, '.seif/runs', job.runId, 'stop_requested')), 'the host recorded a user stop');
  });

  test('a role server that dies during the Follower phase stops the trainer; the run is failed and a notification says why', async function () {
    this.timeout(180_000);
    trainer(bed!, { steps: 40, stepSeconds: 0.25, saveFreq: 0 });
    const key = `${bed!.tag}-dead`;
    const started = vscode.commands.executeCommand<StartRoundOutcome>('seif.startRound', startArgs(HOST, 3, key, { phase: 'follower' }));
    await waitFor('a live Follower step', () => remote.store.get(key)?.jobs.find((j) => j.kind === 'train' && j.state === 'running' && (j.step ?? 0) >= 2), 90_000);
    const verifier = remote.store.get(key)!.jobs.find((j) => j.kind === 'service' && j.state === 'running')!;
    const pid = Number(fs.readFileSync(path.join(bed!.home, '.seif/runs', verifier.runId, 'pid'), 'utf8').trim());
    assert.ok(pid > 1);
    process.kill(-pid, 'SIGKILL'); // the vLLM server crashes
    const out = await started;
    for (const id of Object.values(out.result!.runIds)) made.push(`.seif/runs/${id}`);
    assert.equal(out.result!.failed?.phase, 'follower');
    assert.match(out.result!.failed!.message, /role server verifier .* died/);
    const run = remote.tree.runNode(key);
    assert.equal(remote.tree.getTreeItem(run).contextValue, 'run:failed');
    const phase = remote.tree.getChildren(run).find((p) => (p as { phase?: string }).phase === 'follower')!;
    assert.equal(remote.tree.getTreeItem(phase).contextValue, 'phase:failed:follower');
    const notice = remote.launcher.notices.at(-1)!;
    assert.equal(notice.level, 'error');
    assert.match(notice.message, /^SEIF: round 3 a role server died in phase follower: role server verifier/);
  });

  test('remote launch is refused in an untrusted workspace: the Workspace Trust guard, seen through the commands', async function () {
    this.timeout(30_000);
    // The test host opens the workspace trusted and an extension cannot revoke trust, so the launcher's trust
    // source is switched; the guard and everything after it are the real ones.
    assert.equal(vscode.workspace.isTrusted, true);
    const key = `${bed!.tag}-untrusted`;
    const noticesBefore = remote.launcher.notices.length;
    remote.launcher.workspaceTrusted = () => false;
    try {
      const start = await vscode.commands.executeCommand<StartRoundOutcome>('seif.startRound', startArgs(HOST, 4, key));
      const refusal = 'remote launch needs a trusted workspace (Workspace Trust): trust this folder, then start the round again';
      assert.deepEqual(start, { launched: false, reason: refusal });
      const cont = await vscode.commands.executeCommand<StartRoundOutcome>('seif.continueRound', { round: 3, timings });
      assert.deepEqual(cont, { launched: false, reason: refusal });
      assert.deepEqual(remote.launcher.notices.slice(noticesBefore), [
        { level: 'error', message: `SEIF: ${refusal}.` },
        { level: 'error', message: `SEIF: ${refusal}.` },
      ]);
    } finally {
      remote.launcher.workspaceTrusted = () => vscode.workspace.isTrusted;
    }
    assert.equal(fs.existsSync(path.join(root, '.seif/rounds/round-4.plan.json')), false, 'no plan was saved');
    assert.deepEqual(fs.readdirSync(path.join(bed!.home, '.seif/runs')).filter((f) => f.startsWith(key)), [], 'nothing reached the host');
    assert.equal(remote.store.get(key), undefined);
  });

  test('a training phase without a new step for seif.remote.stallMinutes raises a stall warning', async function () {
    this.timeout(120_000);
    trainer(bed!, { steps: 2, stepSeconds: 6, saveFreq: 0 });
    const key = `${bed!.tag}-stall`;
    await vscode.workspace.getConfiguration('seif').update('remote.stallMinutes', 0.05, vscode.ConfigurationTarget.Global); // 3 s
    let out: StartRoundOutcome;
    try {
      out = await vscode.commands.executeCommand<StartRoundOutcome>('seif.startRound', startArgs(HOST, 3, key, { phase: 'instructor' })); // no stallMs: the setting decides
    } finally {
      await vscode.workspace.getConfiguration('seif').update('remote.stallMinutes', undefined, vscode.ConfigurationTarget.Global);
    }
    for (const id of Object.values(out.result!.runIds)) made.push(`.seif/runs/${id}`);
    assert.equal(out.result!.failed, undefined, out.result!.failed?.message);
    const runId = Object.entries(out.result!.runIds).find(([planId]) => planId.endsWith('-instructor'))![1];
    const stalls = remote.launcher.notices.filter((n) => n.level === 'warning' && n.message.includes(runId));
    assert.deepEqual(stalls.map((n) => n.message), [`SEIF: instructor GRPO (${runId}) printed no new step for 3 s — stalled?`], 'one warning, at the configured limit');
  });

  test('an encrypted key asks for its passphrase: kept in SecretStorage (asked once), a wrong one asked again, never in settings, logs or files', async function () {
    this.timeout(60_000);
    const asked: vscode.InputBoxOptions[] = [];
    let answer = 'not the passphrase';
    const scripted = remote.prompts.answerWith({ inputBox: (o) => (asked.push(o), answer) });
    const check = () => Promise.resolve(vscode.commands.executeCommand<CheckHostResult>('seif.checkHost', { host: 'bed-enc', seifDir: bed!.seifDir, minFreeGb: 0, repair: 'skip' }));
    try {
      await remote.hosts.reset();
      await assert.rejects(check(), (e: Error) => /wrong passphrase for private key/.test(e.message));
      assert.equal(asked.length, 1);
      assert.equal(asked[0]!.password, true, 'typed into a password box');
      assert.equal(asked[0]!.prompt, `Passphrase for ${bed!.keys.encrypted} (kept in VS Code's secret storage)`);
      answer = 'correct horse';
      const ok = await check();
      assert.equal(asked.length, 2, 'the refused passphrase was not kept');
      assert.equal(ok.result.checks[0]!.status, 'ok');
      await remote.hosts.reset(); // a new connection, as after a reload
      await check();
      assert.equal(asked.length, 2, 'the second connection took the passphrase from SecretStorage');
    } finally {
      scripted.dispose();
      await remote.hosts.reset();
    }
    // Never in a setting, the workspace, or the editor's files (its user-data folder: settings.json, the output
    // channels' logs such as "SEIF Studio.log", which does hold the wrong-passphrase error).
    assert.ok(!JSON.stringify(vscode.workspace.getConfiguration('seif')).includes('correct horse'));
    const editorFiles = process.env.SEIF_TEST_TMP;
    assert.ok(editorFiles && fs.existsSync(path.join(editorFiles, 'state')), 'the test host says where the editor keeps its files');
    assert.deepEqual([...filesContaining(root, 'correct horse'), ...filesContaining(editorFiles, 'correct horse')], []);
  });

  test('Start Round without arguments asks for round and host, then the plan is edited with quick picks before the launch', async function () {
    this.timeout(120_000);
    const key = `${bed!.tag}-picked`;
    const picks = ['bed-target', 'epochs', '2', 'gpus', '4', '1', 'phase', 'servers-i', 'dirs', 'go'];
    const inputs: Record<string, string> = { 'Round T to start': '3', 'SEIF checkout on the host': bed!.seifDir, 'Work folder for checkpoints': `$HOME/work-${key}` };
    const { out, questions, menus } = await startRoundScripted(picks, (o) => Object.entries(inputs).find(([prompt]) => o.prompt?.startsWith(prompt))?.[1], {
      options: { runPrefix: key, basePort: (basePort += 10), gpus: 8 },
    });
    assert.deepEqual(picks, [], 'every scripted pick was asked for');
    assert.deepEqual(questions, [
      'Round T to start',
      'Host to run the round on',
      'Edit the plan, or launch',
      'Follower epochs',
      'Edit the plan, or launch',
      'GPUs on the host',
      'GPUs for the role servers (the rest trains; never shared)',
      'Edit the plan, or launch',
      'Run all phases or one alone',
      'Edit the plan, or launch',
      'SEIF checkout on the host ($HOME/… or absolute)',
      'Work folder for checkpoints and data ($HOME/… or absolute)',
      'Edit the plan, or launch',
    ]);
    const described = (menu: vscode.QuickPickItem[], label: string) => menu.find((i) => i.label === label)!.description;
    assert.equal(described(menus[0]!, 'Follower epochs'), '1', "round 3 proposes SEIF's 1 epoch");
    assert.equal(described(menus[1]!, 'Follower epochs'), '2');
    assert.equal(described(menus[2]!, 'GPUs'), '4 on the host: role servers 0 · trainer 1,2,3');
    assert.equal(menus.some((m) => m.some((i) => i.label === 'Scheduler')), false, 'no scheduler choice on a host without Slurm');
    assert.equal(out.launched, true);
    assert.equal(out.plan!.followerEpochs, 2);
    assert.deepEqual(out.plan!.gpus, { total: 4, servers: [0], trainer: [1, 2, 3], nnodes: 1 });
    assert.deepEqual([out.plan!.seifDir, out.plan!.workDir], [bed!.seifDir, `$HOME/work-${key}`]);
    assert.deepEqual(out.result!.completed, ['servers-i']);
    const dry = (await vscode.workspace.openTextDocument(out.dryRun!)).getText();
    assert.match(dry, /^# Dry run: round 3 of TINY-0\.5B on bed-target \(phase servers-i\)$/m);
    assert.match(dry, /Follower epochs 2 · GPUs: servers 0 \/ trainer 1,2,3$/m);
    assert.match(dry, /^export CUDA_VISIBLE_DEVICES=0$/m);
  });

  test('on a Slurm host the plan editor offers the scheduler and the training nodes; choosing setsid runs detached jobs', async function () {
    this.timeout(120_000);
    const key = `${bed!.tag}-pick-slurm`;
    const picks = ['nodes', '2', 'scheduler', 'detached setsid jobs on the login host', 'phase', 'servers-i', 'go'];
    const { out, menus } = await startRoundScripted(picks, (o) => (o.prompt === 'Round T to start' ? '3' : undefined), {
      host: SLURM_HOST,
      options: { seifDir: bed!.seifDir, workDir: `$HOME/work-${key}`, runPrefix: key, basePort: (basePort += 10), gpus: 8 },
    });
    assert.deepEqual(picks, []);
    const described = (menu: vscode.QuickPickItem[], label: string) => menu.find((i) => i.label === label)?.description;
    assert.equal(described(menus[0]!, 'Scheduler'), 'Slurm: sbatch jobs', 'Slurm was detected and proposed');
    assert.equal(described(menus[0]!, 'Training nodes (trainer.nnodes)'), '1');
    assert.equal(described(menus[1]!, 'Training nodes (trainer.nnodes)'), '2');
    assert.equal(described(menus[2]!, 'Scheduler'), 'detached setsid jobs on the login host');
    assert.equal(described(menus[2]!, 'Training nodes (trainer.nnodes)'), undefined, 'several nodes need Slurm');
    assert.equal(out.plan!.gpus.nnodes, 1);
    assert.ok(out.plan!.phases.every((p) => p.jobs.every((j) => !j.sbatch)), 'no sbatch scripts in the plan');
    assert.deepEqual(out.result!.completed, ['servers-i']);
    for (const id of Object.values(out.result!.runIds)) {
      const dir = path.join(bed!.home, '.seif/runs', id);
      assert.ok(fs.existsSync(path.join(dir, 'pid')) && !fs.existsSync(path.join(dir, 'slurm_job_id')), `${id} ran as a detached setsid job`);
    }
  });

  test('on a Slurm host Start Round submits sbatch jobs; the Runs view shows Slurm job id and state; Stop is scancel', async function () {
    this.timeout(180_000);
    trainer(bed!, { steps: 400, stepSeconds: 0.3, saveFreq: 50 });
    const key = `${bed!.tag}-slurm`;
    const started = vscode.commands.executeCommand<StartRoundOutcome>('seif.startRound', startArgs(SLURM_HOST, 3, key, { phase: 'instructor' }));
    const job = await waitFor('a running Slurm training job with steps', () => remote.store.get(key)?.jobs.find((j) => j.kind === 'train' && j.slurm?.state === 'RUNNING' && (j.step ?? 0) >= 2), 90_000);
    made.push(`.seif/runs/${job.runId}`);
    const slurmId = job.slurm!.jobId;
    assert.equal(fs.readFileSync(path.join(bed!.home, '.seif/runs', job.runId, 'slurm_job_id'), 'utf8'), `${slurmId}\n`);
    const run = remote.store.get(key)!;
    const phaseNode = (id: string) => remote.tree.getChildren(remote.tree.runNode(key)).find((p) => (p as { phase?: string }).phase === id)!;
    const jobNode = remote.tree.getChildren(phaseNode('instructor'))[0]!;
    const item = remote.tree.getTreeItem(jobNode);
    assert.match(String(item.description), new RegExp(`^Slurm ${slurmId} RUNNING · step \\d+/400 · reward -?\\d+\\.\\d{3} · \\d+s · ETA \\d+`));
    assert.match((item.tooltip as vscode.MarkdownString).value, new RegExp(`Slurm job \\*\\*${slurmId}\\*\\*: RUNNING on localhost — Stop cancels it \\(scancel\\)`));
    assert.equal(item.contextValue, 'job:running:train:slurm');
    assert.match(item.contextValue!, menuWhen('seif.stopRun'), 'Stop is offered on the running Slurm job');
    assert.match(String(remote.tree.getTreeItem(phaseNode('instructor')).description), new RegExp(`^running · Slurm ${slurmId} RUNNING · step `));
    const servers = remote.tree.getChildren(phaseNode('servers-i')).map((n) => String(remote.tree.getTreeItem(n).description));
    assert.equal(servers.length, 3);
    for (const d of servers) assert.match(d, /^Slurm \d+ RUNNING · /, 'the role servers are Slurm jobs too');

    const stopped = await vscode.commands.executeCommand<{ state: string; slurm?: { rawState: string } }[]>('seif.stopRun', { runId: job.runId }, { confirm: true, graceSeconds: 2 });
    assert.deepEqual(stopped.map((s) => s.state), ['stopped']);
    assert.match(stopped[0]!.slurm!.rawState, /^CANCELLED by \d+$/);
    const out = await started;
    for (const id of Object.values(out.result!.runIds)) made.push(`.seif/runs/${id}`);
    assert.match(out.result!.failed!.message, /stopped by the user/);
    assert.equal(bed!.slurm.job(slurmId)!.state, 'CANCELLED', 'the stand-in Slurm cancelled the job');
    assert.notEqual(bed!.slurm.job(slurmId)!.cancel_time, null);
    assert.equal(remote.tree.getTreeItem(remote.tree.runNode(run.key)).contextValue, 'run:stopped');
    const after = remote.tree.getTreeItem(jobNode);
    assert.match(String(after.description), new RegExp(`^Slurm ${slurmId} CANCELLED by \\d+ · step \\d+/400 · .* · stopped$`));
    assert.equal(after.contextValue, 'job:stopped:train:slurm');
    const dry = (await vscode.workspace.openTextDocument(out.dryRun!)).getText();
    assert.match(dry, /^Scheduler: Slurm — each job is submitted with sbatch from its run folder/m);
    assert.match(dry, /^#SBATCH --gres=gpu:4$/m);
  });
});

/** Files under `dir` (recursively) whose bytes contain `text`. */
function filesContaining(dir: string, text: string): string[] {
  const out: string[] = [];
  const needle = Buffer.from(text);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    try {
      if (fs.statSync(file).size < 64 << 20 && fs.readFileSync(file).includes(needle)) out.push(file);
    } catch {}
  }
  return out;
}
