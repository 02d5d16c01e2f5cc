import { z } from 'zod';

/** kwargs of one constraint: q_T files carry a dummy {num_bullets: 3}; test.parquet a 24-field union with nulls. */
export const KwargsSchema = z.record(z.string(), z.unknown());

/** A row of q_T{T}.parquet — the Follower's training data (SEIF §2.3). */
export const InstructionRowSchema = z
  .object({
    seed_question: z.string(),
    constraint: z.array(z.string()),
    prompt: z.string(),
    kwargs: z.array(KwargsSchema.nullable()),
    instruction_id_list: z.array(z.string()),
  })
  .loose()
  .superRefine((row, ctx) => {
    const n = row.constraint.length;
    if (row.instruction_id_list.length !== n || row.kwargs.length !== n) {
      ctx.addIssue({
        code: 'custom',
        message: `constraint, kwargs and instruction_id_list must have equal lengths (got ${n}, ${row.kwargs.length}, ${row.instruction_id_list.length})`,
        path: ['instruction_id_list'],
      });
    }
  });
export type InstructionRow = z.infer<typeof InstructionRowSchema>;

/** A row of data/test.parquet (IFEval). */
export const IfevalRowSchema = z
  .object({
    key: z.union([z.bigint(), z.number().int()]),
    prompt: z.string(),
    instruction_id_list: z.array(z.string()),
    kwargs: z.array(KwargsSchema.nullable()),
  })
  .loose();
export type IfevalRow = z.infer<typeof IfevalRowSchema>;

/** A row of data/seed.parquet. */
export const SeedRowSchema = z.object({ prompt: z.string() }).loose();
export type SeedRow = z.infer<typeof SeedRowSchema>;

export const INSTRUCTION_COLUMNS = ['seed_question', 'constraint', 'prompt', 'kwargs', 'instruction_id_list'] as const;
export const IFEVAL_COLUMNS = ['key', 'prompt', 'instruction_id_list', 'kwargs'] as const;

/** The instruction the Follower sees, as SEIF builds it: seed.strip() + "\n" + constraints joined by "\n". */
export function buildPrompt(seed: string, constraints: readonly string[]): string {
  return [seed.trim(), ...constraints].join('\n');
}
