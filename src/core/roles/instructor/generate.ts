import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { readParquetFile, writeParquetFile } from '../../dataset/parquet';
import { buildPrompt } from '../../dataset/rows';
import { instructionsShape, SOFT_KWARGS } from '../../dataset/seif-shapes';
import { describeError } from '../../errors';
import { createLlmClient, isCancelled, LlmError, type RoleEndpoint } from '../../llm';
import { toJsonLine } from '../../util/jsonl';
import { writeFileAtomic } from '../../util/atomic';
import { constraintsSchema, toConstraints } from './parse';
import { readProgress, ProgressLog, type ProgressEntry } from './progress';
import { readSeeds, type BrokenSeed, type SeedRow } from './seeds';
import { CONSTRAINT_COUNT, promptFor, type TemplateName } from './templates';

export type TemplateChoice = TemplateName | 'mixed';

export interface GenerateOptions {
  seedsFile: string;
  /** q_T parquet to write; `<out>.failures.jsonl` and `<out>.progress.jsonl` sit beside it. */
  outFile: string;
  endpoint: RoleEndpoint;
  /** soft (5 constraints), hard (3), or mixed: a fixed choice per seed, so re-runs agree. Default mixed. */
  template?: TemplateChoice;
  /** Only the first N rows of the seed file. */
  limit?: number;
  /** Requests in flight; default the endpoint's concurrency. */
  concurrency?: number;
  cacheDir?: string;
  recordFile?: string;
  signal?: AbortSignal;
  onProgress?: (p: { done: number; total: number; failed: number }) => void;
  temperature?: number;
  maxTokens?: number;
  /** First retry delay (tests use a few ms). */
  backoffMs?: number;
}

export interface GenerateSummary {
  outFile: string;
  failuresFile: string;
  progressFile: string;
  /** Seed rows considered (after --limit), broken ones included. */
  seeds: number;
  /** Rows in the written parquet. */
  generated: number;
  /** Generated in this run (the rest came from an earlier run). */
  newlyGenerated: number;
  /** Entries in the failures file. */
  failed: number;
  /** Seed texts that appear more than once (generated once). */
  duplicateSeeds: number;
  templates: Record<TemplateName, number>;
  cancelled: boolean;
  /** Set when the run stopped early because the endpoint went away; the rest resumes on the next run. */
  stopped?: string;
}

export function failuresFileOf(outFile: string): string {
  return `${outFile}.failures.jsonl`;
}
export function progressFileOf(outFile: string): string {
  return `${outFile}.progress.jsonl`;
}

/** "mixed" picks by a hash of the seed, so the same seed always gets the same template. */
export function templateFor(choice: TemplateChoice, seed: string): TemplateName {
  if (choice !== 'mixed') return choice;
  return crypto.createHash('sha256').update(seed).digest()[0]! & 1 ? 'hard' : 'soft';
}

/** Consecutive failures of these kinds mean the endpoint is gone, not that a seed is bad. */
const ENDPOINT_DOWN = new Set(['unreachable', 'auth', 'model-missing']);

/**
 * The Instructor over a seed dataset: resumable and idempotent (a re-run continues from
 * `<out>.progress.jsonl` and never duplicates a row), every seed either generated or listed as failed.
 */
export async function generateInstructions(options: GenerateOptions): Promise<GenerateSummary> {
  const { outFile } = options;
  const failuresFile = failuresFileOf(outFile);
  const progressFile = progressFileOf(outFile);
  const choice = options.template ?? 'mixed';
  const seedFile = await readSeeds(options.seedsFile);
  const seedName = path.basename(options.seedsFile);

  let rows: (SeedRow | BrokenSeed)[] = [...seedFile.seeds, ...seedFile.broken].sort((a, b) => a.row - b.row);
  if (options.limit !== undefined) rows = rows.slice(0, options.limit);
  const broken = rows.filter((r): r is BrokenSeed => 'error' in r);
  const order = new Map<string, number>();
  seedFile.seeds.forEach((s, i) => order.has(s.seed) || order.set(s.seed, i));
  const unique: SeedRow[] = [];
  const inScope = new Set<string>();
  let duplicateSeeds = 0;
  for (const r of rows) {
    if ('error' in r) continue;
    if (inScope.has(r.seed)) duplicateSeeds++;
    else {
      inScope.add(r.seed);
      unique.push(r);
    }
  }

  const state = await readProgress(progressFile);
  if (state.size === 0) await adoptExistingOutput(outFile, state);
  const todo = unique.filter((s) => !isDone(state.get(s.seed)));
  const templates: Record<TemplateName, number> = { soft: 0, hard: 0 };
  let newlyGenerated = 0;
  let cancelled = false;
  let stopped: string | undefined;

  if (todo.length > 0) {
    const concurrency = options.concurrency ?? options.endpoint.concurrency;
    const client = createLlmClient(
      { ...options.endpoint, concurrency },
      { role: 'instructor', cacheDir: options.cacheDir, recordFile: options.recordFile, backoffMs: options.backoffMs },
    );
    await client.ensureHealthy(options.signal); // a batch never starts against a dead endpoint
    await fs.promises.mkdir(path.dirname(outFile), { recursive: true }); // --out may name a new folder
    const log = new ProgressLog(progressFile);
    const stop = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
    let next = 0;
    let done = 0;
    let failed = 0;
    let downStreak = 0;
    const record = (entry: ProgressEntry) => {
      state.set(entry.seed, entry);
      log.add(entry);
    };

    const worker = async () => {
      while (!signal.aborted && next < todo.length) {
        const { seed, row } = todo[next++]!;
        const template = templateFor(choice, seed);
        try {
          const reply = await client.chatJson(
            {
              messages: [{ role: 'user', content: promptFor(template, seed) }],
              schema: constraintsSchema(template),
              schemaName: `constraints_${template}`,
              temperature: options.temperature ?? 0.7,
              maxTokens: options.maxTokens ?? 2048,
              purpose: `generate:${template}`,
            },
            signal,
          );
          record({ seed, template, constraints: toConstraints(reply.value, CONSTRAINT_COUNT[template]) });
          templates[template]++;
          newlyGenerated++;
          downStreak = 0;
        } catch (e) {
          if (isCancelled(e) || signal.aborted) break; // not a failure: the seed stays to do
          record({ seed, error: `${seedName} row ${row}: ${describeError(e)}` });
          failed++;
          if (e instanceof LlmError && ENDPOINT_DOWN.has(e.kind)) {
            if (++downStreak >= Math.max(3, concurrency)) {
              stopped = e.message;
              stop.abort();
            }
          } else downStreak = 0;
        }
        done++;
        options.onProgress?.({ done, total: todo.length, failed });
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(concurrency, todo.length) }, worker));
    } finally {
      cancelled = options.signal?.aborted ?? false;
      await log.flush();
      await client.close();
    }
  }

  const written = await writeOutputs(outFile, failuresFile, state, order, inScope, broken);
  return {
    outFile,
    failuresFile,
    progressFile,
    seeds: rows.length,
    generated: written.generated,
    newlyGenerated,
    failed: written.failed,
    duplicateSeeds,
    templates,
    cancelled,
    ...(stopped && { stopped }),
  };
}

function isDone(entry: ProgressEntry | undefined): boolean {
  return entry !== undefined && 'constraints' in entry;
}

/** A q_T file made before progress files existed (or by chuti.py): its rows count as done. */
async function adoptExistingOutput(outFile: string, state: Map<string, ProgressEntry>): Promise<void> {
  if (!fs.existsSync(outFile)) return;
  const table = await readParquetFile(outFile);
  for (const r of table.rows) {
    if (typeof r.seed_question === 'string' && Array.isArray(r.constraint)) {
      const constraints = r.constraint.map(String);
      state.set(r.seed_question, { seed: r.seed_question, template: constraints.length === 3 ? 'hard' : 'soft', constraints });
    }
  }
}

/** Rewrites both outputs from the full state, atomically: seed-file order, one row per seed, never appended. */
async function writeOutputs(
  outFile: string,
  failuresFile: string,
  state: Map<string, ProgressEntry>,
  order: Map<string, number>,
  inScope: Set<string>,
  broken: BrokenSeed[],
): Promise<{ generated: number; failed: number }> {
  const rank = (seed: string) => order.get(seed) ?? Number.MAX_SAFE_INTEGER;
  const entries = [...state.values()].sort((a, b) => rank(a.seed) - rank(b.seed));
  const rows = entries
    .filter((e): e is Extract<ProgressEntry, { constraints: string[] }> => 'constraints' in e)
    .map((e) => ({
      seed_question: e.seed,
      constraint: e.constraints,
      prompt: buildPrompt(e.seed, e.constraints),
      kwargs: e.constraints.map(() => ({ ...SOFT_KWARGS })),
      instruction_id_list: e.constraints.map(() => 'soft'),
    }));
  const failures = [
    ...broken.map((b) => ({ seed: b.seed, error: b.error })),
    ...entries.filter((e): e is Extract<ProgressEntry, { error: string }> => 'error' in e && inScope.has(e.seed)).map((e) => ({ seed: e.seed, error: e.error })),
  ];
  await writeParquetFile(outFile, instructionsShape(), rows);
  await writeFileAtomic(failuresFile, failures.map((f) => toJsonLine(f) + '\n').join(''));
  return { generated: rows.length, failed: failures.length };
}
