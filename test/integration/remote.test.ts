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

  test('Check Host shows the checklist, previews the repair as a diff, and applies it', async function () {
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
    // The diff preview: the host's file as it is, and as repaired.
    const diffTab = vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.toString() === r.diff!.repaired.toString());
    assert.ok(diffTab, 'a diff editor shows original ↔ repaired');
    const before = (await vscode.workspace.openTextDocument(r.diff!.original)).getText();
    const after = (await vscode.workspace.openTextDocument(r.diff!.repaired)).getText();
    assert.equal(before, fs.readFileSync(path.join(bed!.seifDir, 'modules/instructions_util.py.orig'), 'utf8'), 'the left side is the host file before the repair');
    assert.equal(after, fs.readFileSync(path.join(bed!.seifDir, 'modules/instructions_util.py'), 'utf8'), 'the host file now reads as the previewed repair');
    assert.notEqual(before, after);
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
    const out = await vscode.commands.executeCommand<StartRoundOutcome>('seif.startRound', {
      host: HOST,
      round: 3,
      options: { seifDir: bed!.seifDir, workDir: `$HOME/work-${bed!.tag}`, runPrefix: `${bed!.tag}-r3`, basePort: (basePort += 10), gpus: 8 },
      confirm: true,
      ignorePreflight: true,
      minFreeGb: 0,
      timings,
    });
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

  test('after a reload, reattach follows a job from its saved offset: no lost or doubled line, judged on the whole log', async function () {
    this.timeout(60_000);
    const { run, job } = remote.store.findJob(instructorRun)!;
    const log = fs.readFileSync(path.join(bed!.home, '.seif/runs', instructorRun, 'log'));
    const offset = log.lastIndexOf(10, log.indexOf('Step 2\n')) + 1;
    assert.ok(offset > 0 && offset < log.length);
    // What a window closed after step 1 left behind: the job running, its offset, one metrics line.
    const metricsFile = path.join(root, '.seif/runs', instructorRun, 'metrics.jsonl');
    fs.writeFileSync(metricsFile, `${fs.readFileSync(metricsFile, 'utf8').split('\n')[0]}\n`);
    Object.assign(job, { state: 'running', offset, stepsWritten: 1, step: 1, endedAt: undefined, message: undefined });
    run.state = 'running';
    assert.equal(await vscode.commands.executeCommand<number>('seif.reattachRuns'), 1);
    await waitFor('the reattached job to end', () => job.state !== 'running', 30_000);
    assert.equal(job.state, 'succeeded', job.message);
    assert.equal(job.message, 'reached step 3 of 3');
    assert.equal(job.offset, log.length);
    const steps = fs.readFileSync(metricsFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l).step);
    assert.deepEqual(steps, [1, 2, 3]);
    assert.equal(remote.tree.getTreeItem(remote.tree.runNode(run.key)).contextValue, 'run:stopped');
  });

  test('Stop on a running Instructor phase stops the job on the host; the run shows as stopped with Resume offered', async function () {
    this.timeout(180_000);
    trainer(bed!, { steps: 400, stepSeconds: 0.3, saveFreq: 50 });
    const started = vscode.commands.executeCommand<StartRoundOutcome>('seif.startRound', {
      host: HOST,
      round: 3,
      phase: 'instructor',
      options: { seifDir: bed!.seifDir, workDir: `$HOME/work-${bed!.tag}-stop`, runPrefix: `${bed!.tag}-stop`, basePort: (basePort += 10), gpus: 8 },
      confirm: true,
      ignorePreflight: true,
      minFreeGb: 0,
      timings,
    });
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
    const started = vscode.commands.executeCommand<StartRoundOutcome>('seif.startRound', {
      host: HOST,
      round: 3,
      phase: 'follower',
      options: { seifDir: bed!.seifDir, workDir: `$HOME/work-${bed!.tag}-dead`, runPrefix: key, basePort: (basePort += 10), gpus: 8 },
      confirm: true,
      ignorePreflight: true,
      minFreeGb: 0,
      timings,
    });
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
});
