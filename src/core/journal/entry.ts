import { z } from 'zod';

/** What a researcher (or a confirmed tool step) decided about one row. */
export const JournalActionSchema = z.enum([
  'accept',
  'reject',
  /** Constraints edited: before/after = { constraints, ids, kwargs }. */
  'edit',
  /** Reverts the entry named by `undoes`. */
  'undo',
  /** A soft constraint mapped to a rule id: after = { index, id, kwargs }. */
  'promote',
  /** A Filter finding marked as reviewed: after = { index, rule }. */
  'review',
]);
export type JournalAction = z.infer<typeof JournalActionSchema>;

export const JournalEntrySchema = z.object({
  v: z.literal(1),
  id: z.string().min(1),
  time: z.string(),
  user: z.string(),
  /** Dataset path relative to the workspace root, with forward slashes. */
  dataset: z.string().min(1),
  rowKey: z.string(),
  action: JournalActionSchema,
  before: z.unknown().optional(),
  after: z.unknown().optional(),
  undoes: z.string().optional(),
  /** Where the decision came from: "key", "lens", "tree", "bulk", "filter", "cli"… */
  source: z.string().optional(),
  note: z.string().optional(),
});
export type JournalEntry = z.infer<typeof JournalEntrySchema>;

export type NewJournalEntry = Omit<JournalEntry, 'v' | 'id' | 'time' | 'user'> & { user?: string };

/** Constraints of a row as an edit records them (kept aligned: one id and one kwargs per constraint). */
export const ConstraintSetSchema = z.object({
  constraints: z.array(z.string()),
  ids: z.array(z.string()),
  kwargs: z.array(z.record(z.string(), z.unknown())),
});
export type ConstraintSet = z.infer<typeof ConstraintSetSchema>;
