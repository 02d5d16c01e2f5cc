import fs from 'node:fs';
import path from 'node:path';
import { SeifError } from '../../core/errors';
import { verifyJsonlText } from '../../core/checkers/batch';
import { checkerDataStatus } from '../../core/checkers/status';
import { writeFileAtomic } from '../../core/util/atomic';
import { toJsonLine } from '../../core/util/jsonl';
import { type CliCommand, parseFlags, requireFlag } from '../command';

export const command: CliCommand = {
  name: 'verify',
  summary: "check responses against IFEval's rule constraints (strict and loose verdicts)",
  usage: [
    'usage: seif verify --in <cases.jsonl> --out <verdicts.jsonl>',
    'Each input line: {"id": str, "prompt": str, "response": str, "instruction_id_list": [str], "kwargs": [object]}.',
    'Each output line, in input order: {"id": str, "strict": [bool], "loose": [bool]}',
    '  (plus "approximate": [bool] when Punkt or langdetect data was missing), or {"id": str, "error": str}.',
    'A bad line gives an error line and the run continues; exit code 0 unless the input file is unreadable.',
  ].join('\n'),
  async run(args, io) {
    const { flags } = parseFlags(args, { values: ['in', 'out'] });
    const input = path.resolve(io.cwd, requireFlag(flags, 'in'));
    const output = path.resolve(io.cwd, requireFlag(flags, 'out'));
    let text: string;
    try {
      text = await fs.promises.readFile(input, 'utf8');
    } catch (e) {
      throw new SeifError(`cannot read cases: ${(e as Error).message}`, input);
    }
    const results = verifyJsonlText(text);
    await writeFileAtomic(output, results.map((r) => toJsonLine(r) + '\n').join(''));
    const errors = results.filter((r) => 'error' in r).length;
    io.stdout(`verified ${results.length - errors} cases, ${errors} errors → ${output}\n`);
    if (results.some((r) => 'approximate' in r)) {
      const s = checkerDataStatus();
      io.stderr(`seif verify: some verdicts are approximate (Punkt data: ${s.punkt ?? 'missing'}; langdetect profiles: ${s.langdetect ?? 'missing'}${s.langdetectExact ? '' : ', not Python\'s'}); see docs/checkers.md\n`);
    }
    return 0;
  },
};
