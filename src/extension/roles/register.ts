// SEIF's model roles in the editor: endpoints (settings + SecretStorage), health in the status bar,
// Filter diagnostics and Quick Fixes, Sample Response, the LLM Judger for soft constraints, Filter Round
// and Generate Instructions.
import * as vscode from 'vscode';
import type { SeifStudioApi } from '../extension';
import type { FeatureRegistration } from '../features';
import { Commands } from '../ids';
import { ROLES, type Role } from '../../core/llm';
import { FilterController } from './filterController';
import { filterRound, type FilterRoundArg } from './filterRound';
import { FollowerLens } from './followerLens';
import { generateCommand, type GeneratePreset } from './generateCommand';
import { RoleHealthStatusBar } from './healthStatusBar';
import { RoleClients } from './roleClients';
import { secretKey } from './settings';
import { llmSoftJudge } from './softJudge';

/** What tests and other features can reach. */
export interface RolesApi {
  clients: RoleClients;
  filter: FilterController;
  follower: FollowerLens;
  health: RoleHealthStatusBar;
}

export const rolesApis = new WeakMap<SeifStudioApi, RolesApi>();

export const register: FeatureRegistration = (api, context) => {
  const clients = new RoleClients(context.secrets, () => api.service.workspace?.root, api.log);
  const filter = new FilterController(api.documents, clients, context.workspaceState);
  const follower = new FollowerLens(api.documents, clients);
  const health = new RoleHealthStatusBar(clients);
  rolesApis.set(api, { clients, filter, follower, health });
  return vscode.Disposable.from(
    clients,
    filter,
    follower,
    health,
    api.lenses.addContributor(filter),
    filter.onDidChangeFindings(() => api.lenses.refresh()),
    api.lenses.addContributor(follower),
    api.judger.setSoftJudge(llmSoftJudge(clients)),
    vscode.commands.registerCommand(Commands.filterRound, (arg?: FilterRoundArg) => filterRound(api.service, clients, arg)),
    vscode.commands.registerCommand(Commands.generateInstructions, (preset?: GeneratePreset) => generateCommand(api.service, clients, preset)),
    // (role, key) may be given by a caller (a script, a test); otherwise both are asked for.
    vscode.commands.registerCommand(Commands.setRoleApiKey, async (role?: Role, given?: string) => {
      const picked = ROLES.find((r) => r === role) ?? ((await vscode.window.showQuickPick([...ROLES], { title: 'SEIF: API key for which role?' })) as Role | undefined);
      if (!picked) return;
      const key = typeof given === 'string' ? given : await vscode.window.showInputBox({ title: `SEIF: API key for the ${picked} endpoint`, password: true, prompt: 'Stored in VS Code SecretStorage, never in settings. Leave empty to remove it.', ignoreFocusOut: true });
      if (key === undefined) return;
      if (key.trim()) await context.secrets.store(secretKey(picked), key.trim());
      else await context.secrets.delete(secretKey(picked));
    }),
  );
};
