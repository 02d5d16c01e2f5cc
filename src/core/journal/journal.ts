import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { SeifError } from '../errors';
import { appendJsonlDurable, parseJsonl } from '../util/jsonl';
import { JournalEntrySchema, type JournalEntry, type NewJournalEntry } from './entry';

export interface JournalProblem {
  line: number;
  message: string;
  torn: boolean;
}

export interface JournalRead {
  entries: JournalEntry[];
  problems: JournalProblem[];
}

/** `.seif/journal.jsonl` in the workspace: the single source of every curation decision. */
export function journalPath(workspaceRoot: string): string {
  return path.join(workspaceRoot, '.seif', 'journal.jsonl');
}

export function defaultUser(): string {
  try {
    return process.env.SEIF_USER || os.userInfo().username;
  } catch {
    return 'unknown';
  }
}

let counter = 0;
/** Sortable, unique ids: time + counter + randomness (two windows may append to one journal). */
export function newEntryId(now = Date.now()): string {
  counter = (counter + 1) % 0x10000;
  return `${now.toString(36).padStart(9, '0')}-${counter.toString(36).padStart(4, '0')}-${crypto.randomBytes(3).toString('hex')}`;
}

/**
 * An append-only JSONL journal. Appends are fsynced before they are acknowledged; a torn last line
 * (a crash mid-write) is reported and skipped on read, and the next append starts on a fresh line.
 */
export class Journal {
  constructor(readonly file: string) {}

  async read(): Promise<JournalRead> {
    let text: string;
    try {
      text = await fs.promises.readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], problems: [] };
      throw new SeifError(`cannot read the curation journal: ${(e as Error).message}`, this.file, undefined, { cause: e });
    }
    return parseJournalText(text);
  }

  async append(items: NewJournalEntry[]): Promise<JournalEntry[]> {
    if (items.length === 0) return [];
    const now = Date.now();
    const time = new Date(now).toISOString();
    const entries = items.map((item) => JournalEntrySchema.parse({ v: 1, id: newEntryId(now), time, user: item.user ?? defaultUser(), ...item }));
    await fs.promises.mkdir(path.dirname(this.file), { recursive: true });
    await this.repairTornTail();
    await appendJsonlDurable(this.file, entries);
    return entries;
  }

  /** If the file does not end in a newline (torn write), end that line so the next entry stands alone. */
  private async repairTornTail(): Promise<void> {
    let handle: fs.promises.FileHandle | undefined;
    try {
      handle = await fs.promises.open(this.file, 'r');
      const { size } = await handle.stat();
      if (size === 0) return;
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, size - 1);
      if (last[0] !== 0x0a) await fs.promises.appendFile(this.file, '\n');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    } finally {
      await handle?.close();
    }
  }
}

export function parseJournalText(text: string): JournalRead {
  const parsed = parseJsonl(text);
  const problems: JournalProblem[] = parsed.errors.map((e) => ({
    line: e.line,
    torn: e.torn,
    message: e.torn ? `torn last line (interrupted write) skipped: ${e.message}` : `unreadable line skipped: ${e.message}`,
  }));
  const entries: JournalEntry[] = [];
  for (const { line, value } of parsed.values) {
    const r = JournalEntrySchema.safeParse(value);
    if (r.success) entries.push(r.data);
    else problems.push({ line, torn: false, message: `invalid entry skipped: ${r.error.issues[0]?.path.join('.')} ${r.error.issues[0]?.message}` });
  }
  return { entries, problems };
}
