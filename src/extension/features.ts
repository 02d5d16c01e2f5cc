// Features built on the foundation (Filter/LLM roles, insight dashboard, remote rounds) register here:
// one line per area, each `register(api, context)` returning what it owns. Keep extension.ts small.
import type * as vscode from 'vscode';
import type { SeifStudioApi } from './extension';

export type FeatureRegistration = (api: SeifStudioApi, context: vscode.ExtensionContext) => vscode.Disposable | Promise<vscode.Disposable>;

export async function loadFeatures(): Promise<FeatureRegistration[]> {
  return [(await import('./insight/register')).register, (await import('./roles/register')).register, (await import('./remote/register')).register];
}
