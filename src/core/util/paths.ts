import fs from 'node:fs';
import path from 'node:path';

/** Where SEIF's released data lives for tests and the sample workspace: $SEIF_DATA, else ../shared/seif-data. */
export function sharedSeifDataDir(projectRoot: string): string | undefined {
  const candidates = [process.env.SEIF_DATA, path.resolve(projectRoot, '..', 'shared', 'seif-data')];
  for (const c of candidates) if (c && fs.existsSync(path.join(c, 'seed.parquet'))) return c;
  return undefined;
}
