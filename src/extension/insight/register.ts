// Round insight in the editor: the stats service, drift badges on q_T files, and the dashboard command.
import * as vscode from 'vscode';
import type { SeifStudioApi } from '../extension';
import type { FeatureRegistration } from '../features';
import { Commands } from '../ids';
import { DashboardPanel } from './dashboardPanel';
import { DriftDecorations } from './driftDecorations';
import { InsightService } from './insightService';

/** What tests and other features can reach: the shared stats service and the open dashboard, if any. */
export interface InsightApi {
  insight: InsightService;
  dashboard(): DashboardPanel | undefined;
}

export const insightApis = new WeakMap<SeifStudioApi, InsightApi>();

export const register: FeatureRegistration = (api, context) => {
  const insight = new InsightService(api.service);
  const decorations = new DriftDecorations(api.service, insight, api.log);
  let dashboard: DashboardPanel | undefined;
  const command = vscode.commands.registerCommand(Commands.openDashboard, () => {
    if (dashboard && !dashboard.isDisposed) {
      dashboard.panel.reveal();
      return dashboard;
    }
    dashboard = DashboardPanel.open(context.extensionUri, insight, api.tree, api.log);
    return dashboard;
  });
  insightApis.set(api, { insight, dashboard: () => (dashboard && !dashboard.isDisposed ? dashboard : undefined) });
  return vscode.Disposable.from(command, decorations, insight, { dispose: () => dashboard?.dispose() });
};
