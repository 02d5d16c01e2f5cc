// Every `seif` sub-command, in the order `seif --help` lists them. Add one line per command.
import type { CliCommand } from '../command';

export async function loadCommands(): Promise<CliCommand[]> {
  const modules = await Promise.all([
    import('./inspect'),
    import('./export'),
  ]);
  return modules.map((m) => m.command);
}
