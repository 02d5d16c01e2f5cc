// Hosts in the editor: one HostPool (one connection per host, reused) built from the ssh config the
// researcher uses (seif.remote.sshConfigFile, else Remote-SSH's remote.SSH.configFile, else ~/.ssh/config);
// an unknown host key is shown with its fingerprint and asked about (modal); key passphrases live only in
// SecretStorage.
import * as vscode from 'vscode';
import os from 'node:os';
import path from 'node:path';
import { HostPool, listConfigHosts, type HostKeyInfo, type HostSpec } from '../../core/remote/index';
import { Disposable } from '../lifecycle';
import type { RemotePrompts } from './prompts';

/** Answers a test (or a script) can give in place of the dialogs. */
export interface HostAnswers {
  /** Trust an unknown host key: true, or exactly this `SHA256:…` fingerprint. */
  trustHost?: boolean | string;
}

const passphraseKey = (file: string) => `seif.sshPassphrase.${file}`;

function expandHome(p: string): string {
  return p === '~' ? os.homedir() : p.startsWith('~/') ? path.join(os.homedir(), p.slice(2)) : p;
}

export function sshConfigFile(): string | undefined {
  const own = vscode.workspace.getConfiguration('seif').get<string>('remote.sshConfigFile', '').trim();
  const remoteSsh = vscode.workspace.getConfiguration('remote.SSH').get<string>('configFile', '')?.trim();
  const file = own || remoteSsh;
  return file ? expandHome(file) : undefined;
}

export class Hosts extends Disposable {
  private current: HostPool | undefined;
  private currentFile: string | undefined;
  /** Answers of the command being run (set for the duration of one connection attempt). */
  private answers: HostAnswers = {};

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly log: vscode.OutputChannel,
    private readonly prompts: RemotePrompts,
  ) {
    super();
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('seif.remote.sshConfigFile') || e.affectsConfiguration('remote.SSH.configFile')) void this.reset();
      }),
    );
    this._register({ dispose: () => void this.current?.closeAll() });
  }

  get pool(): HostPool {
    const file = sshConfigFile();
    if (!this.current || file !== this.currentFile) {
      void this.current?.closeAll();
      this.currentFile = file;
      this.current = new HostPool({
        ...(file ? { configFile: file } : {}),
        onUnknownHost: (info, spec) => this.askUnknownHost(info, spec),
        passphrase: (keyFile) => this.passphrase(keyFile),
      });
    }
    return this.current;
  }

  async reset(): Promise<void> {
    const old = this.current;
    this.current = undefined;
    await old?.closeAll();
  }

  /** Connects with the command's answers in force (so a test can trust a fingerprint without a dialog). */
  async connect(host: string, answers: HostAnswers = {}) {
    const saved = this.answers;
    this.answers = answers;
    try {
      return await this.pool.get(host);
    } catch (e) {
      // A refused passphrase is not kept: the next attempt asks again.
      const file = (e as { file?: string }).file;
      if (file && /wrong passphrase/.test((e as Error).message)) await this.forgetPassphrase(file);
      throw e;
    } finally {
      this.answers = saved;
    }
  }

  configHosts(): string[] {
    const file = sshConfigFile();
    try {
      return listConfigHosts(file ? { configFile: file } : {});
    } catch (e) {
      this.log.appendLine(`[remote] cannot list ssh config hosts: ${(e as Error).message}`);
      return [];
    }
  }

  /** Quick pick of the ssh config's hosts, or a typed user@host:port. */
  async pickHost(placeHolder = 'Host to use (ssh config alias or user@host:port)'): Promise<string | undefined> {
    const typed = '$(add) Other host… (user@host:port)';
    const picked = await this.prompts.pick([...this.configHosts(), typed], { placeHolder, ignoreFocusOut: true });
    if (!picked) return undefined;
    if (picked !== typed) return picked;
    const text = await this.prompts.input({
      prompt: 'user@host:port (or an ssh config alias)',
      ignoreFocusOut: true,
      validateInput: (v) => (/^(?:[^@\s:]+@)?(?:\[[^\]]+\]|[^@\s:[\]]+)(?::\d{1,5})?$/.test(v.trim()) ? undefined : 'expected user@host:port'),
    });
    return text?.trim() || undefined;
  }

  private async askUnknownHost(info: HostKeyInfo, spec: HostSpec): Promise<boolean> {
    const answer = this.answers.trustHost;
    if (typeof answer === 'string') return answer === info.fingerprint;
    if (answer !== undefined) return answer;
    const trust = 'Trust and Connect';
    const picked = await vscode.window.showWarningMessage(
      `The authenticity of host ${info.name} (${spec.label}) can't be established.`,
      { modal: true, detail: `Its ${info.type} key fingerprint is ${info.fingerprint}.\nCompare it with the host's own (ssh-keygen -lf on the host) before trusting it; it will be added to ${spec.knownHostsFile}.` },
      trust,
    );
    return picked === trust;
  }

  private async passphrase(keyFile: string): Promise<string | undefined> {
    const stored = await this.secrets.get(passphraseKey(keyFile));
    if (stored !== undefined) return stored;
    const typed = await this.prompts.input({ prompt: `Passphrase for ${keyFile} (kept in VS Code's secret storage)`, password: true, ignoreFocusOut: true });
    if (typed === undefined) return undefined;
    await this.secrets.store(passphraseKey(keyFile), typed);
    return typed;
  }

  /** Forgets a stored passphrase (after the key refused it). */
  forgetPassphrase(keyFile: string): Thenable<void> {
    return this.secrets.delete(passphraseKey(keyFile));
  }
}
