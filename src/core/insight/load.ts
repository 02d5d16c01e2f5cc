// Round stats of a file on disk, read with the project's dataset loader (parquet or JSONL).
import { loadDataset } from '../dataset/dataset';
import { SeifError } from '../errors';
import type { DriftOptions } from './drift';
import { computeRoundStats, type RoundStats } from './stats';

export async function roundStatsOfFile(file: string, options: DriftOptions = {}): Promise<RoundStats> {
  const dataset = await loadDataset(file);
  if (dataset.kind !== 'instructions' && dataset.kind !== 'ifeval') {
    throw new SeifError(
      `not a round of instructions: found a ${dataset.kind} dataset (stats need a q_T file with a constraint column, or IFEval's test.parquet)`,
      file,
      'schema',
    );
  }
  return computeRoundStats(dataset.rows, { ...options, file });
}
