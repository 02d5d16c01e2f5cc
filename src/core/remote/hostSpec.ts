// Host names as researchers write them: an ~/.ssh/config alias, or user@host:port.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SSHConfig from 'ssh-config';
import { SeifError } from '../errors';

export interface HostSpec {
  /** What the researcher typed (alias or user@host:port); used in messages and as the pool key. */
  label: string;
  host: string;
  port: number;
  user: string;
  /** Private key files to try, in order (after the agent). */
  identityFiles: string[];
  /** Only the listed identity files, never default keys (IdentitiesOnly). */
  identitiesOnly: boolean;
  knownHostsFile: string;
  /** ProxyJump hop, itself possibly behind another hop. */
  jump?: HostSpec;
}

export interface ResolveOptions {
  /** ssh config file (`remote.SSH.configFile`); default ~/.ssh/config. */
  configFile?: string;
  home?: string;
  localUser?: string;
}

const DIRECT = /^(?:([^@\s:]+)@)?(\[[^\]]+\]|[^@\s:[\]]+)(?::(\d{1,5}))?$/;

function defaultConfigFile(home: string): string {
  return path.join(home, '.ssh', 'config');
}

/** Reads the config with `Include` lines inlined (ssh-config does not follow them). */
function readConfigText(file: string, home: string, depth = 0): string {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw new SeifError(`cannot read ssh config: ${(e as Error).message}`, file);
  }
  if (depth > 8) throw new SeifError('ssh config Include nesting deeper than 8 levels', file);
  return text
    .split(/\r?\n/)
    .map((line) => {
      const m = /^\s*Include\s+(.+)$/i.exec(line);
      if (!m) return line;
      return m[1]!
        .trim()
        .split(/\s+/)
        .flatMap((pattern) => expandIncludeGlob(expandTilde(pattern, home), path.join(home, '.ssh')))
        .map((f) => readConfigText(f, home, depth + 1))
        .join('\n');
    })
    .join('\n');
}

function expandIncludeGlob(pattern: string, base: string): string[] {
  const abs = path.isAbsolute(pattern) ? pattern : path.join(base, pattern);
  const dir = path.dirname(abs);
  const name = path.basename(abs);
  if (!/[*?]/.test(name)) return fs.existsSync(abs) ? [abs] : [];
  const re = new RegExp(`^${name.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  try {
    return fs.readdirSync(dir).filter((f) => re.test(f)).sort().map((f) => path.join(dir, f));
  } catch {
    return [];
  }
}

function expandTilde(p: string, home: string): string {
  return p === '~' ? home : p.startsWith('~/') ? path.join(home, p.slice(2)) : p;
}

function expandTokens(p: string, ctx: { home: string; host: string; user: string; port: number; localUser: string }): string {
  return expandTilde(p, ctx.home).replace(/%([%dhpru])/g, (_m, t: string) =>
    t === '%' ? '%' : t === 'd' ? ctx.home : t === 'h' ? ctx.host : t === 'p' ? String(ctx.port) : t === 'r' ? ctx.user : ctx.localUser,
  );
}

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function all(v: string | string[] | undefined): string[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** Resolves an alias from the ssh config, or parses user@host:port (explicit parts win over the config). */
export function resolveHost(text: string, options: ResolveOptions = {}, depth = 0): HostSpec {
  const home = options.home ?? os.homedir();
  const localUser = options.localUser ?? os.userInfo().username;
  const configFile = options.configFile ?? defaultConfigFile(home);
  const m = DIRECT.exec(text.trim());
  if (!m) throw new SeifError(`host ${JSON.stringify(text)} is neither an ssh config alias nor user@host:port`);
  if (depth > 5) throw new SeifError(`ProxyJump chain for ${text} is longer than 5 hops (a loop?)`, configFile);
  const name = m[2]!.replace(/^\[|\]$/g, '');
  const computed = SSHConfig.parse(readConfigText(configFile, home)).compute(name) as Record<string, string | string[]>;
  const host = first(computed.HostName) ?? name;
  const port = Number(m[3] ?? first(computed.Port) ?? 22);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new SeifError(`port of host ${text} is not 1–65535`);
  const user = m[1] ?? first(computed.User) ?? localUser;
  const ctx = { home, host, user, port, localUser };
  const configured = all(computed.IdentityFile).map((f) => expandTokens(f, ctx));
  const identitiesOnly = (first(computed.IdentitiesOnly) ?? '').toLowerCase() === 'yes';
  const defaults = ['id_ed25519', 'id_ecdsa', 'id_rsa'].map((f) => path.join(home, '.ssh', f)).filter((f) => fs.existsSync(f));
  const identityFiles = [...configured, ...(identitiesOnly && configured.length ? [] : defaults.filter((d) => !configured.includes(d)))];
  const knownHostsFile = expandTokens(first(computed.UserKnownHostsFile)?.split(/\s+/)[0] ?? '~/.ssh/known_hosts', ctx);
  const proxy = first(computed.ProxyJump);
  let jump: HostSpec | undefined;
  if (proxy && proxy.toLowerCase() !== 'none') {
    // "a,b": reach b through a, then the target through b.
    for (const hop of proxy.split(',').map((s) => s.trim()).filter(Boolean)) {
      const next = resolveHost(hop, options, depth + 1);
      jump = jump ? { ...next, jump } : next;
    }
  }
  return { label: text.trim(), host, port, user, identityFiles, identitiesOnly, knownHostsFile, jump };
}

/** Host aliases a researcher can pick (no wildcards), in config order. */
export function listConfigHosts(options: ResolveOptions = {}): string[] {
  const home = options.home ?? os.homedir();
  const text = readConfigText(options.configFile ?? defaultConfigFile(home), home);
  const hosts: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*Host\s+(.+)$/i.exec(line);
    if (!m) continue;
    for (const h of m[1]!.trim().split(/\s+/)) if (!/[*?!]/.test(h) && !hosts.includes(h)) hosts.push(h);
  }
  return hosts;
}
