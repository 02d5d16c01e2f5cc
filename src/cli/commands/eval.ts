import path from 'node:path';
import { SeifError } from '../../core/errors';
import { loadDataset } from '../../core/dataset/dataset';
import { evaluateResponses, type Evaluation } from '../../core/checkers/evaluate';
import { readJsonlFile, toJsonLine } from '../../core/util/jsonl';
import { writeFileAtomic } from '../../core/util/atomic';
import { createLlmClient, parseRoleEndpoint } from '../../core/llm';
import { evaluateFollower, roundEvalRecord, setRoundEval } from '../../core/insight';
import { loadManifest, saveManifest } from '../../core/workspace/manifest';
import { type CliCommand, parseFlags, requireFlag, UsageError } from '../command';

const pct = (x: number) => `${(100 * x).toFixed(2)}%`;

function report(file: string, e: Evaluation): string {
  const s = e.scores;
  const lines = [
    `IFEval on ${path.basename(file)}: ${e.scored} prompts, ${s.instructions} instructions scored` +
      (e.missing.length ? ` (${e.missing.length} rows without a response)` : ''),
    `  prompt-level strict       ${pct(s.promptStrict)}`,
    `  prompt-level loose        ${pct(s.promptLoose)}`,
    `  instruction-level strict  ${pct(s.instructionStrict)}`,
    `  instruction-level loose   ${pct(s.instructionLoose)}`,
    '',
    `  ${'instruction id'.padEnd(46)} ${'n'.padStart(5)} ${'strict'.padStart(8)} ${'loose'.padStart(8)}`,
  ];
  for (const [id, t] of Object.entries(s.perId).sort(([a], [b]) => (a < b ? -1 : 1))) {
    lines.push(`  ${id.padEnd(46)} ${String(t.count).padStart(5)} ${pct(t.strict).padStart(8)} ${pct(t.loose).padStart(8)}`);
  }
  if (e.approximate) lines.push('', '  note: some verdicts are approximate (Punkt or langdetect data missing; see docs/checkers.md)');
  return lines.join('\n') + '\n';
}

export const command: CliCommand = {
  name: 'eval',
  summary: "IFEval's four accuracies and a per-id table for a dataset and its responses",
  usage: [
    'usage: seif eval --dataset <test.parquet|rows.jsonl> --responses <responses.jsonl> [--json]',
    '       seif eval --dataset <test.parquet> --follower <base URL> [--model <served name>] [--save-responses <file>]',
    '                 [--round <T> [--family <F>]] [--json]',
    'Responses: one JSON object per line with "key" (or "id", or IFEval\'s "prompt") and "response".',
    '--follower samples the answers instead (OpenAI-compatible endpoint, greedy; model default if-answer);',
    '--round records the four accuracies as that round\'s "eval" in ./seif.json (the dashboard charts them).',
    'Prints prompt-level and instruction-level accuracy, strict and loose, and a per-instruction-id table',
    '(--json: the same as one JSON object). Rows that cannot be scored are listed on stderr.',
  ].join('\n'),
  async run(args, io) {
    const { flags, switches } = parseFlags(args, { values: ['dataset', 'responses', 'follower', 'model', 'save-responses', 'round', 'family'], switches: ['json'] });
    const datasetFile = path.resolve(io.cwd, requireFlag(flags, 'dataset'));
    if (flags.follower !== undefined && flags.responses !== undefined) throw new UsageError('give --responses or --follower, not both');
    const round = flags.round !== undefined ? Number(flags.round) : undefined;
    if (round !== undefined && !(Number.isInteger(round) && round >= 1)) throw new UsageError(`--round must be a round number (1, 2, …), got "${flags.round}"`);
    const ds = await loadDataset(datasetFile);
    const fatal = ds.problems.find((p) => p.severity === 'error' && p.row === undefined);
    if (fatal) throw new SeifError(fatal.message, fatal.file, fatal.place);
    let evaluation: Evaluation;
    if (flags.follower !== undefined) {
      const endpoint = parseRoleEndpoint('follower', { baseUrl: flags.follower, model: flags.model ?? 'if-answer' }, '--follower');
      const client = createLlmClient(endpoint, { role: 'follower' });
      const sampled = await evaluateFollower(client, ds);
      await client.close();
      for (const f of sampled.failed) io.stderr(`seif eval: row key ${f.key}: no answer: ${f.message}\n`);
      if (flags['save-responses']) await writeFileAtomic(path.resolve(io.cwd, flags['save-responses']), sampled.responses.map((r) => toJsonLine(r) + '\n').join(''));
      evaluation = sampled.evaluation;
    } else {
      const responsesFile = path.resolve(io.cwd, requireFlag(flags, 'responses'));
      evaluation = evaluateResponses(ds, await readJsonlFile(responsesFile));
    }
    if (round !== undefined) {
      const manifest = await loadManifest(io.cwd);
      if (!manifest) throw new SeifError('--round needs a seif.json in the current folder', path.join(io.cwd, 'seif.json'));
      setRoundEval(manifest, flags.family ?? manifest.family, round, roundEvalRecord(evaluation));
      await saveManifest(io.cwd, manifest);
    }
    io.stdout(switches.has('json') ? JSON.stringify(evaluation) + '\n' : report(datasetFile, evaluation));
    for (const p of evaluation.problems) io.stderr(`seif eval: ${p.where}: ${p.message}\n`);
    return 0;
  },
};
