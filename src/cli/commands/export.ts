import fs from 'node:fs';
import path from 'node:path';
import { SeifError } from '../../core/errors';
import { loadDataset } from '../../core/dataset/dataset';
import { Journal } from '../../core/journal/journal';
import { CurationState } from '../../core/curation/state';
import { exportCurated } from '../../core/curation/export';
import { type CliCommand, parseFlags, requireFlag } from '../command';

export const command: CliCommand = {
  name: 'export',
  summary: 'write the accepted rows of a q_T dataset (journal applied) as verl-ready parquet + JSONL',
  usage: [
    'usage: seif export --dataset <q_T.parquet|jsonl> --journal <journal.jsonl> --out <curated.parquet> [--root <workspace>]',
    'Applies the curation journal (accept / reject / edit / undo) and writes the accepted rows with the',
    "source schema; <out> minus .parquet plus .jsonl gets the same rows as JSONL. Journal entries name datasets",
    'relative to the workspace root: by default the folder holding .seif/, else the journal\'s folder.',
  ].join('\n'),
  async run(args, io) {
    const { flags } = parseFlags(args, { values: ['dataset', 'journal', 'out', 'root'] });
    const datasetFile = path.resolve(io.cwd, requireFlag(flags, 'dataset'));
    const journalFile = path.resolve(io.cwd, requireFlag(flags, 'journal'));
    const out = path.resolve(io.cwd, requireFlag(flags, 'out'));
    if (!out.endsWith('.parquet')) throw new SeifError('--out must end in .parquet', out);
    if (!fs.existsSync(journalFile)) throw new SeifError('journal not found', journalFile);
    const root = flags.root
      ? path.resolve(io.cwd, flags.root)
      : path.basename(path.dirname(journalFile)) === '.seif'
        ? path.dirname(path.dirname(journalFile))
        : path.dirname(journalFile);
    const dataset = await loadDataset(datasetFile);
    const broken = dataset.problems.find((p) => p.severity === 'error' && p.row === undefined && p.place !== 'schema');
    if (broken) throw new SeifError(broken.message, broken.file, broken.place);
    const { entries, problems } = await new Journal(journalFile).read();
    for (const p of problems) io.stderr(`seif export: warning: ${journalFile} (line ${p.line}): ${p.message}\n`);
    const rel = path.relative(root, datasetFile).split(path.sep).join('/');
    const mine = entries.filter((e) => path.resolve(root, e.dataset) === datasetFile);
    if (entries.length > 0 && mine.length === 0) {
      throw new SeifError(`the journal has no decisions for ${rel} (relative to ${root}); pass --root <workspace folder>`, journalFile);
    }
    const summary = await exportCurated(dataset, new CurationState(mine[0]?.dataset ?? rel, mine), out);
    io.stdout(JSON.stringify(summary) + '\n');
    return 0;
  },
};
