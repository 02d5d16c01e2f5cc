// `seif round plan|start|resume`: plan a SEIF round from seif.json, launch its phases on a host, continue after the review gate.
import path from 'node:path';
import { SeifError } from '../../core/errors';
import { detectSlurm } from '../../core/remote/index';
import { latestSavedStep, loadSavedPlan, planRound, renderPlanCommands, runPreflight, runRound, savePlan, PHASE_ORDER, type PhaseId, type PlanOptions, type RoundPlan, type RoundRunResult } from '../../core/round/index';
import { loadManifest, findRound, type Manifest } from '../../core/workspace/manifest';
import { writeFileAtomic } from '../../core/util/atomic';
import { parseFlags, requireFlag, UsageError, type CliCommand, type CliIO } from '../command';
import { cliPool, HOST_FLAGS } from './runs';

const PLAN_VALUES = ['manifest', 'round', 'seif-dir', 'work-dir', 'gpus', 'server-gpus', 'nnodes', 'base-port', 'follower-epochs', 'base-model', 'python', 'run-prefix', 'curated', 'slurm-partition', 'slurm-account', 'slurm-time'];
const PLAN_USAGE = `  --manifest seif.json --round T      the workspace manifest and the round to plan
  --seif-dir DIR --work-dir DIR        SEIF checkout and checkpoint folder on the host ($HOME/… or absolute)
  --gpus N --server-gpus N --nnodes N  GPUs on the host, how many serve the roles (never shared with the trainer)
  --follower-epochs N                  default 3 for T = 1, else 1
  --base-port P  --base-model M  --python PY  --run-prefix ID  --curated FILE
  --override a.b.c=value               extra verl override (repeatable)
  --slurm-partition P --slurm-account A --slurm-time HH:MM:SS   run the phases as sbatch jobs with these settings
  --slurm / --no-slurm                 sbatch jobs or detached setsid jobs (default: sbatch when the host has Slurm)`;

async function manifestOf(flags: Record<string, string | undefined>, io: CliIO): Promise<{ manifest: Manifest; root: string; round: number }> {
  const file = path.resolve(io.cwd, requireFlag(flags, 'manifest'));
  const root = path.dirname(file);
  if (path.basename(file) !== 'seif.json') throw new UsageError(`--manifest must name a seif.json file, not ${file}`);
  const manifest = await loadManifest(root);
  if (!manifest) throw new SeifError('no such manifest', file);
  const round = Number(requireFlag(flags, 'round'));
  if (!Number.isInteger(round) || round < 1) throw new UsageError(`--round must be an integer ≥ 1, not ${flags.round}`);
  return { manifest, root, round };
}

function num(flags: Record<string, string | undefined>, name: string): number | undefined {
  const v = flags[name];
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n)) throw new UsageError(`--${name} must be an integer, not ${v}`);
  return n;
}

function planOptions(flags: Record<string, string | undefined>, multi: Record<string, string[]>, root: string, switches: Set<string>): PlanOptions {
  if (switches.has('slurm') && switches.has('no-slurm')) throw new UsageError('--slurm and --no-slurm exclude each other');
  const settings = flags['slurm-partition'] || flags['slurm-account'] || flags['slurm-time'];
  if (settings && switches.has('no-slurm')) throw new UsageError('--slurm-partition/-account/-time need Slurm: drop --no-slurm');
  const slurm = settings || switches.has('slurm') ? { partition: flags['slurm-partition'], account: flags['slurm-account'], time: flags['slurm-time'] } : undefined;
  return {
    host: flags.host,
    seifDir: flags['seif-dir'],
    workDir: flags['work-dir'],
    gpus: num(flags, 'gpus'),
    serverGpus: num(flags, 'server-gpus'),
    nnodes: num(flags, 'nnodes'),
    basePort: num(flags, 'base-port'),
    followerEpochs: num(flags, 'follower-epochs'),
    baseModel: flags['base-model'],
    python: flags.python,
    runPrefix: flags['run-prefix'],
    curated: flags.curated,
    overrides: multi.override,
    workspaceRoot: root,
    slurm,
  };
}

const plan: CliCommand = {
  name: 'round plan',
  summary: 'Plan round T from seif.json: phases and the exact remote commands, as JSON (touches no host)',
  usage: `usage: seif round plan --manifest seif.json --round T [options]\n${PLAN_USAGE}`,
  async run(args, io) {
    const { flags, multi, switches } = parseFlags(args, { values: [...PLAN_VALUES, 'host'], repeatable: ['override'], switches: ['slurm', 'no-slurm'] });
    const { manifest, root, round } = await manifestOf(flags, io);
    const p = planRound(manifest, round, planOptions(flags, multi, root, switches));
    io.stdout(`${JSON.stringify({ plan: p, commands: renderPlanCommands(p) }, null, 2)}\n`);
    return 0;
  },
};

function reporter(io: CliIO, verbose: boolean) {
  return {
    phase: (phase: PhaseId, state: string, message: string) => io.stderr(`[${phase}] ${state}: ${message}\n`),
    job: (_job: unknown, runId: string, st: { state: string }) => io.stderr(`  job ${runId}: ${st.state}\n`),
    lines: verbose ? (_j: unknown, runId: string, lines: string[]) => io.stderr(lines.map((l) => `  ${runId} | ${l}\n`).join('')) : undefined,
    progress: (() => {
      let last = '';
      return (_j: unknown, runId: string, p: { step?: number; total?: number; rewardMean?: number; etaSeconds?: number }) => {
        const line = p.step !== undefined ? `  ${runId}: step ${p.step}/${p.total ?? '?'}${p.rewardMean !== undefined ? ` reward ${p.rewardMean.toFixed(3)}` : ''}${p.etaSeconds !== undefined ? ` eta ${p.etaSeconds}s` : ''}` : '';
        if (line && line !== last) io.stderr(`${(last = line)}\n`);
      };
    })(),
    stall: (_j: unknown, runId: string, minutes: number) => io.stderr(`  ${runId}: no new step for ${minutes >= 1 ? `${Math.round(minutes)} min` : `${Math.round(minutes * 60)} s`} (stalled?)\n`),
  };
}

function report(io: CliIO, result: RoundRunResult, p: RoundPlan): number {
  io.stdout(`${JSON.stringify({ round: p.round, runPrefix: p.runPrefix, ...result }, null, 2)}\n`);
  if (result.failed) {
    io.stderr(`round ${p.round} failed in phase ${result.failed.phase}${result.failed.runId ? ` (${result.failed.runId})` : ''}: ${result.failed.message}\n`);
    return 1;
  }
  if (result.gate) io.stderr(`round ${p.round} stopped at the review gate: ${result.gate.message}\n`);
  return 0;
}

interface SavedStart {
  options: PlanOptions;
  host: string;
}

const start: CliCommand = {
  name: 'round start',
  summary: 'Launch round T on a host (preflight, then phases as detached jobs; stops at the review gate)',
  usage: `usage: seif round start --manifest seif.json --round T --host H [--phase P] [--yes] [--skip-preflight] [--verbose] [options]
  Without --yes: prints the plan and the exact commands (dry run) and launches nothing (and asks the host nothing:
  add --slurm to see the sbatch scripts). With --yes on a host with Slurm the phases run as sbatch jobs.
  --phase P runs one phase alone (${PHASE_ORDER.join(', ')}).
${PLAN_USAGE}`,
  async run(args, io) {
    const { flags, multi, switches } = parseFlags(args, { values: [...PLAN_VALUES, ...HOST_FLAGS, 'phase', 'min-free-gb'], repeatable: ['override'], switches: ['yes', 'skip-preflight', 'verbose', 'slurm', 'no-slurm'] });
    const host = requireFlag(flags, 'host');
    const phase = flags.phase as PhaseId | undefined;
    if (phase && !PHASE_ORDER.includes(phase)) throw new UsageError(`--phase must be one of ${PHASE_ORDER.join(', ')}`);
    const { manifest, root, round } = await manifestOf(flags, io);
    let options = planOptions(flags, multi, root, switches);
    let p = planRound(manifest, round, options);
    if (!switches.has('yes')) {
      io.stdout(`${JSON.stringify({ dryRun: true, plan: p, commands: renderPlanCommands(p) }, null, 2)}\n`);
      io.stderr('dry run: nothing was launched; add --yes to launch\n');
      return 0;
    }
    const pool = cliPool(flags, io);
    try {
      const conn = await pool.get(host);
      const slurm = await detectSlurm(conn);
      if (options.slurm && !slurm.available) throw new SeifError(`${host} has no Slurm on its login PATH (missing ${slurm.missing.join(', ')}): drop --slurm and the --slurm-* options to run detached jobs`);
      if (!options.slurm && slurm.available && !switches.has('no-slurm')) {
        options = { ...options, slurm: {} };
        p = planRound(manifest, round, options);
      }
      io.stderr(options.slurm ? `[scheduler] Slurm ${slurm.version ?? ''}: the phases run as sbatch jobs (--no-slurm: detached jobs)\n` : '[scheduler] the phases run as detached setsid jobs\n');
      if (!switches.has('skip-preflight')) {
        const pre = await runPreflight(conn, { seifDir: p.seifDir, workDir: p.workDir, ports: Object.values(p.ports), minFreeGb: num(flags, 'min-free-gb') ?? 200, python: options.python });
        for (const c of pre.checks) io.stderr(`  [${c.status === 'ok' ? 'x' : c.status === 'warn' ? '~' : ' '}] ${c.title}: ${c.detail}\n`);
        if (pre.patchText) io.stderr(`  proposed repair of SEIF's sources (review, then apply with the editor's "SEIF: Check Host"):\n${pre.patchText}`);
        if (pre.busyPorts.length) p = planRound(manifest, round, { ...options, busyPorts: pre.busyPorts });
        if (!pre.ok) throw new SeifError(`host check failed on ${host}: ${pre.checks.filter((c) => c.status === 'fail').map((c) => c.title).join(', ')} (use --skip-preflight to launch anyway)`);
      }
      const saved = await savePlan(root, p);
      await writeFileAtomic(saved.replace(/\.plan\.json$/, '.start.json'), `${JSON.stringify({ options: { ...options, runPrefix: p.runPrefix }, host } satisfies SavedStart, null, 2)}\n`);
      const result = await runRound({ pool, host, plan: p, workspaceRoot: root, only: phase ? [phase] : undefined, pastGate: phase !== undefined && phase !== 'review', events: reporter(io, switches.has('verbose')) });
      if (result.gate) result.gate.message = `${result.gate.message.replace('<host>', host)}`;
      return report(io, result, p);
    } finally {
      await pool.closeAll();
    }
  },
};

/** The phase to continue with: after the gate → upload; after a failure → that phase; else the next one. */
function resumePhase(manifest: Manifest, p: RoundPlan): PhaseId {
  const runs = (findRound(manifest, p.round)?.runs ?? []).filter((r) => r.runId.startsWith(p.runPrefix));
  const last = runs[runs.length - 1];
  if (!last) return 'servers-i';
  const at = PHASE_ORDER.indexOf(last.phase as PhaseId);
  if (last.outcome !== 'succeeded') return last.phase as PhaseId;
  const next = PHASE_ORDER.slice(at + 1).find((id) => id !== 'review' && !id.startsWith('servers'));
  return next ?? 'merge-f';
}

const resume: CliCommand = {
  name: 'round resume',
  summary: 'Continue a started round (after the review gate, a failure or a stop); training resumes from its last checkpoint',
  usage: `usage: seif round resume --manifest seif.json --round T --host H [--phase P] [--verbose] [--ssh-config FILE]`,
  async run(args, io) {
    const { flags, switches } = parseFlags(args, { values: ['manifest', 'round', ...HOST_FLAGS, 'phase'], switches: ['verbose'] });
    const host = requireFlag(flags, 'host');
    const { manifest, root, round } = await manifestOf(flags, io);
    const savedPlan = await loadSavedPlan(root, round);
    if (!savedPlan) throw new SeifError(`round ${round} was never started from this workspace: run seif round start first`, path.join(root, '.seif', 'rounds'));
    const startFile = path.join(root, '.seif', 'rounds', `round-${round}.start.json`);
    let saved: SavedStart;
    try {
      saved = JSON.parse(await import('node:fs').then((fs) => fs.promises.readFile(startFile, 'utf8'))) as SavedStart;
    } catch (e) {
      throw new SeifError(`cannot read how the round was started: ${(e as Error).message}`, startFile);
    }
    const from = (flags.phase as PhaseId | undefined) ?? resumePhase(manifest, savedPlan);
    if (!PHASE_ORDER.includes(from)) throw new UsageError(`--phase must be one of ${PHASE_ORDER.join(', ')}`);
    const pool = cliPool(flags, io);
    try {
      // Replan with today's manifest (the curated export is recorded there after the gate), same run prefix.
      let p = planRound(manifest, round, { ...saved.options, workspaceRoot: root });
      if (from === 'instructor' || from === 'follower') {
        const job = p.phases.find((x) => x.id === from)!.jobs[0]!;
        const step = await latestSavedStep(await pool.get(host), job.saveDir!);
        if (step !== undefined) {
          io.stderr(`[${from}] resuming from ${job.saveDir}/global_step_${step}\n`);
          p = planRound(manifest, round, { ...saved.options, workspaceRoot: root, resume: { phase: from, step } });
        }
      }
      await savePlan(root, p);
      const result = await runRound({ pool, host, plan: p, workspaceRoot: root, from, pastGate: PHASE_ORDER.indexOf(from) > PHASE_ORDER.indexOf('review'), events: reporter(io, switches.has('verbose')) });
      return report(io, result, p);
    } finally {
      await pool.closeAll();
    }
  },
};

export const commands: CliCommand[] = [plan, start, resume];
