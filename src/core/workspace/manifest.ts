import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { parseTree, findNodeAtLocation, type ParseError, printParseErrorCode } from 'jsonc-parser';
import { SeifError } from '../errors';
import { writeFileAtomic } from '../util/atomic';

export const MANIFEST_FILE = 'seif.json';

/** A path relative to the workspace root (forward slashes). */
const relPath = z.string().min(1);

export const CheckpointsSchema = z
  .object({
    /** I_T: merged HF folder of the round's Instructor (path on the training host). */
    instructor: z.string().optional(),
    /** F_T: merged HF folder of the round's Follower. */
    follower: z.string().optional(),
  })
  .strict();

/** One remote job of a round (issue 6: SEIF: Start Round), as the runner last saw it. */
export const RunRecordSchema = z
  .object({
    phase: z.string(),
    host: z.string(),
    runId: z.string(),
    outcome: z.string(),
    message: z.string().optional(),
    at: z.string(),
  })
  .loose();
export type RunRecord = z.infer<typeof RunRecordSchema>;

/** Defaults for remote rounds (issue 6): where SEIF lives on the training host. */
export const RemoteSchema = z
  .object({
    host: z.string().optional(),
    /** SEIF checkout on the host: absolute or starting with $HOME. */
    seifDir: z.string().optional(),
    /** Checkpoints and uploaded data on the host: absolute or starting with $HOME. */
    workDir: z.string().optional(),
    gpus: z.number().int().min(2).optional(),
  })
  .loose();

export const RoundSchema = z
  .object({
    t: z.number().int().min(1),
    family: z.string().min(1).optional(),
    /** Instruction datasets of the round (q_T{T}.parquet / .jsonl), relative to the workspace. */
    datasets: z.array(relPath).default([]),
    /** The exported curated dataset, once exported. */
    curated: relPath.optional(),
    checkpoints: CheckpointsSchema.default({}),
    /** IFEval accuracies of the round's Follower (filled by `seif eval`). */
    eval: z.record(z.string(), z.number()).optional(),
    notes: z.string().optional(),
    /** Remote jobs of the round (issue 6), newest last. */
    runs: z.array(RunRecordSchema).optional(),
  })
  .loose();
export type ManifestRound = z.infer<typeof RoundSchema>;

export const ManifestSchema = z
  .object({
    $schema: z.string().optional(),
    version: z.literal(1),
    /** Model family, e.g. QWEN-7B (SEIF's data/Self-IF-Self-<MODEL> folder name). */
    family: z.string().min(1),
    /** Base model of round 1 (HF id or path), e.g. Qwen/Qwen2.5-7B-Instruct. */
    baseModel: z.string().optional(),
    seed: relPath.optional(),
    test: relPath.optional(),
    rounds: z.array(RoundSchema).default([]),
    remote: RemoteSchema.optional(),
  })
  .loose()
  .superRefine((m, ctx) => {
    const seen = new Set<string>();
    m.rounds.forEach((r, i) => {
      const k = `${r.family ?? m.family}/${r.t}`;
      if (seen.has(k)) ctx.addIssue({ code: 'custom', path: ['rounds', i, 't'], message: `round ${r.t} of ${r.family ?? m.family} appears twice` });
      seen.add(k);
    });
  });
export type Manifest = z.infer<typeof ManifestSchema>;

export interface ManifestIssue {
  message: string;
  /** JSON path, e.g. rounds[1].t */
  path: string;
  line: number;
  column: number;
  offset: number;
  length: number;
}

export class ManifestError extends SeifError {
  constructor(file: string, readonly issues: ManifestIssue[]) {
    const first = issues[0]!;
    super(`invalid manifest: ${first.path ? `${first.path}: ` : ''}${first.message}${issues.length > 1 ? ` (+${issues.length - 1} more)` : ''}`, file, `line ${first.line}, column ${first.column}`);
  }
}

/** Parses and validates seif.json text; every problem carries its JSON path and line/column. */
export function parseManifest(text: string, file: string): Manifest {
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
  const lc = lineColumn(text);
  if (errors.length > 0 || !tree) {
    const e = errors[0];
    const offset = e?.offset ?? 0;
    throw new ManifestError(file, [{ message: `JSON syntax error: ${e ? printParseErrorCode(e.error) : 'empty file'}`, path: '', offset, length: e?.length ?? 0, ...lc(offset) }]);
  }
  const value = JSON.parse(text) as unknown;
  const r = ManifestSchema.safeParse(value);
  if (r.success) return r.data;
  const issues = r.error.issues.map((issue) => {
    const segs = issue.path.map((p) => (typeof p === 'number' ? p : String(p)));
    let node = findNodeAtLocation(tree, segs);
    // Missing properties have no node: point at the closest existing parent.
    for (let n = segs.length; !node && n > 0; n--) node = findNodeAtLocation(tree, segs.slice(0, n - 1));
    const offset = node?.offset ?? 0;
    return {
      message: issue.message,
      path: segs.map((s, i) => (typeof s === 'number' ? `[${s}]` : `${i ? '.' : ''}${s}`)).join(''),
      offset,
      length: node?.length ?? 1,
      ...lc(offset),
    };
  });
  throw new ManifestError(file, issues);
}

function lineColumn(text: string): (offset: number) => { line: number; column: number } {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  };
}

export async function loadManifest(workspaceRoot: string): Promise<Manifest | undefined> {
  const file = path.join(workspaceRoot, MANIFEST_FILE);
  let text: string;
  try {
    text = await fs.promises.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new SeifError(`cannot read: ${(e as Error).message}`, file);
  }
  return parseManifest(text, file);
}

export async function saveManifest(workspaceRoot: string, manifest: Manifest): Promise<void> {
  const checked = ManifestSchema.parse(manifest);
  await writeFileAtomic(path.join(workspaceRoot, MANIFEST_FILE), JSON.stringify(checked, null, 2) + '\n');
}

export function findRound(manifest: Manifest, t: number, family = manifest.family): ManifestRound | undefined {
  return manifest.rounds.find((r) => r.t === t && (r.family ?? manifest.family) === family);
}
