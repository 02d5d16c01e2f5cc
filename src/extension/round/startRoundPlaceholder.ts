import * as vscode from 'vscode';
import { Commands } from '../ids';

/**
 * "SEIF: Start Round" is registered from the start so researchers find it; until remote launch exists it
 * says exactly what is missing and what to do meanwhile — it never pretends to run anything.
 */
export function registerStartRoundPlaceholder(): vscode.Disposable {
  return vscode.commands.registerCommand(Commands.startRound, async () => {
    const message =
      'SEIF: Start Round cannot launch yet — remote launch over SSH (hosts, preflight, round plan, detached phases, review gate) is not built in this version. ' +
      'Meanwhile: curate q_T here, run "SEIF: Export Curated Dataset", and train with SEIF\'s own scripts.';
    void vscode.window.showWarningMessage(message);
    return { launched: false, reason: 'remote launch is not available in this version' };
  });
}
