import path from 'node:path';
import { SeifError, describeError } from '../errors';
import { loadDataset, type Dataset } from '../dataset/dataset';
import { Journal, journalPath, type JournalProblem } from '../journal/journal';
import type { ConstraintSet, JournalEntry, NewJournalEntry } from '../journal/entry';
import { CurationState } from '../curation/state';
import { stringifyWithBigInt } from '../util/jsonl';
import { exportCurated, curatedPathFor, type ExportSummary } from '../curation/export';
import { detectLayout, toRelative } from './layout';
import { loadManifest, saveManifest, ManifestError, type Manifest } from './manifest';
import { reconcileManifest } from './reconcile';

export interface RoundView {
  /** `<family>/<t>` */
  id: string;
  family: string;
  t: number;
  datasets: string[];
  curated?: string;
}

export interface LoadedDataset {
  rel: string;
  dataset: Dataset;
  state: CurationState;
}

export type Decision = 'accept' | 'reject';

/**
 * A workspace folder seen as SEIF rounds: layout + seif.json + journal + datasets (loaded lazily).
 * The extension and the CLI both work through this class; it never imports an editor API.
 */
export class SeifWorkspace {
  readonly journal: Journal;
  manifest: Manifest | undefined;
  manifestError: ManifestError | undefined;
  journalProblems: JournalProblem[] = [];
  private entries: JournalEntry[] = [];
  private readonly datasets = new Map<string, Promise<LoadedDataset>>();
  private readonly listeners = new Set<(e: { dataset?: string; entries?: JournalEntry[] }) => void>();
  private queue: Promise<void> = Promise.resolve();

  constructor(readonly root: string) {
    this.journal = new Journal(journalPath(root));
  }

  /**
   * Reads layout, manifest and journal. A broken manifest is kept as an error; the data still loads.
   * Reloads and decisions take turns (one lock), so a decision made while a reload is in flight is never
   * missing from the reloaded state; the new state replaces the old one in a single step at the end.
   */
  open(options: { writeManifest?: boolean } = {}): Promise<void> {
    return this.exclusive(() => this.reload(options));
  }

  private async reload(options: { writeManifest?: boolean }): Promise<void> {
    const layout = await detectLayout(this.root);
    let existing: Manifest | undefined;
    let manifestError: ManifestError | undefined;
    try {
      existing = await loadManifest(this.root);
    } catch (e) {
      if (e instanceof ManifestError) manifestError = e;
      else throw e;
    }
    const { manifest, changed } = reconcileManifest(manifestError ? undefined : existing, layout);
    // Never overwrite a manifest we could not parse: the researcher's text would be lost.
    if (changed && options.writeManifest !== false && !manifestError && (layout.rounds.length > 0 || existing)) {
      await saveManifest(this.root, manifest);
    }
    const read = await this.journal.read();
    this.manifest = manifest;
    this.manifestError = manifestError;
    this.entries = read.entries;
    this.journalProblems = read.problems;
    this.datasets.clear();
    this.emit({});
  }

  /** Runs `fn` after everything queued before it (reloads and journal appends never interleave). */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  onDidChange(listener: (e: { dataset?: string; entries?: JournalEntry[] }) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(e: { dataset?: string; entries?: JournalEntry[] }): void {
    for (const l of this.listeners) {
      try {
        l(e);
      } catch {}
    }
  }

  rounds(): RoundView[] {
    const m = this.manifest;
    if (!m) return [];
    return m.rounds.map((r) => {
      const family = r.family ?? m.family;
      return { id: `${family}/${r.t}`, family, t: r.t, datasets: r.datasets, ...(r.curated ? { curated: r.curated } : {}) };
    });
  }

  families(): string[] {
    return [...new Set(this.rounds().map((r) => r.family))];
  }

  /** Seed and IFEval datasets (not part of a round). */
  otherDatasets(): string[] {
    return [this.manifest?.seed, this.manifest?.test].filter((x): x is string => !!x);
  }

  abs(rel: string): string {
    return path.resolve(this.root, rel);
  }

  rel(file: string): string {
    return toRelative(this.root, file);
  }

  /** Loads (once) and returns a dataset with its curation state. Errors name the file and place. */
  dataset(rel: string): Promise<LoadedDataset> {
    let p = this.datasets.get(rel);
    if (!p) {
      p = (async () => {
        const dataset = await loadDataset(this.abs(rel));
        return { rel, dataset, state: new CurationState(rel, this.entries) };
      })();
      p.catch(() => this.datasets.delete(rel));
      this.datasets.set(rel, p);
    }
    return p;
  }

  /** Drops a cached dataset (its file changed on disk). */
  invalidate(rel: string): void {
    this.datasets.delete(rel);
  }

  private record(rel: string, items: NewJournalEntry[]): Promise<JournalEntry[]> {
    return this.exclusive(async () => {
      const loaded = await this.dataset(rel);
      const entries = await this.journal.append(items);
      this.entries.push(...entries);
      loaded.state.apply(entries);
      this.emit({ dataset: rel, entries });
      return entries;
    });
  }

  async decide(rel: string, rowKeys: string[], decision: Decision, source = 'user'): Promise<JournalEntry[]> {
    const { state } = await this.dataset(rel);
    const items = rowKeys
      .filter((k) => state.status(k) !== (decision === 'accept' ? 'accepted' : 'rejected'))
      .map((rowKey) => ({ dataset: rel, rowKey, action: decision, before: state.status(rowKey), after: decision === 'accept' ? 'accepted' : 'rejected', source }));
    return this.record(rel, items);
  }

  async edit(rel: string, rowKey: string, before: ConstraintSet, after: ConstraintSet, source = 'editor'): Promise<JournalEntry[]> {
    if (stringifyWithBigInt(before) === stringifyWithBigInt(after)) return [];
    return this.record(rel, [{ dataset: rel, rowKey, action: 'edit', before, after, source }]);
  }

  async promote(rel: string, rowKey: string, index: number, id: string, kwargs: Record<string, unknown>, source = 'mapping'): Promise<JournalEntry[]> {
    return this.record(rel, [{ dataset: rel, rowKey, action: 'promote', after: { index, id, kwargs }, source }]);
  }

  /** Several promotions of one dataset as one journal append (a bulk promote). */
  async promoteAll(rel: string, items: { rowKey: string; index: number; id: string; kwargs: Record<string, unknown> }[], source = 'mapping'): Promise<JournalEntry[]> {
    return this.record(rel, items.map((p) => ({ dataset: rel, rowKey: p.rowKey, action: 'promote' as const, after: { index: p.index, id: p.id, kwargs: p.kwargs }, source })));
  }

  async markReviewed(rel: string, rowKey: string, index: number, rule: string, source = 'filter'): Promise<JournalEntry[]> {
    return this.record(rel, [{ dataset: rel, rowKey, action: 'review', after: { index, rule }, source }]);
  }

  /** Undoes the latest decision still in effect (of one dataset / row when given). */
  async undo(rel?: string, rowKey?: string): Promise<JournalEntry | undefined> {
    let target: JournalEntry | undefined;
    if (rel) target = (await this.dataset(rel)).state.lastUndoable(rowKey);
    else {
      const undone = new Set(this.entries.filter((e) => e.action === 'undo').map((e) => e.undoes));
      target = [...this.entries].reverse().find((e) => e.action !== 'undo' && !undone.has(e.id));
    }
    if (!target) return undefined;
    await this.record(target.dataset, [
      { dataset: target.dataset, rowKey: target.rowKey, action: 'undo', undoes: target.id, before: target.after, after: target.before, source: 'undo' },
    ]);
    return target;
  }

  async exportCurated(rel: string, out?: string): Promise<ExportSummary> {
    const { dataset, state } = await this.dataset(rel);
    const summary = await exportCurated(dataset, state, out ?? curatedPathFor(dataset.file));
    await this.recordCurated(rel, this.rel(summary.parquet));
    return summary;
  }

  private async recordCurated(datasetRel: string, curatedRel: string): Promise<void> {
    const m = this.manifest;
    if (!m || this.manifestError) return;
    const round = m.rounds.find((r) => r.datasets.includes(datasetRel));
    if (!round || round.curated === curatedRel) return;
    round.curated = curatedRel;
    try {
      await saveManifest(this.root, m);
    } catch (e) {
      throw new SeifError(`exported, but could not record it in seif.json: ${describeError(e)}`, path.join(this.root, 'seif.json'));
    }
  }

  allEntries(): readonly JournalEntry[] {
    return this.entries;
  }
}
