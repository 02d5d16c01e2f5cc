import path from 'node:path';
import { DRIFT_KINDS, roundStatsOfFile, type DriftKind } from '../../core/insight';
import { type CliCommand, UsageError, parseFlags } from '../command';

export const command: CliCommand = {
  name: 'stats',
  summary: 'per-round statistics of q_T datasets (exactness, mapped IFEval ids, drift alarms), as JSON',
  usage: [
    'usage: seif stats <dataset...> [--all-drift]',
    'Prints a JSON array, one object per file:',
    '  {"file", "rows", "constraints", "exactlyShare", "mappedIds": {id: count}, "verifiableShare", "drift": [{"kind", "rows"}]}',
    'exactlyShare: share of constraints containing the word "exactly"; verifiableShare: share mapped to an IFEval id.',
    `drift kinds: ${DRIFT_KINDS.join(', ')}; rows are 0-based. A kind is listed when its share of rows reaches its`,
    'threshold (see docs/insight.md); --all-drift lists every kind that affects at least one row.',
  ].join('\n'),
  async run(args, io) {
    const { positional, switches } = parseFlags(args, { switches: ['all-drift'] });
    if (positional.length === 0) throw new UsageError('give at least one dataset file');
    const thresholds = switches.has('all-drift')
      ? (Object.fromEntries(DRIFT_KINDS.map((k) => [k, 0])) as Record<DriftKind, number>)
      : undefined;
    const out = [];
    for (const arg of positional) {
      const stats = await roundStatsOfFile(path.resolve(io.cwd, arg), thresholds ? { thresholds } : {});
      out.push({
        file: arg,
        rows: stats.rows,
        constraints: stats.constraints,
        exactlyShare: stats.exactlyShare,
        mappedIds: stats.mappedIds,
        verifiableShare: stats.verifiableShare,
        drift: stats.drift.map((d) => ({ kind: d.kind, rows: d.rows })),
      });
    }
    io.stdout(JSON.stringify(out) + '\n');
    return 0;
  },
};
