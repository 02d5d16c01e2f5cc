import type { DetectedLayout } from './layout';
import { ManifestSchema, type Manifest } from './manifest';

/**
 * Keeps seif.json in step with the files on disk: adds rounds and datasets that appeared, never
 * removes anything the researcher wrote (a missing file is reported by the workspace, not deleted).
 */
export function reconcileManifest(existing: Manifest | undefined, layout: DetectedLayout): { manifest: Manifest; changed: boolean } {
  const families = [...new Set(layout.rounds.map((r) => r.family))];
  const manifest: Manifest =
    existing ??
    ManifestSchema.parse({
      version: 1,
      family: families[0] ?? 'default',
      ...(layout.seed ? { seed: layout.seed } : {}),
      ...(layout.test ? { test: layout.test } : {}),
      rounds: [],
    });
  let changed = !existing;
  if (!manifest.seed && layout.seed) {
    manifest.seed = layout.seed;
    changed = true;
  }
  if (!manifest.test && layout.test) {
    manifest.test = layout.test;
    changed = true;
  }
  for (const d of layout.rounds) {
    let round = manifest.rounds.find((r) => r.t === d.t && (r.family ?? manifest.family) === d.family);
    if (!round) {
      round = { t: d.t, datasets: [], checkpoints: {}, ...(d.family !== manifest.family ? { family: d.family } : {}) };
      manifest.rounds.push(round);
      changed = true;
    }
    for (const ds of d.datasets) {
      if (!round.datasets.includes(ds)) {
        round.datasets.push(ds);
        changed = true;
      }
    }
    if (d.curated && !round.curated) {
      round.curated = d.curated;
      changed = true;
    }
  }
  manifest.rounds.sort((a, b) => (a.family ?? manifest.family).localeCompare(b.family ?? manifest.family) || a.t - b.t);
  return { manifest, changed };
}
