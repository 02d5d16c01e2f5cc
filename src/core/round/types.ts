// The shape of a planned SEIF round: phases of detached jobs, with GPUs, ports, checkpoints and scripts.
import type { PhaseKind } from '../remote/runStatus';
import type { ConfigValues } from './config';

export const PHASE_ORDER = ['servers-i', 'instructor', 'merge-i', 'generate', 'review', 'upload', 'servers-f', 'follower', 'merge-f'] as const;
export type PhaseId = (typeof PHASE_ORDER)[number];

export const PHASE_TITLES: Record<PhaseId, string> = {
  'servers-i': 'Role servers for the Instructor (Filter, Answer, Judge)',
  instructor: 'Instructor GRPO',
  'merge-i': 'Merge I_T to HF weights',
  generate: 'Serve I_T and generate q_T',
  review: 'Review gate: curate q_T, then export',
  upload: 'Upload the curated parquet',
  'servers-f': 'Verifier server for the Follower',
  follower: 'Follower GRPO',
  'merge-f': 'Merge F_T to HF weights',
};

export type ServerRole = 'filter' | 'answer' | 'judge' | 'chuti' | 'verifier';

export interface RoleServer {
  role: ServerRole;
  /** The model name SEIF's code asks for (if-filter, if-answer, if-judge, if-verifer). */
  servedName: string;
  port: number;
  gpus: number[];
  tensorParallel: number;
  gpuMemory: number;
  /** Checkpoint served (HF folder or hub id); may start with $HOME. */
  model: string;
}

export interface RunFile {
  /** Name inside the run folder. */
  name: string;
  /** Where the content comes from: a versioned remote asset, a SEIF config to resolve on the host, or a local file. */
  from: { asset: string } | { seifConfig: string; values: ConfigValues } | { local: string; convert?: 'seed-jsonl' };
  mode?: number;
}

export interface JobPlan {
  /** Run id = folder ~/.seif/runs/<id>. */
  id: string;
  phase: PhaseId;
  title: string;
  kind: PhaseKind;
  gpus: number[];
  /** cmd.sh, exactly as uploaded. */
  script: string;
  files: RunFile[];
  /** Service jobs: probe http://127.0.0.1:<port>/v1/models until it answers. */
  server?: RoleServer;
  /** Ids of service jobs that must stay healthy while this job runs (watchdog). */
  needs?: string[];
  /** Train jobs: where checkpoints go (for resume via latest_global_step.txt). */
  saveDir?: string;
  /** Merge jobs: which manifest checkpoint the merged folder becomes. */
  produces?: 'instructor' | 'follower';
  /** Slurm: the sbatch script that runs cmd.sh (shown; used when the host has Slurm). */
  sbatch?: string;
}

export interface PlannedPhase {
  id: PhaseId;
  title: string;
  jobs: JobPlan[];
  /** Service job ids to stop once this phase has finished (their GPUs are needed next). */
  stopAfter: string[];
  /** A gate stops a headless run; the text says how to continue. */
  gate?: string;
}

export interface RoundPlan {
  version: 1;
  round: number;
  family: string;
  host?: string;
  seifDir: string;
  workDir: string;
  runPrefix: string;
  checkpoints: {
    base: string;
    instructorInit: string;
    /** Filter, Answer and Judge serve this (F_{T-1} or base). */
    roleServers: string;
    verifier: string;
    followerInit: string;
    instructorSave: string;
    followerSave: string;
  };
  instructorEpochs: number;
  followerEpochs: number;
  gpus: { total: number; servers: number[]; trainer: number[]; nnodes: number };
  ports: Record<ServerRole, number>;
  data: { seedLocal?: string; generatedRemote: string; curatedLocal?: string; curatedRemote: string };
  phases: PlannedPhase[];
  warnings: string[];
}
