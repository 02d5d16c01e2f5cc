// Builds the files of a run folder: versioned assets, SEIF's config with placeholders resolved, seed JSONL.
import path from 'node:path';
import { loadDataset } from '../dataset/dataset';
import { SeifError } from '../errors';
import { readAsset } from '../remote/assets';
import type { SshConnection } from '../remote/connection';
import { toJsonLine } from '../util/jsonl';
import { resolveSeifConfig, type ConfigValues } from './config';
import { absolutePath } from './scripts';
import type { JobPlan } from './types';

export interface RunFileContext {
  conn: SshConnection;
  remoteHome: string;
  seifDir: string;
  workspaceRoot: string;
}

/** `$HOME/...` and `$SEIF_RUN_DIR/...` made absolute (YAML is not read by a shell). */
function concrete(value: ConfigValues[string], home: string, runDir: string): ConfigValues[string] {
  if (typeof value !== 'string') return value;
  if (value.startsWith('$SEIF_RUN_DIR/')) return `${runDir}${value.slice('$SEIF_RUN_DIR'.length)}`;
  return absolutePath(value, home);
}

export async function buildRunFiles(job: JobPlan, runId: string, ctx: RunFileContext): Promise<{ name: string; data: string | Buffer; mode?: number }[]> {
  const runDir = `${ctx.remoteHome}/.seif/runs/${runId}`;
  const out: { name: string; data: string | Buffer; mode?: number }[] = [];
  for (const f of job.files) {
    if ('asset' in f.from) out.push({ name: f.name, data: readAsset(f.from.asset), mode: f.mode });
    else if ('seifConfig' in f.from) {
      const remotePath = `${absolutePath(ctx.seifDir, ctx.remoteHome)}/${f.from.seifConfig}`;
      const text = await ctx.conn.readFile(remotePath);
      if (!text) throw new SeifError(`SEIF config not found on ${ctx.conn.spec.label}; is seifDir right?`, remotePath);
      const values = Object.fromEntries(Object.entries(f.from.values).map(([k, v]) => [k, concrete(v, ctx.remoteHome, runDir)]));
      out.push({ name: f.name, data: resolveSeifConfig(text.toString('utf8'), values, f.from.seifConfig) });
    } else {
      const local = path.resolve(ctx.workspaceRoot, f.from.local);
      if (f.from.convert === 'seed-jsonl') {
        // chuti.py reads JSONL with a `prompt` field; SEIF ships the seeds as parquet.
        const ds = await loadDataset(local);
        const lines = ds.rows.map((row, i) => {
          const prompt = row.prompt;
          if (typeof prompt !== 'string') throw new SeifError('seed row has no string prompt', local, `row ${i + 1}`);
          return toJsonLine({ prompt });
        });
        out.push({ name: f.name, data: `${lines.join('\n')}\n` });
      } else out.push({ name: f.name, data: await import('node:fs').then((fs) => fs.promises.readFile(local)) });
    }
  }
  return out;
}
