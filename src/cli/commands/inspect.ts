import path from 'node:path';
import { SeifError } from '../../core/errors';
import { loadDataset } from '../../core/dataset/dataset';
import { inferJsonColumns } from '../../core/dataset/infer';
import { stringifyWithBigInt } from '../../core/util/jsonl';
import { type CliCommand, UsageError, parseFlags } from '../command';

export const command: CliCommand = {
  name: 'inspect',
  summary: 'rows, columns and instruction ids of a parquet or JSONL dataset, as JSON',
  usage: 'usage: seif inspect <file.parquet|file.jsonl>\nPrints {"rows": N, "columns": [{"name", "type"}], "instructionIds": {"<id>": count}}.',
  async run(args, io) {
    const { positional } = parseFlags(args, {});
    if (positional.length !== 1) throw new UsageError('give exactly one dataset file');
    const file = path.resolve(io.cwd, positional[0]!);
    const ds = await loadDataset(file);
    const fatal = ds.problems.find((p) => p.severity === 'error' && p.row === undefined && p.place !== 'schema');
    if (fatal) throw new SeifError(fatal.message, fatal.file, fatal.place);
    const columns = ds.table ? ds.table.columns.map((c) => ({ name: c.name, type: c.type })) : inferJsonColumns(ds.rows);
    const instructionIds: Record<string, number> = {};
    for (const row of ds.rows) {
      const ids = row.instruction_id_list;
      if (!Array.isArray(ids)) continue;
      for (const id of ids) instructionIds[String(id)] = (instructionIds[String(id)] ?? 0) + 1;
    }
    io.stdout(stringifyWithBigInt({ rows: ds.rows.length, columns, instructionIds }) + '\n');
    for (const p of ds.problems) io.stderr(`seif inspect: ${p.severity}: ${p.file}${p.place ? ` (${p.place})` : ''}: ${p.message}\n`);
    return 0;
  },
};
