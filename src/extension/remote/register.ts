// Remote rounds in the editor (issue 6): the Runs view, "SEIF: Check Host", "SEIF: Start Round",
// "SEIF: Continue Round", Stop / Resume / Show Log on runs. Commands take optional arguments (host, round,
// options, answers) so tests and scripts drive them without dialogs; without arguments they ask.
import * as vscode from 'vscode';
import { stopJob } from '../../core/remote/index';
import { describeError } from '../../core/errors';
import type { FeatureRegistration } from '../features';
import type { SeifStudioApi } from '../extension';
import { Commands, Views } from '../ids';
import { checkHost, RemoteDocuments, REMOTE_DOC_SCHEME, type CheckHostArgs } from './checkHost';
import { Hosts } from './hosts';
import { RemotePrompts } from './prompts';
import { RunsStore, type RoundRunEntry } from './runs';
import { RunsTreeProvider, type RunsNode } from './runsTree';
import { RoundLauncher, type ContinueRoundArgs, type StartRoundArgs } from './startRound';

export interface RemoteApi {
  hosts: Hosts;
  store: RunsStore;
  tree: RunsTreeProvider;
  treeView: vscode.TreeView<RunsNode>;
  launcher: RoundLauncher;
  /** The questions the feature asks (round, host, plan edits, passphrases): `answerWith` scripts them. */
  prompts: RemotePrompts;
}

/** The remote feature's parts, reachable from the extension's API object (tests run in another bundle). */
export function remoteApiOf(api: SeifStudioApi): RemoteApi | undefined {
  return (api as SeifStudioApi & { remote?: RemoteApi }).remote;
}

/** A Runs node, or `{ runId }` / `{ key }` from a script. */
type RunTarget = RunsNode | { runId: string } | { key: string } | undefined;

export const register: FeatureRegistration = (api, context) => {
  const prompts = new RemotePrompts();
  const hosts = new Hosts(context.secrets, api.log, prompts);
  const docs = new RemoteDocuments();
  const store = new RunsStore(context.workspaceState, hosts, () => api.service.workspace?.root, api.log);
  const tree = new RunsTreeProvider(store);
  const treeView = vscode.window.createTreeView(Views.runs, { treeDataProvider: tree, showCollapseAll: true });
  const launcher = new RoundLauncher(api, hosts, store, docs, prompts);
  Object.assign(api, { remote: { hosts, store, tree, treeView, launcher, prompts } satisfies RemoteApi });

  const fail = (what: string) => (e: unknown) => {
    const msg = describeError(e);
    api.log.appendLine(`[remote] ${what}: ${msg}`);
    void vscode.window.showErrorMessage(`SEIF: ${what}: ${msg}`);
    throw e;
  };

  const resolve = (t: RunTarget): { run: RoundRunEntry; runIds: string[] } | undefined => {
    if (!t) return undefined;
    if ('runId' in t) {
      const f = store.findJob(t.runId);
      return f ? { run: f.run, runIds: [t.runId] } : undefined;
    }
    const run = store.get(t.key);
    if (!run) return undefined;
    const phase = 'phase' in t ? t.phase : undefined;
    // Finite jobs first: the runner then stops the role servers it started.
    const running = run.jobs.filter((j) => j.state === 'running' && (!phase || j.phase === phase)).sort((a, b) => Number(a.kind === 'service') - Number(b.kind === 'service'));
    return { run, runIds: running.map((j) => j.runId) };
  };

  const stop = async (t?: RunTarget, options: { graceSeconds?: number; confirm?: boolean } = {}) => {
    const target = resolve(t ?? (treeView.selection[0] as RunTarget));
    if (!target || !target.runIds.length) {
      void vscode.window.showInformationMessage('SEIF: nothing running to stop there.');
      return [];
    }
    if (!options.confirm) {
      const yes = 'Stop';
      const picked = await vscode.window.showWarningMessage(`Stop ${target.runIds.join(', ')} on ${target.run.host}?`, { modal: true, detail: 'TERM to the process group, KILL after the grace period. Training resumes later from its last checkpoint.' }, yes);
      if (picked !== yes) return [];
    }
    const conn = await hosts.pool.get(target.run.host);
    const out = [];
    for (const id of target.runIds) out.push(await stopJob(conn, id, options.graceSeconds ?? 30));
    return out;
  };

  const resume = (t?: RunTarget, args: ContinueRoundArgs = {}) => {
    const target = t ?? (treeView.selection[0] as RunTarget);
    const run = target && 'key' in target ? store.get(target.key) : target && 'runId' in target ? store.findJob(target.runId)?.run : undefined;
    if (!run) return launcher.continueRound(args);
    const phase = target && 'phase' in target ? (target.phase as ContinueRoundArgs['from']) : undefined;
    return launcher.continueRound({ round: run.round, host: run.host, ...(phase ? { from: phase } : {}), ...args });
  };

  const onReattachEnd = (run: RoundRunEntry) => {
    const job = run.jobs.find((j) => j.state !== 'running');
    if (job && job.state !== 'succeeded') void vscode.window.showWarningMessage(`SEIF: ${job.title} (${job.runId}) on ${run.host}: ${job.message ?? job.state}`);
  };
  // A reload while jobs ran: follow them again from the saved offsets.
  store.reattach(onReattachEnd);

  return vscode.Disposable.from(
    hosts,
    store,
    tree,
    treeView,
    docs,
    vscode.workspace.registerTextDocumentContentProvider(REMOTE_DOC_SCHEME, docs),
    vscode.commands.registerCommand(Commands.checkHost, (args?: CheckHostArgs) => checkHost(hosts, docs, api.service.workspace?.root, args).catch(fail('host check failed'))),
    vscode.commands.registerCommand(Commands.startRound, (args?: StartRoundArgs) => launcher.start(args).catch(fail('Start Round failed'))),
    vscode.commands.registerCommand(Commands.continueRound, (args?: ContinueRoundArgs) => launcher.continueRound(args).catch(fail('Continue Round failed'))),
    vscode.commands.registerCommand(Commands.stopRun, (t?: RunTarget, options?: { graceSeconds?: number; confirm?: boolean }) => stop(t, options).catch(fail('stop failed'))),
    vscode.commands.registerCommand(Commands.resumeRun, (t?: RunTarget, args?: ContinueRoundArgs) => resume(t, args).catch(fail('resume failed'))),
    vscode.commands.registerCommand(Commands.showRunLog, (t?: RunTarget) => {
      const target = resolve(t ?? (treeView.selection[0] as RunTarget));
      if (target) store.channel(target.run).show(true);
      return target?.run.key;
    }),
    vscode.commands.registerCommand(Commands.reattachRuns, () => store.reattach(onReattachEnd).length),
  );
};
