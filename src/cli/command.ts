/** A `seif <name>` sub-command. Commands print results on stdout and one clear error line on failure. */
export interface CliCommand {
  name: string;
  /** One line for `seif --help`. */
  summary: string;
  /** Full usage text for `seif <name> --help`. */
  usage: string;
  /** Returns the process exit code. Throw a SeifError (or UsageError) for a one-line error and exit 1 (2 for usage). */
  run(args: string[], io: CliIO): Promise<number>;
}

export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export class UsageError extends Error {}

/** Minimal `--flag value` / `--switch` parser: unknown flags are usage errors, never ignored. */
export function parseFlags(
  args: string[],
  spec: { values?: string[]; switches?: string[]; repeatable?: string[] },
): { flags: Record<string, string | undefined>; multi: Record<string, string[]>; switches: Set<string>; positional: string[] } {
  const values = new Set(spec.values ?? []);
  const switches = new Set(spec.switches ?? []);
  const repeatable = new Set(spec.repeatable ?? []);
  const flags: Record<string, string | undefined> = {};
  const multi: Record<string, string[]> = {};
  const on = new Set<string>();
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith('--') || a === '--') {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = a.slice(2, eq < 0 ? undefined : eq);
    if (switches.has(name)) {
      on.add(name);
      continue;
    }
    if (!values.has(name) && !repeatable.has(name)) throw new UsageError(`unknown option --${name}`);
    const value = eq >= 0 ? a.slice(eq + 1) : args[++i];
    if (value === undefined) throw new UsageError(`--${name} needs a value`);
    if (repeatable.has(name)) (multi[name] ??= []).push(value);
    else flags[name] = value;
  }
  return { flags, multi, switches: on, positional };
}

export function requireFlag(flags: Record<string, string | undefined>, name: string): string {
  const v = flags[name];
  if (v === undefined || v === '') throw new UsageError(`--${name} is required`);
  return v;
}
