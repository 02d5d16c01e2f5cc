// Quoting and token checks: the only ways text reaches a remote command line.
import { SeifError } from '../errors';

/** Tokens safe unquoted in every login shell (sh, bash, zsh, fish, csh): run ids, numbers. */
const SAFE_TOKEN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Run ids name a folder under ~/.seif/runs: letters, digits, `.`, `_`, `-`; no leading dot, ≤ 128 chars. */
export function assertRunId(id: string): string {
  if (!SAFE_TOKEN.test(id) || id.includes('..')) {
    throw new SeifError(
      `invalid run id ${JSON.stringify(id)}: use letters, digits, '.', '_' and '-' (starting with a letter or digit, at most 128 characters)`,
    );
  }
  return id;
}

/** POSIX single-quote quoting (sh/bash/dash/zsh). User text goes into uploaded files, not through this, whenever possible. */
export function shQuote(s: string): string {
  if (s.includes('\0')) throw new SeifError('a NUL byte cannot be passed through a shell command line');
  if (s !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export function shJoin(argv: readonly string[]): string {
  return argv.map(shQuote).join(' ');
}
