// Worker-thread entry (bundled as dist/statsWorker.js): round stats of a dataset file, computed off the caller's
// thread. One request at a time; RoundStatsThread (statsThread.ts) is the other end.
import { parentPort } from 'node:worker_threads';
import { loadDataset } from '../dataset/dataset';
import { SeifError } from '../errors';
import { computeRoundStats } from './stats';
import type { StatsReply, StatsRequest } from './statsThread';

function replyOf(request: StatsRequest, e: unknown): StatsReply {
  const error = e instanceof Error ? e : new Error(String(e));
  return {
    id: request.id,
    error: {
      message: error.message,
      ...(error instanceof SeifError ? { seif: true, file: error.file, place: error.place } : {}),
    },
  };
}

parentPort?.on('message', (request: StatsRequest) => {
  void (async () => {
    let reply: StatsReply;
    try {
      const dataset = await loadDataset(request.file);
      const stats = computeRoundStats(dataset.rows, { file: request.label, ...(request.thresholds ? { thresholds: request.thresholds } : {}) });
      reply = { id: request.id, stats };
    } catch (e) {
      reply = replyOf(request, e);
    }
    parentPort!.postMessage(reply);
  })();
});
