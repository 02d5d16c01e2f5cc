import path from 'node:path';
import { SeifError } from '../../core/errors';
import { parseRoleEndpoint, workspaceLlmPaths } from '../../core/llm';
import { generateInstructions, type TemplateChoice } from '../../core/roles';
import { type CliCommand, UsageError, parseFlags, requireFlag } from '../command';

const USAGE = `usage: seif generate --seeds <seed.parquet|jsonl> --out <q_T.parquet> --base-url URL --model NAME [--template soft|hard|mixed] [--limit N] [--concurrency C]
Runs the Instructor over the seeds and writes a q_T parquet in SEIF's schema plus <out>.failures.jsonl
({"seed", "error"} per failed seed). Re-running with the same arguments resumes from <out>.progress.jsonl
and never duplicates a row. API key: $VLLM_API_KEY (default EMPTY). Calls are cached in ./.seif/cache.
Exit 0 when every seed is generated or listed as failed; 1 when the endpoint is down; 130 when interrupted.`;

function positiveInt(flags: Record<string, string | undefined>, name: string): number | undefined {
  const v = flags[name];
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} must be a whole number ≥ 1 (got "${v}")`);
  return n;
}

export const command: CliCommand = {
  name: 'generate',
  summary: 'Instructor: generate constraints for seed questions into a q_T parquet (resumable)',
  usage: USAGE,
  async run(args, io) {
    const { flags, positional } = parseFlags(args, { values: ['seeds', 'out', 'base-url', 'model', 'template', 'limit', 'concurrency'] });
    if (positional.length > 0) throw new UsageError(`unexpected argument "${positional[0]}"`);
    const template = (flags.template ?? 'mixed') as TemplateChoice;
    if (!['soft', 'hard', 'mixed'].includes(template)) throw new UsageError(`--template must be soft, hard or mixed (got "${template}")`);
    const seedsFile = path.resolve(io.cwd, requireFlag(flags, 'seeds'));
    const outFile = path.resolve(io.cwd, requireFlag(flags, 'out'));
    if (path.extname(outFile).toLowerCase() !== '.parquet') throw new UsageError('--out must name a .parquet file');
    const concurrency = positiveInt(flags, 'concurrency');
    const limit = positiveInt(flags, 'limit');
    const endpoint = parseRoleEndpoint('instructor', {
      baseUrl: requireFlag(flags, 'base-url'),
      model: requireFlag(flags, 'model'),
      ...(concurrency !== undefined && { concurrency }),
      ...(io.env.VLLM_API_KEY && { apiKey: io.env.VLLM_API_KEY }),
    });

    const interrupt = new AbortController();
    const onSigint = () => interrupt.abort();
    process.once('SIGINT', onSigint);
    try {
      const summary = await generateInstructions({
        seedsFile,
        outFile,
        endpoint,
        template,
        limit,
        concurrency,
        signal: interrupt.signal,
        ...workspaceLlmPaths(io.cwd),
      });
      const { outFile: _o, failuresFile, progressFile: _p, stopped, ...counts } = summary;
      io.stdout(JSON.stringify({ out: outFile, failures: failuresFile, ...counts }) + '\n');
      if (stopped) throw new SeifError(`stopped early, the rest resumes on the next run: ${stopped}`);
      return summary.cancelled ? 130 : 0;
    } finally {
      process.removeListener('SIGINT', onSigint);
    }
  },
};
