import * as vscode from 'vscode';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { createLlmClient, LlmError, parseRoleEndpoint, workspaceLlmPaths, type EndpointHealth, type LlmClient, type Role, type RoleEndpoint } from '../../core/llm';
import { startLocalEndpoint, type LocalEndpoint } from '../../core/local-model';
import { SeifError } from '../../core/errors';
import { Disposable } from '../lifecycle';
import { affectsRoles, roleSource, secretKey, type RoleSource } from './settings';

/**
 * One LLM client per role, built from settings + SecretStorage, rebuilt when either changes. Roles
 * without a base URL use the local GGUF model when one is set (started once, on first use).
 */
export class RoleClients extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;
  /** Keyed by the role's settings, so a client never outlives the settings it was built from. */
  private readonly clients = new Map<Role, { key: string; client: Promise<LlmClient> }>();
  private local?: { key: string; endpoint: Promise<LocalEndpoint> };

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly workspaceRoot: () => string | undefined,
    private readonly log: vscode.OutputChannel,
  ) {
    super();
    this._register(vscode.workspace.onDidChangeConfiguration((e) => affectsRoles(e) && this.reset()));
    this._register(secrets.onDidChange((e) => e.key.startsWith('seif.apiKey.') && this.reset()));
    this._register({ dispose: () => void this.stopLocal() });
  }

  configured(role: Role): boolean {
    return roleSource(role).kind !== 'none';
  }

  /** The role's endpoint, validated; throws a SeifError saying which setting to fix. */
  async endpoint(role: Role): Promise<RoleEndpoint> {
    const source = roleSource(role);
    return this.endpointOf(role, source, source.kind === 'remote' ? await this.secrets.get(secretKey(role)) : undefined);
  }

  private async endpointOf(role: Role, source: RoleSource, apiKey: string | undefined): Promise<RoleEndpoint> {
    if (source.kind === 'none') {
      throw new SeifError(`the ${role} role has no endpoint: set "seif.roles.${role}.baseUrl" (an OpenAI-compatible server) or "seif.localModel.path" (a GGUF file)`);
    }
    if (source.kind === 'remote') return parseRoleEndpoint(role, { ...source.endpoint, ...(apiKey && { apiKey }) }, 'settings');
    const local = await this.startLocal(source.ggufPath, source.threads);
    return parseRoleEndpoint(role, { baseUrl: local.baseUrl, model: local.model, concurrency: 1, timeoutMs: 600_000, retries: 1 });
  }

  async client(role: Role): Promise<LlmClient> {
    // Settings and key are read again on every call: a change may reach this call before its event
    // does, and a client built from old settings or an old key must not answer it.
    const source = roleSource(role);
    const apiKey = source.kind === 'remote' ? await this.secrets.get(secretKey(role)) : undefined;
    const key = JSON.stringify([source, apiKey ? createHash('sha256').update(apiKey).digest('hex') : '']);
    const cached = this.clients.get(role);
    if (cached?.key === key) return cached.client;
    if (cached) void cached.client.then((x) => x.close(), () => {});
    const entry = { key, client: this.endpointOf(role, source, apiKey).then((endpoint) => createLlmClient(endpoint, { role, ...this.paths() })) };
    entry.client.catch(() => this.clients.get(role) === entry && this.clients.delete(role));
    this.clients.set(role, entry);
    return entry.client;
  }

  async health(role: Role, signal?: AbortSignal): Promise<EndpointHealth> {
    return (await this.client(role)).health(signal);
  }

  /**
   * The role's client after a fresh health check (GET /v1/models now, not the client's first answer):
   * a batch never starts against an endpoint that went away since it was last used.
   */
  async healthyClient(role: Role, signal?: AbortSignal): Promise<LlmClient> {
    const client = await this.client(role);
    const h = await client.health(signal);
    if (!h.ok) throw new LlmError(role, client.endpoint, h.kind ?? 'unreachable', h.message.slice(client.describe.length + 2));
    return client;
  }

  private paths(): { cacheDir?: string; recordFile?: string } {
    const root = this.workspaceRoot();
    return root ? workspaceLlmPaths(root) : {};
  }

  private startLocal(ggufPath: string, threads?: number): Promise<LocalEndpoint> {
    const root = this.workspaceRoot();
    const file = root ? path.resolve(root, ggufPath) : ggufPath;
    const key = `${file}|${threads ?? ''}`;
    if (this.local?.key !== key) {
      void this.stopLocal();
      const endpoint = vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: `SEIF: starting the local model ${path.basename(file)}` },
        () => startLocalEndpoint({ ggufPath: file, ...(threads && { threads }), log: (l) => this.log.appendLine(`[local-model] ${l}`) }),
      );
      this.local = { key, endpoint: Promise.resolve(endpoint) };
      this.local.endpoint.then(
        (e) => this.log.appendLine(`[local-model] serving ${e.model} at ${e.baseUrl}`),
        (e: unknown) => {
          this.log.appendLine(`[local-model] failed: ${e instanceof Error ? e.message : String(e)}`);
          this.local = undefined;
        },
      );
    }
    return this.local.endpoint;
  }

  private async stopLocal(): Promise<void> {
    const local = this.local;
    this.local = undefined;
    if (local) await (await local.endpoint.catch(() => undefined))?.stop();
  }

  private reset(): void {
    for (const c of this.clients.values()) void c.client.then((x) => x.close(), () => {});
    this.clients.clear();
    this.changed.fire();
  }
}
