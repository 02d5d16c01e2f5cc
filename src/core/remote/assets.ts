// Files SEIF Studio uploads to hosts (src/remote-assets): found next to the sources or the bundle.
import fs from 'node:fs';
import path from 'node:path';
import { SeifError } from '../errors';

let cached: string | undefined;

/** The remote-assets folder: src/remote-assets from sources (tsx), dist/remote-assets or ../src/remote-assets from the bundle. */
export function remoteAssetsDir(): string {
  if (cached) return cached;
  const candidates = [
    path.resolve(__dirname, '..', '..', 'remote-assets'),
    path.resolve(__dirname, 'remote-assets'),
    path.resolve(__dirname, '..', 'src', 'remote-assets'),
  ];
  const found = candidates.find((c) => fs.existsSync(path.join(c, 'seifctl-v1.sh')));
  if (!found) throw new SeifError(`remote assets (seifctl-v1.sh …) not found; looked in ${candidates.join(', ')}`);
  cached = found;
  return found;
}

export function readAsset(name: string): Buffer {
  const file = path.join(remoteAssetsDir(), name);
  try {
    return fs.readFileSync(file);
  } catch (e) {
    throw new SeifError(`cannot read remote asset: ${(e as Error).message}`, file);
  }
}
