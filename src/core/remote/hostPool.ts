// One live connection per host, shared by every caller; a dropped one is replaced on the next use.
import { connectHost, type ConnectOptions, type SshConnection } from './connection';
import { resolveHost, type HostSpec, type ResolveOptions } from './hostSpec';

export type HostPoolOptions = ConnectOptions & ResolveOptions;

export class HostPool {
  private readonly live = new Map<string, Promise<SshConnection>>();

  constructor(readonly options: HostPoolOptions = {}) {}

  /** Host text: ssh config alias or user@host:port. */
  resolve(host: string): HostSpec {
    return resolveHost(host, this.options);
  }

  /** The connection for `host`, opened once and reused; concurrent callers share one handshake. */
  async get(host: string): Promise<SshConnection> {
    const key = host.trim();
    const existing = this.live.get(key);
    if (existing) {
      const conn = await existing.catch(() => undefined);
      if (conn && !conn.closed) return conn;
      if (this.live.get(key) === existing) this.live.delete(key);
    }
    const pending = connectHost(this.resolve(key), this.options);
    this.live.set(key, pending);
    try {
      const conn = await pending;
      conn.onClose(() => {
        if (this.live.get(key) === pending) this.live.delete(key);
      });
      return conn;
    } catch (e) {
      if (this.live.get(key) === pending) this.live.delete(key);
      throw e;
    }
  }

  /** Closes the host's connection (if any). */
  async drop(host: string): Promise<void> {
    const pending = this.live.get(host.trim());
    this.live.delete(host.trim());
    (await pending?.catch(() => undefined))?.end();
  }

  async closeAll(): Promise<void> {
    const all = [...this.live.values()];
    this.live.clear();
    for (const p of all) (await p.catch(() => undefined))?.end();
  }
}
