// "SEIF: Check Host": pick a host, run the host check, show it as a checklist (a markdown document), and offer
// the repair of SEIF's corrupted sources as a diff preview per patched file (original vs repaired) before applying it.
import * as vscode from 'vscode';
import { loadManifest } from '../../core/workspace/manifest';
import { repairSeifCheckout, runPreflight, type PreflightResult, type RepairPatch } from '../../core/round/index';
import type { Hosts, HostAnswers } from './hosts';

export const REMOTE_DOC_SCHEME = 'seif-remote';

export interface CheckHostArgs extends HostAnswers {
  host?: string;
  seifDir?: string;
  workDir?: string;
  ports?: number[];
  minFreeGb?: number;
  /** What to do with a proposed repair: 'ask' (default: diff preview, then a modal), 'apply', 'skip'. */
  repair?: 'ask' | 'apply' | 'skip';
}

export interface CheckHostResult {
  host: string;
  result: PreflightResult;
  checklist: vscode.Uri;
  /** One diff editor per patched file, in the order of the patches. */
  diffs: { file: string; original: vscode.Uri; repaired: vscode.Uri }[];
  repaired: string[];
}

/** Read-only documents the check shows (checklist, original and repaired files). */
export class RemoteDocuments implements vscode.TextDocumentContentProvider {
  private readonly docs = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  set(pathName: string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: REMOTE_DOC_SCHEME, path: pathName });
    this.docs.set(uri.toString(), text);
    this.changed.fire(uri);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.docs.get(uri.toString()) ?? '';
  }

  dispose(): void {
    this.changed.dispose();
  }
}

const MARK = { ok: '✅', warn: '⚠️', fail: '❌' } as const;

export function checklistMarkdown(r: PreflightResult): string {
  const lines = [`# Host check: ${r.host}`, '', r.ok ? 'Ready for a round.' : `**Not ready:** ${r.checks.filter((c) => c.status === 'fail').map((c) => c.title).join(', ')}.`, ''];
  for (const c of r.checks) lines.push(`- ${MARK[c.status]} **${c.title}** (${c.status}) — ${c.detail.replace(/\n/g, ' ')}${c.fixable ? ' _(repair offered)_' : ''}`);
  if (r.patchText) lines.push('', '## Proposed repair of SEIF\'s sources', '', '```diff', r.patchText.trimEnd(), '```');
  return `${lines.join('\n')}\n`;
}

/** Applies the hunks line by line (the same change the host applies). */
export function applyHunks(text: string, patch: RepairPatch): string {
  const lines = text.split('\n');
  for (const h of patch.hunks) if (lines[h.line - 1] === h.before) lines[h.line - 1] = h.after;
  return lines.join('\n');
}

function remotePath(seifDir: string, file: string, home: string): string {
  return `${seifDir.replace(/^\$HOME(?=\/|$)/, home).replace(/\/$/, '')}/${file}`;
}

export async function checkHost(hosts: Hosts, docs: RemoteDocuments, root: string | undefined, args: CheckHostArgs = {}): Promise<CheckHostResult | undefined> {
  const host = args.host ?? (await hosts.pickHost('Host to check'));
  if (!host) return undefined;
  const manifest = root ? await loadManifest(root).catch(() => undefined) : undefined;
  const seifDir = args.seifDir ?? manifest?.remote?.seifDir ?? '$HOME/SEIF';
  const conn = await hosts.connect(host, args);
  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `SEIF: checking ${host}…` }, () =>
    runPreflight(conn, { seifDir, workDir: args.workDir ?? manifest?.remote?.workDir ?? seifDir, ports: args.ports ?? [], minFreeGb: args.minFreeGb ?? 200 }),
  );
  const checklist = docs.set(`/check/${encodeURIComponent(host)}.md`, checklistMarkdown(result));
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(checklist), { preview: false });
  const out: CheckHostResult = { host, result, checklist, diffs: [], repaired: [] };
  if (!result.patches.length || args.repair === 'skip') return out;
  // Diff preview of every patched file: the host's file as it is vs as repaired.
  const home = (await conn.exec('printf "%s" "$HOME"')).stdout;
  const n = result.patches.length;
  for (const [i, patch] of result.patches.entries()) {
    const original = (await conn.readFile(remotePath(seifDir, patch.file, home)))?.toString('utf8') ?? '';
    const left = docs.set(`/repair/original/${patch.file}`, original);
    const right = docs.set(`/repair/repaired/${patch.file}`, applyHunks(original, patch));
    out.diffs.push({ file: patch.file, original: left, repaired: right });
    const title = `${patch.file}: as on ${host} ↔ repaired (review${n > 1 ? ` ${i + 1}/${n}` : ''})`;
    await vscode.commands.executeCommand('vscode.diff', left, right, title, { preview: false, preserveFocus: i > 0 });
  }
  let apply = args.repair === 'apply';
  if (args.repair === undefined || args.repair === 'ask') {
    const yes = 'Apply Repair';
    const files = result.patches.map((p) => p.file).join(', ');
    apply = (await vscode.window.showWarningMessage(`Apply the reviewed repair to ${files} on ${host}?`, { modal: true, detail: 'The originals are kept as <file>.orig on the host.' }, yes)) === yes;
  }
  if (apply) {
    out.repaired = await repairSeifCheckout(conn, seifDir, result.patches.map((p) => p.file));
    void vscode.window.showInformationMessage(`SEIF: repaired ${out.repaired.join(', ')} on ${host}.`);
  }
  return out;
}
