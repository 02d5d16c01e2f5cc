// One SSH connection (ssh2): host-key check against known_hosts, agent/key auth, jump hosts, exec, SFTP.
import fs from 'node:fs';
import { Client, utils, type ClientChannel, type ConnectConfig, type SFTPWrapper } from 'ssh2';
import { SeifError } from '../errors';
import type { HostSpec } from './hostSpec';
import { shQuote } from './shell';
import { appendKnownHost, checkHostKey, preferredHostKeyAlgorithms, readKnownHosts, type HostKeyInfo } from './knownHosts';

export interface ConnectOptions {
  /** Decides about a host whose key is not in known_hosts (show the fingerprint, ask). Default: refuse. Accepted keys are appended. */
  onUnknownHost?: (info: HostKeyInfo, spec: HostSpec) => boolean | Promise<boolean>;
  /** Passphrase for an encrypted key file (from SecretStorage or a prompt); undefined skips that key. */
  passphrase?: (keyFile: string) => string | undefined | Promise<string | undefined>;
  /** ssh-agent socket; default $SSH_AUTH_SOCK; false disables the agent. */
  agent?: string | false;
  readyTimeoutMs?: number;
  keepaliveIntervalMs?: number;
  keepaliveCountMax?: number;
}

export interface ExecResult {
  code: number;
  signal?: string;
  stdout: string;
  stderr: string;
}

export interface ExecOptions {
  stdin?: string | Buffer;
  timeoutMs?: number;
}

function where(spec: HostSpec): string {
  return `${spec.user}@${spec.host}:${spec.port}`;
}

/** A live connection; `closed` turns true when the transport drops (reconnect through the HostPool). */
export class SshConnection {
  closed = false;
  lastError?: Error;
  private sftpSession?: Promise<SFTPWrapper>;
  private readonly closeListeners = new Set<() => void>();

  constructor(
    readonly spec: HostSpec,
    readonly client: Client,
    private readonly hop?: SshConnection,
  ) {
    // ssh2 may emit several 'error' events for one failure; an unhandled one would crash the process.
    client.on('error', (e) => {
      this.lastError = e;
    });
    client.on('close', () => this.markClosed());
    client.on('end', () => this.markClosed());
  }

  /** Marks the transport dead (once): the pool opens a new connection on next use. */
  markClosed(): void {
    if (this.closed) return;
    this.closed = true;
    this.sftpSession = undefined;
    this.hop?.end();
    for (const l of this.closeListeners) l();
  }

  onClose(listener: () => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  end(): void {
    if (!this.closed) this.client.end();
  }

  /** Breaks the transport as a network drop would (tests, benchmarks). */
  destroyTransport(): void {
    const sock = (this.client as unknown as { _sock?: { destroy(): void } })._sock;
    sock?.destroy();
    this.hop?.destroyTransport();
  }

  /** Ends a connection that no longer answers (called by callers that saw it fail). */
  invalidate(): void {
    this.markClosed();
    try {
      this.client.end();
    } catch {}
  }

  private lost(what: string): SeifError {
    return new SeifError(`connection to ${this.spec.label} (${where(this.spec)}) lost while ${what}${this.lastError ? `: ${this.lastError.message}` : ''}`);
  }

  /** Opens a channel for `command` (interpreted by the remote login shell); `attach` runs synchronously in
   * ssh2's callback, before any further packet is parsed (events emitted later would otherwise be missed). */
  channel(command: string, attach?: (stream: ClientChannel) => void): Promise<ClientChannel> {
    if (this.closed) return Promise.reject(this.lost('opening a channel'));
    return new Promise((resolve, reject) => {
      try {
        this.client.exec(command, (err, stream) => {
          if (!err) {
            attach?.(stream);
            return resolve(stream);
          }
          // "Not connected" / "No response from server": the transport is gone even if ssh2 did not say so yet.
          if (/not connected|no response/i.test(err.message)) this.markClosed();
          reject(new SeifError(`${this.spec.label}: cannot run a command: ${err.message}`));
        });
      } catch (e) {
        this.markClosed();
        reject(this.lost(`opening a channel (${(e as Error).message})`));
      }
    });
  }

  async exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let code: number | undefined;
    let signal: string | undefined;
    let closed!: () => void;
    const done = new Promise<void>((r) => (closed = r));
    let timer: NodeJS.Timeout | undefined;
    // Listeners go on inside ssh2's callback: a short command's exit status can arrive in the same packet
    // batch as the channel confirmation, and an 'exit' emitted before a listener exists is lost.
    const stream = await this.channel(command, (s) => {
      s.on('data', (d: Buffer) => out.push(d));
      s.stderr.on('data', (d: Buffer) => err.push(d));
      s.on('exit', (c: number | null, sig?: string) => {
        if (c !== null) code = c;
        signal = sig ?? undefined;
      });
      s.on('close', () => closed());
    });
    if (options.timeoutMs) timer = setTimeout(() => stream.close(), options.timeoutMs);
    if (options.stdin !== undefined) stream.end(options.stdin);
    else stream.end();
    await done;
    if (timer) clearTimeout(timer);
    if (code === undefined && signal === undefined) throw this.lost('running a command');
    return { code: code ?? 128, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
  }

  sftp(): Promise<SFTPWrapper> {
    if (this.closed) return Promise.reject(this.lost('opening SFTP'));
    this.sftpSession ??= new Promise<SFTPWrapper>((resolve, reject) => {
      this.client.sftp((err, s) => {
        if (err) {
          this.sftpSession = undefined;
          // A login script that prints text corrupts the SFTP stream: say so.
          return reject(new SeifError(`${this.spec.label}: SFTP unavailable (${err.message}); if the remote ~/.bashrc prints text, make it quiet for non-interactive shells`));
        }
        s.on('close', () => (this.sftpSession = undefined));
        resolve(s);
      });
    });
    return this.sftpSession;
  }

  /** Writes a remote file (relative paths are relative to the remote $HOME). */
  async writeFile(remotePath: string, data: string | Buffer, mode = 0o644): Promise<void> {
    const sftp = await this.sftp();
    await new Promise<void>((resolve, reject) =>
      sftp.writeFile(remotePath, data, { mode }, (e) => (e ? reject(sftpError(this.spec, 'write', remotePath, e)) : resolve())),
    );
  }

  async readFile(remotePath: string): Promise<Buffer | undefined> {
    const sftp = await this.sftp();
    return new Promise((resolve, reject) =>
      sftp.readFile(remotePath, (e: Error | undefined, data: Buffer) => {
        if (e && (e as { code?: number }).code === 2) return resolve(undefined);
        if (e) return reject(sftpError(this.spec, 'read', remotePath, e));
        resolve(data);
      }),
    );
  }

  /** Uploads a local file (fastPut); a full remote disk surfaces as a clear error, never as SFTP's bare "Failure". */
  async upload(localPath: string, remotePath: string): Promise<void> {
    const sftp = await this.sftp();
    const failure = await new Promise<Error | undefined>((resolve) => sftp.fastPut(localPath, remotePath, (e) => resolve(e ?? undefined)));
    if (!failure) return;
    const diskFull = (failure as { code?: number }).code === 4 && (await this.freeKiB(remotePath.replace(/\/[^/]*$/, '') || '.')) < Math.ceil(fs.statSync(localPath).size / 1024);
    // Leave no partial file behind: the host's state stays as it was.
    await new Promise<void>((resolve) => sftp.unlink(remotePath, () => resolve()));
    throw sftpError(this.spec, 'upload to', remotePath, failure, diskFull);
  }

  /** Free KiB on the file system holding `dir` (Infinity when unknown). */
  async freeKiB(dir: string): Promise<number> {
    const r = await this.exec(`df -Pk -- ${shQuote(dir)} | tail -n 1`).catch(() => undefined);
    const free = Number(r?.stdout.trim().split(/\s+/)[3]);
    return Number.isFinite(free) ? free : Infinity;
  }

  async download(remotePath: string, localPath: string): Promise<void> {
    const sftp = await this.sftp();
    await new Promise<void>((resolve, reject) =>
      sftp.fastGet(remotePath, localPath, (e) => (e ? reject(sftpError(this.spec, 'download', remotePath, e)) : resolve())),
    );
  }

  async mkdirp(dir: string): Promise<void> {
    const sftp = await this.sftp();
    let cur = dir.startsWith('/') ? '' : '.';
    for (const part of dir.split('/').filter(Boolean)) {
      cur = `${cur}/${part}`.replace(/^\.\//, '');
      await new Promise<void>((resolve, reject) =>
        sftp.mkdir(cur, (e) => {
          if (!e) return resolve();
          sftp.stat(cur, (e2, st) => (!e2 && st.isDirectory() ? resolve() : reject(sftpError(this.spec, 'create folder', cur, e))));
        }),
      );
    }
  }

  /** Bytes of a remote file from `offset` (at most `max`), without a shell. */
  async readFrom(remotePath: string, offset: number, max = 1 << 20): Promise<{ data: Buffer; size: number }> {
    const sftp = await this.sftp();
    const handle = await new Promise<Buffer>((resolve, reject) =>
      sftp.open(remotePath, 'r', (e, h) => (e ? reject(sftpError(this.spec, 'open', remotePath, e)) : resolve(h))),
    );
    try {
      const size = await new Promise<number>((resolve, reject) => sftp.fstat(handle, (e, st) => (e ? reject(e) : resolve(st.size))));
      const want = Math.max(0, Math.min(max, size - offset));
      const buf = Buffer.alloc(want);
      let got = 0;
      while (got < want) {
        const n = await new Promise<number>((resolve, reject) =>
          sftp.read(handle, buf, got, want - got, offset + got, (e, nb) => (e ? reject(e) : resolve(nb))),
        );
        if (!n) break;
        got += n;
      }
      return { data: buf.subarray(0, got), size };
    } finally {
      sftp.close(handle, () => {});
    }
  }
}

function sftpError(spec: HostSpec, verb: string, remotePath: string, e: Error, diskFull = false): SeifError {
  const code = (e as { code?: number }).code;
  const why = diskFull || /No space left|quota/i.test(e.message)
    ? 'the remote disk is full (no space left on device)'
    : code === 3
      ? 'permission denied'
      : code === 2
        ? 'no such file or folder'
        : e.message;
  return new SeifError(`cannot ${verb} ${remotePath} on ${spec.label}: ${why}`, remotePath, spec.label, { cause: e });
}

async function loadKeys(spec: HostSpec, options: ConnectOptions): Promise<{ file: string; key: Buffer; passphrase?: string }[]> {
  const keys: { file: string; key: Buffer; passphrase?: string }[] = [];
  for (const file of spec.identityFiles) {
    let key: Buffer;
    try {
      key = fs.readFileSync(file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw new SeifError(`cannot read private key: ${(e as Error).message}`, file);
    }
    const parsed = utils.parseKey(key);
    if (parsed instanceof Error && /encrypted|passphrase/i.test(parsed.message)) {
      const passphrase = await options.passphrase?.(file);
      if (passphrase === undefined) continue;
      const again = utils.parseKey(key, passphrase);
      if (again instanceof Error) throw new SeifError(`wrong passphrase for private key (${again.message})`, file);
      keys.push({ file, key, passphrase });
    } else if (parsed instanceof Error) {
      throw new SeifError(`not a usable private key: ${parsed.message}`, file);
    } else keys.push({ file, key });
  }
  return keys;
}

function describeConnectError(spec: HostSpec, e: Error & { code?: string; level?: string }, tried: string[], timeoutMs: number): SeifError {
  const at = `${spec.label} (${where(spec)})`;
  let msg: string;
  if (e.code === 'ECONNREFUSED') msg = `cannot reach ${at}: connection refused — is sshd running there and is the port right?`;
  else if (e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN') msg = `cannot reach ${at}: host name ${spec.host} does not resolve`;
  else if (e.code === 'EHOSTUNREACH' || e.code === 'ENETUNREACH' || e.code === 'ETIMEDOUT') msg = `cannot reach ${at}: ${e.code} (network unreachable)`;
  else if (/Timed out while waiting for handshake/i.test(e.message)) msg = `cannot reach ${at}: no SSH handshake within ${Math.round(timeoutMs / 1000)} s (host down, firewall, or not an SSH server)`;
  else if (e.level === 'client-authentication' || /authentication methods failed/i.test(e.message))
    msg = `authentication failed for ${at}: the server accepted none of ${tried.length ? tried.join(', ') : 'no credentials (no agent, no key file)'}`;
  else msg = `SSH connection to ${at} failed: ${e.message}`;
  return new SeifError(msg, undefined, undefined, { cause: e });
}

/** Connects (through the jump host chain when configured). The promise settles once, whatever ssh2 emits. */
export async function connectHost(spec: HostSpec, options: ConnectOptions = {}): Promise<SshConnection> {
  let hop: SshConnection | undefined;
  let sock: ClientChannel | undefined;
  if (spec.jump) {
    hop = await connectHost(spec.jump, options).catch((e: unknown) => {
      throw new SeifError(`jump host ${spec.jump!.label} for ${spec.label}: ${(e as Error).message}`, undefined, undefined, { cause: e });
    });
    sock = await new Promise<ClientChannel>((resolve, reject) =>
      hop!.client.forwardOut('127.0.0.1', 0, spec.host, spec.port, (e, s) =>
        e ? reject(new SeifError(`jump host ${spec.jump!.label} cannot open a tunnel to ${where(spec)}: ${e.message}`)) : resolve(s),
      ),
    ).catch((e: unknown) => {
      hop!.end();
      throw e;
    });
    // The tunnel may report an error when either end goes away; ssh2's client sees the close anyway.
    sock.on('error', () => {});
  }
  const keys = await loadKeys(spec, options);
  const agent = options.agent === false ? undefined : (options.agent ?? process.env.SSH_AUTH_SOCK);
  const tried = [...(agent ? ['the ssh-agent keys'] : []), ...keys.map((k) => `key ${k.file}`)];
  const authHandler = [
    ...(agent ? [{ type: 'agent' as const, username: spec.user, agent }] : []),
    ...keys.map((k) => ({ type: 'publickey' as const, username: spec.user, key: k.key, passphrase: k.passphrase })),
  ];
  const entries = readKnownHosts(spec.knownHostsFile);
  const readyTimeout = options.readyTimeoutMs ?? 15000;
  let verdict: HostKeyInfo | undefined;
  let refusedUnknown = false;
  const client = new Client();
  try {
    await new Promise<void>((resolve, reject) => {
      let settled = false;
      const settle = (e?: Error) => {
        if (settled) return;
        settled = true;
        if (e) reject(e);
        else resolve();
      };
      client.on('error', (e) => settle(e));
      client.on('close', () => settle(new Error('connection closed during the handshake')));
      client.once('ready', () => settle());
      const config: ConnectConfig = {
        host: spec.host,
        port: spec.port,
        username: spec.user,
        sock,
        readyTimeout,
        keepaliveInterval: options.keepaliveIntervalMs ?? 15000,
        keepaliveCountMax: options.keepaliveCountMax ?? 3,
        authHandler,
        algorithms: { serverHostKey: preferredHostKeyAlgorithms(entries, spec.host, spec.port) as never },
        // Callback form (never an async function: ssh2 would take its Promise as "accept").
        hostVerifier: (key: Buffer, verify: (ok: boolean) => void) => {
          verdict = checkHostKey(entries, spec.host, spec.port, key);
          if (verdict.status === 'match') return verify(true);
          if (verdict.status !== 'unknown' || !options.onUnknownHost) {
            refusedUnknown = verdict.status === 'unknown';
            return verify(false);
          }
          const info = verdict;
          Promise.resolve(options.onUnknownHost(info, spec)).then(
            (ok) => {
              if (ok === true) appendKnownHost(spec.knownHostsFile, info);
              else refusedUnknown = true;
              verify(ok === true);
            },
            () => {
              refusedUnknown = true;
              verify(false);
            },
          );
        },
      };
      client.connect(config);
      // Nagle's algorithm adds ~40 ms of delayed-ACK stall to every small exec.
      if (!sock) client.setNoDelay(true);
    });
  } catch (e) {
    client.end();
    hop?.end();
    if (verdict?.status === 'mismatch' || verdict?.status === 'revoked') {
      throw new SeifError(
        `HOST KEY CHANGED for ${verdict.name}: the server now presents ${verdict.type} ${verdict.fingerprint}, which does not match known_hosts. ` +
          `Refusing to connect (possible man-in-the-middle). If the host was really reinstalled, remove the old key with: ssh-keygen -R '${verdict.name}'`,
        spec.knownHostsFile,
        verdict.name,
      );
    }
    if (refusedUnknown && verdict) {
      throw new SeifError(
        `host ${verdict.name} is not in known_hosts and was not trusted (its ${verdict.type} key fingerprint is ${verdict.fingerprint})`,
        spec.knownHostsFile,
        verdict.name,
      );
    }
    throw describeConnectError(spec, e as Error, tried, readyTimeout);
  }
  return new SshConnection(spec, client, hop);
}
