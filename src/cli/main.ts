// `seif` — the headless CLI over src/core (the same core the extension uses).
import { describeError } from '../core/errors';
import { UsageError, type CliIO } from './command';
import { loadCommands } from './commands/index';

export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const commands = await loadCommands();
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(['usage: seif <command> [options]', '', ...commands.map((c) => `  ${c.name.padEnd(14)} ${c.summary}`), ''].join('\n'));
    return name ? 0 : 2;
  }
  // Multi-word commands ("round plan", "runs logs") match on their first words.
  const command =
    commands.find((c) => c.name === `${name} ${rest[0] ?? ''}`.trim()) ?? commands.find((c) => c.name === name);
  if (!command) {
    io.stderr(`seif: unknown command '${name}' (see seif --help)\n`);
    return 2;
  }
  const args = command.name.includes(' ') ? rest.slice(command.name.split(' ').length - 1) : rest;
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(command.usage.endsWith('\n') ? command.usage : `${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(args, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`seif ${command.name}: ${e.message}\n${command.usage.split('\n')[0]}\n`);
      return 2;
    }
    io.stderr(`seif ${command.name}: ${describeError(e)}\n`);
    return 1;
  }
}

if (require.main === module) {
  runCli(process.argv.slice(2), {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    cwd: process.cwd(),
    env: process.env,
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`seif: ${describeError(e)}\n`);
      process.exitCode = 1;
    },
  );
}
