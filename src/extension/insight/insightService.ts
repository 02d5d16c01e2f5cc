// Round stats of every dataset in the open workspace, computed once per dataset version (in a worker thread) and
// shared by the dashboard and the tree: `alarmsFor(rel)` is the small API the Rounds tree (or any view) can call
// to show drift alarms on a round's datasets; `onDidChange` fires when a dataset's stats were (re)computed.
import * as vscode from 'vscode';
import { alarmsOverThreshold, DRIFT_KINDS, RoundStatsThread, workspaceRunMetrics, type DriftAlarm, type DriftKind, type RoundStats, type RunMetrics } from '../../core/insight';
import { Disposable } from '../lifecycle';
import type { WorkspaceService } from '../workspace/workspaceService';

const EVERY_KIND = Object.fromEntries(DRIFT_KINDS.map((k) => [k, 0])) as Record<DriftKind, number>;

export interface RoundStatsEntry {
  /** "QWEN-7B T2" */
  label: string;
  /** Workspace-relative dataset path. */
  rel: string;
  /** All drift kinds with at least one row (the dashboard charts them); see alarmsFor for raised alarms. */
  stats: RoundStats;
  /** The round's IFEval accuracies from seif.json (`rounds[].eval`), when evaluated. */
  eval?: Record<string, number>;
}

export class InsightService extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<string[]>());
  /** Fires with the workspace-relative datasets whose stats changed. */
  readonly onDidChange = this.changed.event;
  private readonly cache = new Map<string, Promise<RoundStats>>();
  /** Stats already computed (for callers that must not wait, like tree badges). */
  private readonly done = new Map<string, RoundStats>();
  /** Computations under way, cancelled when their dataset changes or the service goes. */
  private readonly running = new Map<string, AbortController>();

  constructor(
    private readonly service: WorkspaceService,
    /** Computes in a worker thread: a 5k-row round takes up to a second, too long for the extension host's thread. */
    readonly thread = new RoundStatsThread(),
  ) {
    super();
    this._register(
      service.onDidChange((e) => {
        // Curation decisions (entries) do not change a file's rows; only a reload does.
        if (e.entries) return;
        const stale = e.dataset ? [e.dataset] : [...new Set([...this.cache.keys(), ...this.done.keys(), ...this.running.keys()])];
        for (const rel of stale) {
          this.cache.delete(rel);
          this.done.delete(rel);
          this.running.get(rel)?.abort(new Error(`stats of ${rel} superseded`));
        }
        this.changed.fire(e.dataset ? [e.dataset] : []);
      }),
    );
    this._register({
      dispose: () => {
        for (const c of this.running.values()) c.abort(new Error('insight service disposed'));
        void this.thread.dispose();
      },
    });
  }

  /** Stats of one workspace dataset (q_T or IFEval); computed once until the file or its curation changes. */
  stats(rel: string): Promise<RoundStats> {
    let p = this.cache.get(rel);
    if (!p) {
      p = this.compute(rel);
      this.cache.set(rel, p);
      const mine = p;
      p.then(
        (s) => {
          if (this.cache.get(rel) === mine) this.done.set(rel, s);
          this.changed.fire([rel]);
        },
        () => {
          if (this.cache.get(rel) === mine) this.cache.delete(rel);
        },
      );
    }
    return p;
  }

  /** computeRoundStats of the dataset file's rows, in the worker thread. */
  private async compute(rel: string): Promise<RoundStats> {
    const ws = await this.service.ready();
    if (!ws) throw new Error('no SEIF workspace is open');
    const controller = new AbortController();
    this.running.get(rel)?.abort(new Error(`stats of ${rel} superseded`));
    this.running.set(rel, controller);
    try {
      return await this.thread.stats(ws.abs(rel), { label: rel, thresholds: EVERY_KIND }, controller.signal);
    } catch (e) {
      // The dataset changed while its stats were computed: answer with the stats of its new rows.
      if (controller.signal.aborted && !this.isDisposed) return this.stats(rel);
      throw e;
    } finally {
      if (this.running.get(rel) === controller) this.running.delete(rel);
    }
  }

  /** Raised alarms when the dataset's stats are already computed, else undefined (never waits). */
  knownAlarms(rel: string): DriftAlarm[] | undefined {
    const s = this.done.get(rel);
    return s ? alarmsOverThreshold(s.drift, s.rows) : undefined;
  }

  /** Raised drift alarms of a dataset (kinds over their thresholds), each with its 0-based rows. */
  async alarmsFor(rel: string): Promise<DriftAlarm[]> {
    const s = await this.stats(rel);
    return alarmsOverThreshold(s.drift, s.rows);
  }

  /** Every round's instruction datasets, in tree order, with their stats. */
  async roundStats(): Promise<RoundStatsEntry[]> {
    const ws = await this.service.ready();
    if (!ws) return [];
    const entries: RoundStatsEntry[] = [];
    for (const round of ws.rounds()) {
      for (const rel of round.datasets) {
        const stats = await this.stats(rel);
        const many = round.datasets.length > 1 ? ` · ${rel.split('/').pop()}` : '';
        const ev = ws.manifest?.rounds.find((r) => r.t === round.t && (r.family ?? ws.manifest?.family) === round.family)?.eval;
        entries.push({ label: `${round.family} T${round.t}${many}`, rel, stats, ...(ev && { eval: ev }) });
      }
    }
    return entries;
  }

  /** Training metrics of the workspace's runs (.seif/runs/<id>/metrics.jsonl), labelled by the round listing the run. */
  async runMetrics(): Promise<RunMetrics[]> {
    const ws = await this.service.ready();
    if (!ws) return [];
    const labels = new Map<string, string>();
    for (const r of ws.manifest?.rounds ?? []) {
      for (const run of r.runs ?? []) labels.set(run.runId, `${r.family ?? ws.manifest!.family} T${r.t} · ${run.phase}`);
    }
    return workspaceRunMetrics(ws.root, labels);
  }
}
