import * as vscode from 'vscode';
import { ROLES, type Role, type RoleEndpointInput } from '../../core/llm';

/** SEIF's served names, the defaults a researcher with SEIF's vLLM scripts expects. */
export const DEFAULT_MODELS: Record<Role, string> = { instructor: 'if-verifer', filter: 'if-filter', follower: 'if-answer', judge: 'if-judge' };

export const ROLE_SETTINGS = 'seif.roles';
export const LOCAL_MODEL_SETTINGS = 'seif.localModel';

/** SecretStorage key of a role's API key: keys never go to settings or logs. */
export function secretKey(role: Role): string {
  return `seif.apiKey.${role}`;
}

export type RoleSource = { kind: 'remote'; endpoint: RoleEndpointInput } | { kind: 'local'; ggufPath: string; threads?: number } | { kind: 'none' };

/** Where a role's model lives: its own base URL, else the local GGUF model, else nowhere. */
export function roleSource(role: Role): RoleSource {
  const cfg = vscode.workspace.getConfiguration(ROLE_SETTINGS);
  const baseUrl = cfg.get<string>(`${role}.baseUrl`, '').trim();
  const common = {
    timeoutMs: cfg.get<number>(`${role}.timeoutMs`, 120_000),
    concurrency: cfg.get<number>(`${role}.concurrency`, 8),
    retries: cfg.get<number>(`${role}.retries`, 3),
  };
  if (baseUrl) return { kind: 'remote', endpoint: { baseUrl, model: cfg.get<string>(`${role}.model`, DEFAULT_MODELS[role]).trim(), ...common } };
  const local = vscode.workspace.getConfiguration(LOCAL_MODEL_SETTINGS);
  const ggufPath = local.get<string>('path', '').trim();
  if (ggufPath) {
    const threads = local.get<number>('threads', 0);
    return { kind: 'local', ggufPath, ...(threads > 0 && { threads }) };
  }
  return { kind: 'none' };
}

export function affectsRoles(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(ROLE_SETTINGS) || e.affectsConfiguration(LOCAL_MODEL_SETTINGS);
}

export { ROLES };
