// Every `seif` sub-command, in the order `seif --help` lists them. Add one line per command.
import type { CliCommand } from '../command';

export async function loadCommands(): Promise<CliCommand[]> {
  const modules = await Promise.all([
    import('./inspect'),
    import('./export'),
    import('./stats'),
    import('./verify'),
    import('./eval'),
    import('./generate'),
    import('./round'),
    import('./runs'),
  ]);
  // A module exports one `command`, or several (`commands`, e.g. "round plan", "round start").
  return modules.flatMap((m) => ('commands' in m ? m.commands : [m.command]));
}
