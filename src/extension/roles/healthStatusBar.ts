import * as vscode from 'vscode';
import { ROLES, type EndpointHealth, type Role } from '../../core/llm';
import { describeError } from '../../core/errors';
import { Commands } from '../ids';
import { Disposable } from '../lifecycle';
import type { RoleClients } from './roleClients';

/** What the status bar shows after a check (also what "SEIF: Check Role Endpoints" returns). */
export interface RoleHealthReport {
  /** The status bar text, e.g. "$(pass) SEIF roles 4/4". */
  text: string;
  ok: number;
  total: number;
  /** Each configured role's health, or why it could not be checked (e.g. an invalid setting). */
  roles: Partial<Record<Role, EndpointHealth | string>>;
}

/** One status bar item: how many configured roles answer GET /v1/models with their served name. */
export class RoleHealthStatusBar extends Disposable {
  private readonly item = this._register(vscode.window.createStatusBarItem('seif.roleHealth', vscode.StatusBarAlignment.Left, 50));
  private generation = 0;
  last: RoleHealthReport = { text: '', ok: 0, total: 0, roles: {} };

  constructor(private readonly clients: RoleClients) {
    super();
    this.item.name = 'SEIF role endpoints';
    this.item.command = Commands.checkRoleHealth;
    this._register(vscode.commands.registerCommand(Commands.checkRoleHealth, () => this.check()));
    this._register(clients.onDidChange(() => void this.check()));
    void this.check();
  }

  async check(): Promise<RoleHealthReport> {
    const generation = ++this.generation;
    const configured = ROLES.filter((r) => this.clients.configured(r));
    if (configured.length === 0) {
      this.item.text = '$(circle-slash) SEIF roles';
      this.item.tooltip = 'No role endpoint is set: configure seif.roles.<role>.baseUrl or seif.localModel.path. Click to check again.';
      this.item.backgroundColor = undefined;
      this.item.show();
      this.last = { text: this.item.text, ok: 0, total: 0, roles: {} };
      return this.last;
    }
    this.item.text = '$(sync~spin) SEIF roles';
    const results = await Promise.all(configured.map(async (r) => [r, await this.clients.health(r).catch((e: unknown) => describeError(e))] as const));
    const ok = results.filter(([, h]) => typeof h !== 'string' && h.ok).length;
    const report: RoleHealthReport = { text: `${ok === results.length ? '$(pass)' : '$(error)'} SEIF roles ${ok}/${results.length}`, ok, total: results.length, roles: Object.fromEntries(results) };
    // A slower, older check (settings changed meanwhile) must not overwrite a newer one.
    if (generation !== this.generation) return report;
    this.item.text = report.text;
    const md = new vscode.MarkdownString(results.map(([r, h]) => `${typeof h !== 'string' && h.ok ? '$(pass)' : '$(error)'} **${r}** — ${typeof h === 'string' ? h : h.message}`).join('\n\n'), true);
    md.appendMarkdown('\n\nClick to check again.');
    this.item.tooltip = md;
    this.item.backgroundColor = ok === results.length ? undefined : new vscode.ThemeColor('statusBarItem.errorBackground');
    this.item.show();
    this.last = report;
    return report;
  }
}
