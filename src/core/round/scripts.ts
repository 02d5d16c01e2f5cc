// The bash scripts a phase runs (uploaded as cmd.sh): every value quoted; `$HOME` kept expandable, never `~`.
import { SeifError } from '../errors';
import { shQuote } from '../remote/shell';

/** Quotes a value for bash, leaving a leading `$HOME` (or `~/`, rewritten) to the shell. */
export function homeQuote(value: string): string {
  const m = /^(?:\$HOME|\$\{HOME\}|~)(\/.*)?$/.exec(value);
  if (m) return m[1] ? `"$HOME"${shQuote(m[1])}` : '"$HOME"';
  return shQuote(value);
}

/** A path as it must appear in files the shell does not read (YAML): `$HOME` replaced by the real home. */
export function absolutePath(value: string, remoteHome: string | undefined): string {
  const m = /^(?:\$HOME|\$\{HOME\}|~)(\/.*)?$/.exec(value);
  if (!m) return value;
  return remoteHome ? `${remoteHome.replace(/\/$/, '')}${m[1] ?? ''}` : `$HOME${m[1] ?? ''}`;
}

/** `key=value` override, quoted as one word (brackets would otherwise be a shell glob). */
export function overrideArg(key: string, value: string | number): string {
  if (!/^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*$/.test(key)) throw new SeifError(`bad override key ${JSON.stringify(key)}`);
  const v = String(value);
  if (/^(?:\$HOME|~)(\/|$)/.test(v)) return `${key}=${homeQuote(v)}`;
  if (v.startsWith('$SEIF_RUN_DIR/')) return `${key}="$SEIF_RUN_DIR"${shQuote(v.slice('$SEIF_RUN_DIR'.length))}`;
  return shQuote(`${key}=${v}`);
}

export function envLine(vars: Record<string, string>): string[] {
  return Object.entries(vars).map(([k, v]) => {
    if (!/^[A-Z_][A-Z0-9_]*$/.test(k)) throw new SeifError(`bad environment variable name ${k}`);
    return `export ${k}=${homeQuote(v)}`;
  });
}

export function scriptHeader(title: string, seifDir: string): string[] {
  return ['#!/usr/bin/env bash', `# SEIF Studio: ${title.replace(/\n/g, ' ')} (generated and shown before launch)`, 'set -euo pipefail', `cd ${homeQuote(seifDir)}`, 'export SEIF_DIR="$PWD"'];
}

/** Joins a long command over several lines for reading. */
export function multiline(words: string[]): string {
  return words.join(' \\\n    ');
}
