// Round insight in the editor: the stats service, drift badges on q_T files and drift problems on the rounds,
// the dashboard, promotions of mapped constraints, and IFEval evaluation of a round's Follower.
import * as vscode from 'vscode';
import type { FeatureRegistration } from '../features';
import type { SeifStudioApi } from '../extension';
import { Commands } from '../ids';
import { rolesApis } from '../roles/register';
import { affectsRoles } from '../roles/settings';
import { DashboardPanel } from './dashboardPanel';
import { DriftDecorations } from './driftDecorations';
import { DriftTreeContribution } from './driftTree';
import { evaluateRound, type EvaluateRoundArg } from './evaluateRound';
import { InsightService } from './insightService';
import { Promotions } from './promote';

/** What tests and other features can reach: the shared stats service, the open dashboard, drift on the tree. */
export interface InsightApi {
  insight: InsightService;
  dashboard(): DashboardPanel | undefined;
  drift: DriftTreeContribution;
  promotions: Promotions;
}

export const insightApis = new WeakMap<SeifStudioApi, InsightApi>();

export const register: FeatureRegistration = (api, context) => {
  const insight = new InsightService(api.service);
  const decorations = new DriftDecorations(api.service, insight, api.log);
  const drift = new DriftTreeContribution(insight, api.curation);
  const promotions = new Promotions(api.service, api.documents, () => rolesApis.get(api)?.clients);
  let dashboard: DashboardPanel | undefined;
  const open = vscode.commands.registerCommand(Commands.openDashboard, () => {
    if (dashboard && !dashboard.isDisposed) {
      dashboard.panel.reveal();
      return dashboard;
    }
    dashboard = DashboardPanel.open(context.extensionUri, insight, api.curation, api.log);
    return dashboard;
  });
  const evaluate = vscode.commands.registerCommand(Commands.evaluateRound, async (arg?: EvaluateRoundArg) => {
    const record = await evaluateRound(api.service, () => rolesApis.get(api)?.clients, arg, api.log);
    if (record && dashboard && !dashboard.isDisposed) await dashboard.refresh();
    return record;
  });
  insightApis.set(api, { insight, drift, promotions, dashboard: () => (dashboard && !dashboard.isDisposed ? dashboard : undefined) });
  // "Ask LLM" lenses come and go with the judge endpoint's settings.
  const rolesChanged = vscode.workspace.onDidChangeConfiguration((e) => affectsRoles(e) && api.lenses.refresh());
  return vscode.Disposable.from(
    rolesChanged,
    open,
    evaluate,
    decorations,
    drift,
    api.tree.addContribution(drift),
    promotions,
    api.lenses.addContributor(promotions),
    insight,
    { dispose: () => dashboard?.dispose() },
  );
};
