import { ConstraintSetSchema, type ConstraintSet, type JournalEntry } from '../journal/entry';

export type RowStatus = 'pending' | 'accepted' | 'rejected';

/** What the journal says about one row, folded in order (undone entries skipped). */
export interface RowState {
  status: RowStatus;
  /** The constraints after edits, when edited. */
  edited?: ConstraintSet;
  /** Promotions of soft constraints to rule ids: index → { id, kwargs }. */
  promoted: Map<number, { id: string; kwargs: Record<string, unknown> }>;
  /** Filter findings marked as reviewed: "index:rule". */
  reviewed: Set<string>;
  /** The last decision entry that is still in effect. */
  lastEntry?: JournalEntry;
}

export interface CurationCounts {
  total: number;
  accepted: number;
  rejected: number;
  pending: number;
}

const emptyState = (): RowState => ({ status: 'pending', promoted: new Map(), reviewed: new Set() });

/**
 * Tree state = source data + journal. Folds the entries of one dataset into per-row state.
 * Undo entries cancel their target; an undone entry is ignored wherever it appears.
 */
export class CurationState {
  private readonly rows = new Map<string, RowState>();
  private readonly entries: JournalEntry[] = [];
  private readonly undone = new Set<string>();

  constructor(readonly dataset: string, entries: Iterable<JournalEntry> = []) {
    for (const e of entries) if (e.dataset === dataset) this.entries.push(e);
    this.rebuild();
  }

  /** Adds freshly appended entries (they must already be durable in the journal). */
  apply(entries: Iterable<JournalEntry>): void {
    let needsRebuild = false;
    for (const e of entries) {
      if (e.dataset !== this.dataset) continue;
      this.entries.push(e);
      if (e.action === 'undo') needsRebuild = true;
      else this.fold(e);
    }
    if (needsRebuild) this.rebuild();
  }

  get(rowKey: string): RowState {
    return this.rows.get(rowKey) ?? emptyState();
  }

  status(rowKey: string): RowStatus {
    return this.rows.get(rowKey)?.status ?? 'pending';
  }

  counts(rowKeys: Iterable<string>): CurationCounts {
    const c: CurationCounts = { total: 0, accepted: 0, rejected: 0, pending: 0 };
    for (const k of rowKeys) {
      c.total++;
      c[this.status(k)]++;
    }
    return c;
  }

  /** The most recent entry still in effect (not an undo, not undone), optionally for one row. */
  lastUndoable(rowKey?: string): JournalEntry | undefined {
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const e = this.entries[i]!;
      if (e.action === 'undo' || this.undone.has(e.id)) continue;
      if (rowKey === undefined || e.rowKey === rowKey) return e;
    }
    return undefined;
  }

  allEntries(): readonly JournalEntry[] {
    return this.entries;
  }

  private rebuild(): void {
    this.rows.clear();
    this.undone.clear();
    for (const e of this.entries) if (e.action === 'undo' && e.undoes) this.undone.add(e.undoes);
    for (const e of this.entries) if (e.action !== 'undo' && !this.undone.has(e.id)) this.fold(e);
  }

  private fold(e: JournalEntry): void {
    const s = this.rows.get(e.rowKey) ?? emptyState();
    switch (e.action) {
      case 'accept':
        s.status = 'accepted';
        break;
      case 'reject':
        s.status = 'rejected';
        break;
      case 'edit': {
        const r = ConstraintSetSchema.safeParse(e.after);
        if (r.success) s.edited = r.data;
        break;
      }
      case 'promote': {
        const a = e.after as { index?: unknown; id?: unknown; kwargs?: unknown } | undefined;
        if (a && typeof a.index === 'number' && typeof a.id === 'string') {
          s.promoted.set(a.index, { id: a.id, kwargs: (a.kwargs as Record<string, unknown>) ?? {} });
        }
        break;
      }
      case 'review': {
        const a = e.after as { index?: unknown; rule?: unknown } | undefined;
        if (a) s.reviewed.add(`${String(a.index)}:${String(a.rule)}`);
        break;
      }
      case 'undo':
        return;
    }
    s.lastEntry = e;
    this.rows.set(e.rowKey, s);
  }
}
