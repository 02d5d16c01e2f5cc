// The sbatch script of a job on a Slurm host: runs the run folder's cmd.sh on the nodes Slurm gives it, with
// its output appended to the same `log` a detached job writes. Multi-node training gets a Ray cluster over
// the allocation (verl joins it through RAY_ADDRESS; trainer.nnodes is in cmd.sh).
import { SeifError } from '../errors';
import { homeQuote } from './scripts';
import type { JobPlan } from './types';

export interface SlurmOptions {
  partition?: string;
  account?: string;
  /** Wall time, e.g. 24:00:00. */
  time?: string;
  cpusPerTask?: number;
}

export interface SbatchContext {
  /** Nodes of a training job (trainer.nnodes); other jobs take one node. */
  nnodes: number;
  python: string;
  /** SEIF checkout on the host ($HOME/… or absolute): Ray is started from there, as cmd.sh runs. */
  seifDir: string;
}

const TOKEN = /^[\w.:-]+$/;
const RAY_PORT = 6379;
/** How long the Ray nodes of a multi-node job may take to join (2 s per try). */
const RAY_JOIN_TRIES = 150;

function check(name: string, v: string | undefined): string | undefined {
  if (v !== undefined && !TOKEN.test(v)) throw new SeifError(`slurm ${name} ${JSON.stringify(v)} may contain only letters, digits, '.', ':', '_' and '-'`);
  return v;
}

function directives(job: JobPlan, slurm: SlurmOptions, nodes: number): string[] {
  const lines = [
    `#SBATCH --job-name=${job.id}`,
    '#SBATCH --output=log',
    '#SBATCH --open-mode=append',
    `#SBATCH --nodes=${nodes}`,
    '#SBATCH --ntasks-per-node=1',
  ];
  if (job.gpus.length) lines.push(`#SBATCH --gres=gpu:${job.gpus.length}`);
  if (check('partition', slurm.partition)) lines.push(`#SBATCH --partition=${slurm.partition}`);
  if (check('account', slurm.account)) lines.push(`#SBATCH --account=${slurm.account}`);
  if (check('time', slurm.time)) lines.push(`#SBATCH --time=${slurm.time}`);
  if (slurm.cpusPerTask !== undefined) {
    if (!Number.isInteger(slurm.cpusPerTask) || slurm.cpusPerTask < 1) throw new SeifError(`slurm cpusPerTask must be a positive integer, not ${slurm.cpusPerTask}`);
    lines.push(`#SBATCH --cpus-per-task=${slurm.cpusPerTask}`);
  }
  return lines;
}

/** verl's multi-node setup: a Ray head on the batch node, a worker on every other node (srun), wait until all joined. */
function rayCluster(nodes: number, gpusPerNode: number, ctx: SbatchContext): string[] {
  const ray = `${ctx.python} -m ray.scripts.scripts`;
  return [
    `# Multi-node training (trainer.nnodes=${nodes}): a Ray cluster over the allocation; verl joins it through RAY_ADDRESS.`,
    'mapfile -t nodes < <(scontrol show hostnames "$SLURM_JOB_NODELIST")',
    'head_ip=$(hostname --ip-address | awk \'{print $1}\')',
    `export RAY_ADDRESS="$head_ip:${RAY_PORT}"`,
    `ray_nodes() { ${ray} status --address="$RAY_ADDRESS" 2>/dev/null | grep -cE '^ *[0-9]+ node_'; }`,
    `cd ${homeQuote(ctx.seifDir)}`,
    `${ray} start --head --node-ip-address="$head_ip" --port=${RAY_PORT} --num-gpus=${gpusPerNode} --block &`,
    `for _ in $(seq 1 ${RAY_JOIN_TRIES}); do [ "$(ray_nodes)" -ge 1 ] && break; sleep 2; done`,
    'for node in "${nodes[@]:1}"; do',
    `  srun --nodes=1 --ntasks=1 --overlap -w "$node" ${ray} start --address="$RAY_ADDRESS" --num-gpus=${gpusPerNode} --block &`,
    'done',
    `for _ in $(seq 1 ${RAY_JOIN_TRIES}); do [ "$(ray_nodes)" -ge ${nodes} ] && break; sleep 2; done`,
    `[ "$(ray_nodes)" -ge ${nodes} ] || { echo "[seif] only $(ray_nodes) of ${nodes} Ray nodes joined at $RAY_ADDRESS"; exit 1; }`,
    `echo "[seif] Ray cluster at $RAY_ADDRESS: ${nodes} nodes (\${nodes[*]})"`,
    'cd "$SEIF_RUN_DIR"',
  ];
}

/** The sbatch script, submitted from the run folder (~/.seif/runs/<run id>) with the run id as the job name. */
export function renderSbatch(job: JobPlan, slurm: SlurmOptions, ctx: SbatchContext): string {
  const nodes = job.kind === 'train' ? ctx.nnodes : 1;
  if (!Number.isInteger(nodes) || nodes < 1) throw new SeifError(`nnodes must be a positive integer, not ${nodes}`);
  return [
    '#!/usr/bin/env bash',
    ...directives(job, slurm, nodes),
    '# SEIF Studio: sbatch runs in the run folder; Slurm appends the job\'s output (and its own notices) to its log.',
    'export SEIF_RUN_DIR="$SLURM_SUBMIT_DIR" SEIF_RUN_ID="$SLURM_JOB_NAME" PYTHONUNBUFFERED=1 RAY_COLOR_PREFIX=0',
    'cd "$SEIF_RUN_DIR"',
    'date +%s > started_at',
    'printf "%s\\n" "${SLURMD_NODENAME:-$(hostname)}" > node',
    'echo "[seif] Slurm job $SLURM_JOB_ID on $SLURM_JOB_NODELIST"',
    '# Slurm assigns the devices: drop the single-host CUDA_VISIBLE_DEVICES line of cmd.sh.',
    'sed \'/^export CUDA_VISIBLE_DEVICES=/d\' cmd.sh > cmd.slurm.sh',
    '# Role servers run on the nodes Slurm gave them: server_hosts ("port node" lines) points 127.0.0.1:port there.',
    '[ ! -f server_hosts ] || while read -r port host; do sed -i "s#127\\.0\\.0\\.1:$port#$host:$port#g" cmd.slurm.sh; done < server_hosts',
    ...(nodes > 1 ? rayCluster(nodes, job.gpus.length, ctx) : []),
    'bash cmd.slurm.sh; rc=$?',
    'date +%s > ended_at',
    'printf "%s\\n" "$rc" > exit_code.tmp && mv -f exit_code.tmp exit_code',
    'exit "$rc"',
    '',
  ].join('\n');
}
