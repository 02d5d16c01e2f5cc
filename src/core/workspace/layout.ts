import fs from 'node:fs';
import path from 'node:path';

/** What SEIF's folder layout says, before any manifest: data/seed.parquet, data/test.parquet, data/Self-IF-Self-<MODEL>/q_T<k>.parquet. */
export interface DetectedLayout {
  seed?: string;
  test?: string;
  rounds: DetectedRound[];
}

export interface DetectedRound {
  family: string;
  t: number;
  datasets: string[];
  curated?: string;
}

const SKIP = new Set(['node_modules', '.git', '.seif', '.vscode-test', '.vscode', 'dist', 'out', '__pycache__', '.venv']);
const ROUND_FILE = /^q_T(\d+)(\.curated)?\.(parquet|jsonl)$/;
const FAMILY_DIR = /^Self-IF-Self-(.+)$/;

/** Relative path with forward slashes (what the manifest and the journal store). */
export function toRelative(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}

export async function detectLayout(root: string, maxDepth = 5): Promise<DetectedLayout> {
  const layout: DetectedLayout = { rounds: [] };
  const rounds = new Map<string, DetectedRound>();
  const walk = async (dir: string, depth: number): Promise<void> => {
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIP.has(e.name) && depth < maxDepth) await walk(full, depth + 1);
        continue;
      }
      if (!e.isFile()) continue;
      const rel = toRelative(root, full);
      if (e.name === 'seed.parquet' || e.name === 'seed.jsonl') {
        if (!layout.seed || rel.startsWith('data/')) layout.seed = rel;
        continue;
      }
      if (e.name === 'test.parquet') {
        if (!layout.test || rel.startsWith('data/')) layout.test = rel;
        continue;
      }
      const m = ROUND_FILE.exec(e.name);
      if (!m) continue;
      const parent = path.basename(dir);
      const family = FAMILY_DIR.exec(parent)?.[1] ?? (dir === root ? 'default' : parent);
      const t = Number(m[1]);
      const key = `${family}/${t}`;
      const round = rounds.get(key) ?? { family, t, datasets: [] };
      if (m[2]) round.curated = rel;
      else round.datasets.push(rel);
      rounds.set(key, round);
    }
  };
  await walk(root, 0);
  layout.rounds = [...rounds.values()].sort((a, b) => a.family.localeCompare(b.family) || a.t - b.t);
  return layout;
}
