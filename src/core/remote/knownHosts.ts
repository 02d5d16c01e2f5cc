// OpenSSH known_hosts: parse, match a host key, and append a newly trusted key.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface KnownHostEntry {
  marker?: string;
  patterns: string[];
  type: string;
  key: Buffer;
}

export type HostKeyStatus = 'match' | 'mismatch' | 'revoked' | 'unknown';

export interface HostKeyInfo {
  /** The known_hosts name: `host` on port 22, `[host]:port` otherwise. */
  name: string;
  type: string;
  /** `SHA256:…` as `ssh-keygen -l` prints it. */
  fingerprint: string;
  status: HostKeyStatus;
  key: Buffer;
}

export function parseKnownHosts(text: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const parts = line.split(/\s+/);
    const marker = parts[0]!.startsWith('@') ? parts.shift() : undefined;
    if (parts.length < 3) continue;
    entries.push({ marker, patterns: parts[0]!.split(','), type: parts[1]!, key: Buffer.from(parts[2]!, 'base64') });
  }
  return entries;
}

export function knownHostName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

export function fingerprintOf(key: Buffer): string {
  return `SHA256:${crypto.createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

function keyTypeOf(key: Buffer): string {
  if (key.length < 4) return 'unknown';
  const n = key.readUInt32BE(0);
  return key.subarray(4, 4 + n).toString();
}

function globMatch(pattern: string, name: string): boolean {
  const re = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${re}$`, 'i').test(name);
}

function patternsMatch(patterns: string[], name: string): boolean {
  let matched = false;
  for (const p of patterns) {
    if (p.startsWith('|1|')) {
      // Hashed entry: |1|base64(salt)|base64(hmac-sha1(salt, name))
      const [, , salt, hash] = p.split('|');
      if (salt && hash && crypto.createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash) matched = true;
      continue;
    }
    if (p.startsWith('!')) {
      if (globMatch(p.slice(1), name)) return false;
    } else if (globMatch(p, name)) matched = true;
  }
  return matched;
}

export function checkHostKey(entries: KnownHostEntry[], host: string, port: number, key: Buffer): HostKeyInfo {
  const name = knownHostName(host, port);
  const type = keyTypeOf(key);
  const mine = entries.filter((e) => patternsMatch(e.patterns, name));
  const base = { name, type, fingerprint: fingerprintOf(key), key };
  if (mine.some((e) => e.marker === '@revoked' && e.key.equals(key))) return { ...base, status: 'revoked' };
  const plain = mine.filter((e) => !e.marker);
  if (plain.some((e) => e.key.equals(key))) return { ...base, status: 'match' };
  if (plain.some((e) => e.type === type)) return { ...base, status: 'mismatch' };
  return { ...base, status: 'unknown' };
}

/** Host-key algorithms ordered so the server presents a type we already know (as OpenSSH does). */
export function preferredHostKeyAlgorithms(entries: KnownHostEntry[], host: string, port: number): string[] {
  const all = ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'];
  const name = knownHostName(host, port);
  const known = new Set(entries.filter((e) => !e.marker && patternsMatch(e.patterns, name)).map((e) => e.type));
  if (known.has('ssh-rsa')) known.add('rsa-sha2-512').add('rsa-sha2-256');
  return [...all.filter((a) => known.has(a)), ...all.filter((a) => !known.has(a))];
}

export function readKnownHosts(file: string): KnownHostEntry[] {
  try {
    return parseKnownHosts(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
}

/** Appends one trusted key (after the researcher accepted its fingerprint). */
export function appendKnownHost(file: string, info: HostKeyInfo): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  let prefix = '';
  try {
    const text = fs.readFileSync(file, 'utf8');
    if (text.length > 0 && !text.endsWith('\n')) prefix = '\n';
  } catch {}
  fs.appendFileSync(file, `${prefix}${info.name} ${info.type} ${info.key.toString('base64')}\n`, { mode: 0o600 });
}
