import path from 'node:path';
import { SeifError } from '../../core/errors';
import { loadDataset } from '../../core/dataset/dataset';
import { evaluateResponses, type Evaluation } from '../../core/checkers/evaluate';
import { readJsonlFile } from '../../core/util/jsonl';
import { type CliCommand, parseFlags, requireFlag } from '../command';

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
    'Responses: one JSON object per line with "key" (or "id", or IFEval\'s "prompt") and "response".',
    'Prints prompt-level and instruction-level accuracy, strict and loose, and a per-instruction-id table',
    '(--json: the same as one JSON object). Rows that cannot be scored are listed on stderr.',
  ].join('\n'),
  async run(args, io) {
    const { flags, switches } = parseFlags(args, { values: ['dataset', 'responses'], switches: ['json'] });
    const datasetFile = path.resolve(io.cwd, requireFlag(flags, 'dataset'));
    const responsesFile = path.resolve(io.cwd, requireFlag(flags, 'responses'));
    const ds = await loadDataset(datasetFile);
    const fatal = ds.problems.find((p) => p.severity === 'error' && p.row === undefined);
    if (fatal) throw new SeifError(fatal.message, fatal.file, fatal.place);
    const responses = await readJsonlFile(responsesFile);
    const evaluation = evaluateResponses(ds, responses);
    io.stdout(switches.has('json') ? JSON.stringify(evaluation) + '\n' : report(datasetFile, evaluation));
    for (const p of evaluation.problems) io.stderr(`seif eval: ${p.where}: ${p.message}\n`);
    return 0;
  },
};
