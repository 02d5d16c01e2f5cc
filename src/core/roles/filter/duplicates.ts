import type { FilterFinding } from './types';

function normalise(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}\s]/gu, ' ').replace(/\s+/g, ' ').trim();
}

function tokens(text: string): Set<string> {
  return new Set(normalise(text).split(' ').filter((t) => t.length > 0));
}

function jaccard(a: Set<string>, b: Set<string>): number {
  let both = 0;
  for (const t of a) if (b.has(t)) both++;
  const union = a.size + b.size - both;
  return union === 0 ? 0 : both / union;
}

/** Token-set similarity above which two constraints say the same thing in other words. */
export const NEAR_DUPLICATE_THRESHOLD = 0.8;

/** A repeated constraint adds nothing but weight in the Follower's reward; flag the later copy. */
export function duplicateFindings(constraints: readonly string[]): FilterFinding[] {
  const findings: FilterFinding[] = [];
  const sets = constraints.map(tokens);
  const norms = constraints.map(normalise);
  for (let j = 1; j < constraints.length; j++) {
    for (let i = 0; i < j; i++) {
      if (!norms[j]) break;
      if (norms[i] === norms[j]) {
        findings.push({ constraintIndex: j, rule: 'duplicate', severity: 'error', related: [i], message: `constraint ${j + 1} repeats constraint ${i + 1}` });
        break;
      }
      const sim = jaccard(sets[i]!, sets[j]!);
      if (sets[j]!.size >= 4 && sim >= NEAR_DUPLICATE_THRESHOLD) {
        findings.push({
          constraintIndex: j,
          rule: 'near-duplicate',
          severity: 'warning',
          related: [i],
          message: `constraint ${j + 1} nearly repeats constraint ${i + 1} (${Math.round(sim * 100)} % of words shared)`,
        });
        break;
      }
    }
  }
  return findings;
}
