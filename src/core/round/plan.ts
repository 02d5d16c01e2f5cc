// Proposes round T from the workspace manifest: checkpoint lineage, epochs, GPUs per role, ports, save
// paths and the exact scripts of every phase. Pure: touches no host.
import { SeifError } from '../errors';
import { assertRunId, shQuote } from '../remote/shell';
import { findRound, type Manifest } from '../workspace/manifest';
import type { ConfigValues } from './config';
import { parseOverride } from './config';
import { envLine, homeQuote, multiline, overrideArg, scriptHeader } from './scripts';
import { renderSbatch, type SlurmOptions } from './slurm';
import { PHASE_ORDER, PHASE_TITLES, type JobPlan, type PhaseId, type PlannedPhase, type RoleServer, type RoundPlan, type RunFile, type ServerRole } from './types';

export interface PlanOptions {
  host?: string;
  /** SEIF checkout on the host (absolute, or starting with $HOME). Default $HOME/SEIF. */
  seifDir?: string;
  /** Where checkpoints and uploaded data go on the host. Default $HOME/seif-work/<family>. */
  workDir?: string;
  /** GPUs on the host (default 8). */
  gpus?: number;
  /** GPUs reserved for role servers (default 4 on ≥ 8 GPUs, else half). Never shared with the trainer. */
  serverGpus?: number;
  nnodes?: number;
  /** First port to try for role servers (default 55111); ports in `busyPorts` are skipped. */
  basePort?: number;
  busyPorts?: number[];
  /** Follower epochs (default 3 for T = 1, else 1: SEIF's staged strategy). */
  followerEpochs?: number;
  baseModel?: string;
  python?: string;
  /** Extra verl overrides `a.b.c=value` for both trainers. */
  overrides?: string[];
  /** Run id prefix (default seif-<family>-r<T>-<yyyymmddhhmm>). */
  runPrefix?: string;
  /** Local curated parquet for the Follower (default: the manifest's rounds[T].curated). */
  curated?: string;
  /** Local workspace root, to make manifest paths absolute. */
  workspaceRoot?: string;
  /** Run the phases as sbatch jobs (a host with Slurm); each job's sbatch script is part of the plan. */
  slurm?: SlurmOptions;
  /** The run prefix timestamp; defaults to now. */
  now?: Date;
  /** Append to run ids of a resumed train job. */
  resume?: { phase: 'instructor' | 'follower'; step: number };
}

const SERVED: Record<ServerRole, string> = { filter: 'if-filter', answer: 'if-answer', judge: 'if-judge', chuti: 'if-verifer', verifier: 'if-verifer' };

function stamp(d: Date): string {
  return d.toISOString().replace(/[-:T]/g, '').slice(0, 12);
}

/** Largest power of two ≤ n (vLLM tensor parallelism must divide the attention heads). */
function pow2(n: number): number {
  let p = 1;
  while (p * 2 <= n) p *= 2;
  return p;
}

function allocatePorts(base: number, busy: Set<number>, roles: ServerRole[]): Record<ServerRole, number> {
  const out = {} as Record<ServerRole, number>;
  let p = base;
  for (const r of roles) {
    while (busy.has(p)) p++;
    if (p > 65535) throw new SeifError('no free port left for the role servers');
    out[r] = p;
    busy.add(p++);
  }
  return out;
}

/** Splits server GPUs between Filter, Answer and Judge (Judge gets two when there are four, as SEIF's scripts do). */
function instructorServerGpus(servers: number[]): Record<'filter' | 'answer' | 'judge', number[]> {
  if (servers.length >= 4) return { judge: servers.slice(0, 2), filter: [servers[2]!], answer: [servers[3]!] };
  if (servers.length === 3) return { judge: [servers[0]!], filter: [servers[1]!], answer: [servers[2]!] };
  if (servers.length === 2) return { judge: [servers[0]!], filter: [servers[1]!], answer: [servers[1]!] };
  return { judge: [servers[0]!], filter: [servers[0]!], answer: [servers[0]!] };
}

export function planRound(manifest: Manifest, round: number, options: PlanOptions = {}): RoundPlan {
  if (!Number.isInteger(round) || round < 1) throw new SeifError(`round must be an integer ≥ 1, not ${round}`);
  const warnings: string[] = [];
  const family = manifest.family;
  const remote = manifest.remote ?? {};
  const seifDir = options.seifDir ?? remote.seifDir ?? '$HOME/SEIF';
  const workDir = options.workDir ?? remote.workDir ?? `$HOME/seif-work/${family}`;
  for (const [name, v] of [['seifDir', seifDir], ['workDir', workDir]] as const) {
    if (!/^(\$HOME(\/|$)|~\/|\/)/.test(v)) throw new SeifError(`${name} must be absolute or start with $HOME: ${v}`);
    if (/[\0\n]/.test(v)) throw new SeifError(`${name} contains a control character`);
  }
  const python = options.python ?? 'python3';
  if (!/^[\w./-]+$/.test(python)) throw new SeifError(`python must be a plain command or path, not ${JSON.stringify(python)}`);
  const base = options.baseModel ?? manifest.baseModel ?? 'Qwen/Qwen2.5-7B-Instruct';
  if (!options.baseModel && !manifest.baseModel) warnings.push(`no baseModel in seif.json: using ${base}`);
  const prev = round > 1 ? findRound(manifest, round - 1) : undefined;
  const iPrev = prev?.checkpoints.instructor;
  const fPrev = prev?.checkpoints.follower;
  if (round > 1 && !iPrev) warnings.push(`round ${round - 1} has no Instructor checkpoint in seif.json: I_${round} starts from the base model`);
  if (round > 1 && !fPrev) warnings.push(`round ${round - 1} has no Follower checkpoint in seif.json: Filter/Answer/Judge, Verifier and F_${round} start from the base model`);
  const followerEpochs = options.followerEpochs ?? (round === 1 ? 3 : 1);
  if (!Number.isInteger(followerEpochs) || followerEpochs < 1) throw new SeifError(`followerEpochs must be a positive integer, not ${followerEpochs}`);

  const total = options.gpus ?? remote.gpus ?? 8;
  if (!Number.isInteger(total) || total < 2) throw new SeifError(`a round needs at least 2 GPUs on the host (role servers and the trainer never share one); got ${total}`);
  const serverCount = options.serverGpus ?? (total >= 8 ? 4 : Math.floor(total / 2));
  if (serverCount < 1 || serverCount >= total) throw new SeifError(`serverGpus must leave at least one GPU to the trainer: ${serverCount} of ${total}`);
  const servers = [...Array(serverCount).keys()];
  const trainer = [...Array(total - serverCount).keys()].map((i) => i + serverCount);
  const nnodes = options.nnodes ?? 1;
  if (!Number.isInteger(nnodes) || nnodes < 1) throw new SeifError(`nnodes must be a positive integer, not ${nnodes}`);
  if (nnodes > 1 && !options.slurm) throw new SeifError(`nnodes ${nnodes} needs Slurm: multi-node training runs as an sbatch job with a Ray cluster over its nodes (on one host use nnodes 1)`);
  const ports = allocatePorts(options.basePort ?? 55111, new Set(options.busyPorts ?? []), ['judge', 'answer', 'filter', 'chuti', 'verifier']);

  const runPrefix = options.runPrefix ?? `seif-${family.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-r${round}-${stamp(options.now ?? new Date())}`;
  assertRunId(`${runPrefix}-merge-i`);
  const roundDir = `${workDir}/round-${round}`;
  const roleModel = fPrev ?? base;
  const checkpoints = {
    base,
    instructorInit: iPrev ?? base,
    roleServers: roleModel,
    verifier: roleModel,
    followerInit: fPrev ?? base,
    instructorSave: `${roundDir}/instructor`,
    followerSave: `${roundDir}/follower`,
  };
  const thisRound = findRound(manifest, round);
  const curatedLocal = options.curated ?? thisRound?.curated;
  const seedLocal = manifest.seed;
  const data = {
    seedLocal,
    generatedRemote: `${roundDir}/q_T${round}.jsonl`,
    curatedLocal,
    curatedRemote: `${roundDir}/q_T${round}.curated.parquet`,
  };
  const overrides = (options.overrides ?? []).map(parseOverride);
  const id = (suffix: string) => assertRunId(`${runPrefix}-${suffix}`);
  const withSlurm = (job: JobPlan): JobPlan => (options.slurm ? { ...job, sbatch: renderSbatch(job, options.slurm, { nnodes, python, seifDir }) } : job);

  /** `latestOf`: serve the merged HF folder of that save dir's latest step (known only on the host). */
  const serverJob = (phase: PhaseId, server: RoleServer, latestOf?: string): JobPlan => {
    const script = [
      ...scriptHeader(`round ${round} · ${server.role} server (${server.servedName}) on port ${server.port}`, seifDir),
      `export CUDA_VISIBLE_DEVICES=${server.gpus.join(',')}`,
      ...(latestOf ? [`SAVE=${homeQuote(latestOf)}`, 'MODEL="$SAVE/global_step_$(cat "$SAVE/latest_global_step.txt")/actor/huggingface"'] : []),
      `exec ${python} -m vllm.entrypoints.openai.api_server \\`,
      `    ${multiline([
        `--port ${server.port}`,
        `--served-model-name ${server.servedName}`,
        `--model ${latestOf ? '"$MODEL"' : homeQuote(server.model)}`,
        `--tensor-parallel-size ${server.tensorParallel}`,
        `--gpu-memory-utilization ${server.gpuMemory}`,
        '--dtype auto',
        '--max-model-len 32000',
      ])}`,
      '',
    ].join('\n');
    return withSlurm({ id: id(`${server.role}`), phase, title: `${server.role} server`, kind: 'service', gpus: server.gpus, script, files: [], server });
  };

  const assets: RunFile[] = ['seif_roles.py', 'seif_launch.py'].map((a) => ({ name: a, from: { asset: a } }));

  const trainJob = (role: 'instructor' | 'follower', needs: string[], env: Record<string, string>): JobPlan => {
    const isI = role === 'instructor';
    const save = isI ? checkpoints.instructorSave : checkpoints.followerSave;
    const seifConfig = isI ? 'examples/config.yaml' : 'examples/config1.yaml';
    const epochs = isI ? 1 : followerEpochs;
    const tp = trainer.length % 2 === 0 ? 2 : 1;
    // The YAML gets every placeholder resolved; the same key settings are repeated as overrides so the
    // command line shows them (verl applies overrides after the YAML).
    const values: ConfigValues = {
      'trainer.total_epochs': epochs,
      'trainer.save_checkpoint_path': save,
      'trainer.logger': ['console', 'wandb'],
      'trainer.n_gpus_per_node': trainer.length,
      'trainer.nnodes': nnodes,
      'trainer.project_name': `${isI ? 'Instructor' : 'Follower'}-Turn-${round}-${family}`,
      'worker.actor.model.model_path': isI ? checkpoints.instructorInit : checkpoints.followerInit,
      'worker.rollout.tensor_parallel_size': tp,
      'worker.reward.reward_function': `$SEIF_RUN_DIR/reward_${role}.py:instruction_compute_score`,
      ...(isI ? { 'trainer.val_before_train': false } : { 'data.train_files': data.curatedRemote }),
    };
    const resume = options.resume?.phase === role ? options.resume.step : undefined;
    const args = [
      `config="$SEIF_RUN_DIR/config.yaml"`,
      overrideArg('worker.actor.model.model_path', String(values['worker.actor.model.model_path'])),
      overrideArg('trainer.logger', '[console,wandb]'),
      overrideArg('trainer.save_checkpoint_path', save),
      overrideArg('trainer.total_epochs', epochs),
      overrideArg('trainer.n_gpus_per_node', trainer.length),
      overrideArg('trainer.nnodes', nnodes),
      overrideArg('worker.reward.reward_function', `$SEIF_RUN_DIR/reward_${role}.py:instruction_compute_score`),
      ...(isI ? [] : [overrideArg('data.train_files', data.curatedRemote)]),
      ...(resume !== undefined ? [overrideArg('trainer.load_checkpoint_path', `${save}/global_step_${resume}`)] : []),
      ...overrides.map((o) => overrideArg(o.key, o.value)),
    ];
    const script = [
      ...scriptHeader(`round ${round} · ${role} GRPO (${epochs} epoch${epochs > 1 ? 's' : ''})`, seifDir),
      `export CUDA_VISIBLE_DEVICES=${trainer.join(',')}`,
      ...envLine(env),
      `mkdir -p ${homeQuote(save)}`,
      `exec ${python} "$SEIF_RUN_DIR/seif_launch.py" train --role ${role} -- \\`,
      `    ${multiline(args)}`,
      '',
    ].join('\n');
    const files: RunFile[] = [...assets, { name: `reward_${role}.py`, from: { asset: `reward_${role}.py` } }, { name: 'config.yaml', from: { seifConfig, values } }];
    return withSlurm({
      id: id(resume !== undefined ? `${role}-resume${resume}` : role),
      phase: role,
      title: `${role} GRPO`,
      kind: 'train',
      gpus: trainer,
      script,
      files,
      needs,
      saveDir: save,
    });
  };

  const mergeJob = (role: 'instructor' | 'follower'): JobPlan => {
    const save = role === 'instructor' ? checkpoints.instructorSave : checkpoints.followerSave;
    const script = [
      ...scriptHeader(`round ${round} · merge ${role === 'instructor' ? 'I' : 'F'}_${round} into HF weights`, seifDir),
      `SAVE=${homeQuote(save)}`,
      'step=$(cat "$SAVE/latest_global_step.txt")',
      `${python} scripts/model_merger.py --local_dir "$SAVE/global_step_$step/actor"`,
      'test -d "$SAVE/global_step_$step/actor/huggingface"',
      'echo "merged: $SAVE/global_step_$step/actor/huggingface"',
      '',
    ].join('\n');
    return withSlurm({ id: id(role === 'instructor' ? 'merge-i' : 'merge-f'), phase: role === 'instructor' ? 'merge-i' : 'merge-f', title: `merge ${role}`, kind: 'task', gpus: [], script, files: [], produces: role, saveDir: save });
  };

  const mem = 0.85;
  const split = instructorServerGpus(servers);
  const server = (role: ServerRole, gpus: number[], model: string, gpuMemory = mem): RoleServer => ({
    role,
    servedName: SERVED[role],
    port: ports[role],
    gpus,
    tensorParallel: pow2(gpus.length),
    gpuMemory: Number((gpuMemory / (role === 'filter' || role === 'answer' ? (split.filter[0] === split.answer[0] ? 2 : 1) : 1)).toFixed(2)),
    model,
  });
  const iServers = (['filter', 'answer', 'judge'] as const).map((r) => serverJob('servers-i', server(r, split[r], roleModel)));
  const url = (r: ServerRole) => `http://127.0.0.1:${ports[r]}/v1`;
  const instructor = trainJob(
    'instructor',
    iServers.map((j) => j.id),
    {
      FILTER_VLLM_BASE_URL: url('filter'),
      FILTER_VLLM_MODEL: SERVED.filter,
      ANSWER_VLLM_BASE_URL: url('answer'),
      ANSWER_VLLM_MODEL: SERVED.answer,
      JUDGE_VLLM_BASE_URL: url('judge'),
      JUDGE_VLLM_MODEL: SERVED.judge,
    },
  );
  const mergeI = mergeJob('instructor');
  // I_T is served from the merged folder of the latest step (resolved on the host when the job starts).
  const chutiServer = serverJob(
    'generate',
    { ...server('chuti', trainer.length >= 2 ? trainer.slice(0, 2) : trainer, `${checkpoints.instructorSave}/global_step_<latest>/actor/huggingface`), gpuMemory: 0.9 },
    checkpoints.instructorSave,
  );
  const chuti: JobPlan = withSlurm({
    id: id('generate'),
    phase: 'generate',
    title: 'generate q_T (chuti.py)',
    kind: 'task',
    gpus: [],
    needs: [chutiServer.id],
    files: [...assets, ...(seedLocal ? [{ name: 'seed.jsonl', from: { local: seedLocal, convert: 'seed-jsonl' as const } }] : [])],
    script: [
      ...scriptHeader(`round ${round} · generate q_T${round} with I_${round}`, seifDir),
      ...envLine({ VLLM_BASE_URL: url('chuti'), VLLM_MODEL: SERVED.chuti }),
      `OUT=${homeQuote(data.generatedRemote)}`,
      'mkdir -p "$(dirname "$OUT")"',
      '# chuti.py appends: start from an empty file',
      'rm -f "$OUT"',
      `${python} "$SEIF_RUN_DIR/seif_launch.py" script ${shQuote(`data/Self-IF-Self-${family}/chuti.py`)} -- \\`,
      `    ${multiline(['--input_jsonl "$SEIF_RUN_DIR/seed.jsonl"', '--output_jsonl "$OUT"'])}`,
      'wc -l "$OUT"',
      '',
    ].join('\n'),
  });
  if (!seedLocal) warnings.push('no seed in seif.json: the generate phase needs data/seed.parquet (set "seed")');
  const verifier = serverJob('servers-f', server('verifier', servers, roleModel));
  const follower = trainJob('follower', [verifier.id], { VERIFIER_VLLM_BASE_URL: url('verifier') });
  const mergeF = mergeJob('follower');
  if (!curatedLocal) warnings.push(`round ${round} has no curated dataset yet: the review gate waits for an export before the Follower phases`);

  const phase = (id: PhaseId, jobs: JobPlan[], stopAfter: string[] = [], gate?: string): PlannedPhase => ({ id, title: PHASE_TITLES[id], jobs, stopAfter, gate });
  const phases: PlannedPhase[] = [
    phase('servers-i', iServers),
    phase('instructor', [instructor], iServers.map((j) => j.id)),
    phase('merge-i', [mergeI]),
    phase('generate', [chutiServer, chuti], [chutiServer.id]),
    phase(
      'review',
      [],
      [],
      `curate q_T${round} in the SEIF sidebar (download ${data.generatedRemote}), export the curated parquet, then continue with: seif round resume --manifest seif.json --round ${round} --host ${options.host ?? '<host>'} --phase upload`,
    ),
    phase('upload', []),
    phase('servers-f', [verifier]),
    phase('follower', [follower], [verifier.id]),
    phase('merge-f', [mergeF]),
  ];
  return {
    version: 1,
    round,
    family,
    host: options.host,
    seifDir,
    workDir,
    runPrefix,
    checkpoints,
    instructorEpochs: 1,
    followerEpochs,
    gpus: { total, servers, trainer, nnodes },
    ports,
    data,
    phases: phases.sort((a, b) => PHASE_ORDER.indexOf(a.id) - PHASE_ORDER.indexOf(b.id)),
    warnings,
  };
}

export interface PlanCommand {
  phase: PhaseId;
  job: string;
  kind: string;
  gpus: number[];
  /** The exact cmd.sh uploaded for the job. */
  script: string;
  files: RunFile[];
  sbatch?: string;
}

/** Every job's exact script (the dry run shown before launch). */
export function renderPlanCommands(plan: RoundPlan): PlanCommand[] {
  return plan.phases.flatMap((p) =>
    p.jobs.map((j) => ({ phase: p.id, job: j.id, kind: j.kind, gpus: j.gpus, script: j.script, files: j.files, ...(j.sbatch ? { sbatch: j.sbatch } : {}) })),
  );
}
