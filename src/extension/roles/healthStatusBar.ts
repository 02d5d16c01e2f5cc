import * as vscode from 'vscode';
import { ROLES, type EndpointHealth, type Role } from '../../core/llm';
import { describeError } from '../../core/errors';
import { Commands } from '../ids';
import { Disposable } from '../lifecycle';
import type { RoleClients } from './roleClients';

/** One status bar item: how many configured roles answer GET /v1/models with their served name. */
export class RoleHealthStatusBar extends Disposable {
  private readonly item = this._register(vscode.window.createStatusBarItem('seif.roleHealth', vscode.StatusBarAlignment.Left, 50));
  last: Partial<Record<Role, EndpointHealth | string>> = {};

  constructor(private readonly clients: RoleClients) {
    super();
    this.item.name = 'SEIF role endpoints';
    this.item.command = Commands.checkRoleHealth;
    this._register(vscode.commands.registerCommand(Commands.checkRoleHealth, () => this.check()));
    this._register(clients.onDidChange(() => void this.check()));
    void this.check();
  }

  async check(): Promise<Partial<Record<Role, EndpointHealth | string>>> {
    const configured = ROLES.filter((r) => this.clients.configured(r));
    if (configured.length === 0) {
      this.item.text = '$(circle-slash) SEIF roles';
      this.item.tooltip = 'No role endpoint is set: configure seif.roles.<role>.baseUrl or seif.localModel.path. Click to check again.';
      this.item.show();
      this.last = {};
      return this.last;
    }
    this.item.text = '$(sync~spin) SEIF roles';
    const results = await Promise.all(configured.map(async (r) => [r, await this.clients.health(r).catch((e: unknown) => describeError(e))] as const));
    this.last = Object.fromEntries(results);
    const ok = results.filter(([, h]) => typeof h !== 'string' && h.ok).length;
    this.item.text = `${ok === results.length ? '$(pass)' : '$(error)'} SEIF roles ${ok}/${results.length}`;
    const md = new vscode.MarkdownString(results.map(([r, h]) => `${typeof h !== 'string' && h.ok ? '$(pass)' : '$(error)'} **${r}** — ${typeof h === 'string' ? h : h.message}`).join('\n\n'), true);
    md.appendMarkdown('\n\nClick to check again.');
    this.item.tooltip = md;
    this.item.backgroundColor = ok === results.length ? undefined : new vscode.ThemeColor('statusBarItem.errorBackground');
    this.item.show();
    return this.last;
  }
}
