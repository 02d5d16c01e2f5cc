import path from 'node:path';

/** Where a workspace keeps the call cache and call records. */
export function workspaceLlmPaths(workspaceDir: string): { cacheDir: string; recordFile: string } {
  return { cacheDir: path.join(workspaceDir, '.seif', 'cache'), recordFile: path.join(workspaceDir, '.seif', 'llm-calls.jsonl') };
}
