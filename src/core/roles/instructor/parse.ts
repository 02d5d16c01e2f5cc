import { z } from 'zod';
import { categoryNameFindings } from '../filter/not-a-constraint';
import { CONSTRAINT_COUNT, type TemplateName } from './templates';

const value = z.union([z.string(), z.number()]);

/**
 * The reply schema of a template: keys c1…cN (extra keys ignored, as SEIF does), each a non-empty string
 * or number. Beyond SEIF: constraints must differ, and the hard template's ones must not carry a category name.
 */
export function constraintsSchema(template: TemplateName) {
  return (schemas[template] ??= buildSchema(template));
}

const schemas: Partial<Record<TemplateName, ReturnType<typeof buildSchema>>> = {};

function buildSchema(template: TemplateName) {
  const n = CONSTRAINT_COUNT[template];
  const shape: Record<string, typeof value> = {};
  for (let i = 1; i <= n; i++) shape[`c${i}`] = value;
  return z.object(shape).superRefine((obj, ctx) => {
    const list = toConstraints(obj, n);
    list.forEach((c, i) => {
      if (!c) ctx.addIssue({ code: 'custom', path: [`c${i + 1}`], message: 'empty constraint' });
    });
    const seen = new Map<string, number>();
    list.forEach((c, i) => {
      const key = c.toLowerCase();
      if (c && seen.has(key)) ctx.addIssue({ code: 'custom', path: [`c${i + 1}`], message: `repeats c${seen.get(key)! + 1}` });
      seen.set(key, i);
    });
    if (template === 'hard') {
      for (const f of categoryNameFindings(list)) ctx.addIssue({ code: 'custom', path: [`c${f.constraintIndex! + 1}`], message: 'starts with a category name' });
    }
  });
}

export function toConstraints(obj: Record<string, unknown>, n: number): string[] {
  return Array.from({ length: n }, (_, i) => String(obj[`c${i + 1}`] ?? '').trim());
}
