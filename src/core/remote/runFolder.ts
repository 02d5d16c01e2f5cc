// A run folder ~/.seif/runs/<id>/ on the host: its files are uploaded before anything starts (the command is a
// file, never a command line), and `.started` is created once, so an id is never used twice.
import { SeifError } from '../errors';
import type { SshConnection } from './connection';
import { assertRunId } from './shell';

export const RUNS_DIR = '.seif/runs';

export interface RunFolderFile {
  name: string;
  data: string | Buffer;
  mode?: number;
}

export function runPath(id: string, name?: string): string {
  return `${RUNS_DIR}/${assertRunId(id)}${name ? `/${name}` : ''}`;
}

export async function runFolderExists(conn: SshConnection, id: string): Promise<boolean> {
  const sftp = await conn.sftp();
  return new Promise<boolean>((resolve) => sftp.stat(runPath(id, '.started'), (e) => resolve(!e)));
}

/** Uploads the files of a run folder (refusing an id already started): extra files, then spec.json and cmd.sh. */
export async function writeRunFolder(conn: SshConnection, id: string, files: RunFolderFile[], spec: object, script: string): Promise<void> {
  if (await runFolderExists(conn, id)) throw new SeifError(`run ${id} already exists on ${conn.spec.label}; pick another id or resume it`, `~/${runPath(id)}`);
  await conn.mkdirp(runPath(id));
  for (const f of files) {
    if (f.name.includes('..') || f.name.startsWith('/')) throw new SeifError(`run file name ${JSON.stringify(f.name)} must stay inside the run folder`);
    if (f.name.includes('/')) await conn.mkdirp(runPath(id, f.name.slice(0, f.name.lastIndexOf('/'))));
    await conn.writeFile(runPath(id, f.name), f.data, f.mode ?? 0o644);
  }
  await conn.writeFile(runPath(id, 'spec.json'), `${JSON.stringify(spec, null, 1)}\n`, 0o600);
  await conn.writeFile(runPath(id, 'cmd.sh'), script, 0o700);
}

/** Marks the run folder as started (atomically: SFTP mkdir fails when it exists). */
export async function markStarted(conn: SshConnection, id: string): Promise<void> {
  const sftp = await conn.sftp();
  await new Promise<void>((resolve, reject) =>
    sftp.mkdir(runPath(id, '.started'), (e) => (e ? reject(new SeifError(`run ${id} was already started on ${conn.spec.label}`, `~/${runPath(id)}`)) : resolve())),
  );
}
