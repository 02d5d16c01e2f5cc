import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Journal } from '../../src/core/journal/journal';
import { CurationState } from '../../src/core/curation/state';
import { tempDir } from '../support/tmp';

test('appended decisions are read back in order with time, user and before/after', async () => {
  const j = new Journal(path.join(tempDir(), '.seif', 'journal.jsonl'));
  await j.append([{ dataset: 'data/q_T1.parquet', rowKey: 'a', action: 'accept', before: 'pending', after: 'accepted', user: 'ada' }]);
  await j.append([{ dataset: 'data/q_T1.parquet', rowKey: 'b', action: 'reject', before: 'pending', after: 'rejected' }]);
  const { entries, problems } = await j.read();
  assert.equal(problems.length, 0);
  assert.deepEqual(entries.map((e) => [e.rowKey, e.action, e.before, e.after]), [['a', 'accept', 'pending', 'accepted'], ['b', 'reject', 'pending', 'rejected']]);
  assert.equal(entries[0]!.user, 'ada');
  assert.ok(!Number.isNaN(Date.parse(entries[1]!.time)));
  assert.notEqual(entries[0]!.id, entries[1]!.id);
});

test('a torn last line (crash mid-append) is reported, skipped, and the next append still reads', async () => {
  const file = path.join(tempDir(), 'journal.jsonl');
  const j = new Journal(file);
  await j.append([{ dataset: 'd', rowKey: 'a', action: 'accept' }]);
  fs.appendFileSync(file, '{"v":1,"id":"x","time":"t","user":"u","dataset":"d","rowKey":"b","act');
  let read = await j.read();
  assert.equal(read.entries.length, 1);
  assert.equal(read.problems.length, 1);
  assert.equal(read.problems[0]!.torn, true);
  assert.equal(read.problems[0]!.line, 2);
  await j.append([{ dataset: 'd', rowKey: 'c', action: 'reject' }]);
  read = await j.read();
  assert.deepEqual(read.entries.map((e) => e.rowKey), ['a', 'c']);
  assert.equal(read.problems.length, 1, 'the torn line stays reported, no longer last');
  assert.equal(read.problems[0]!.torn, false);
});

test('undo cancels its target; state folds from data + journal', async () => {
  const j = new Journal(path.join(tempDir(), 'journal.jsonl'));
  const [accept] = await j.append([{ dataset: 'd', rowKey: 'a', action: 'accept' }]);
  await j.append([{ dataset: 'd', rowKey: 'a', action: 'reject' }]);
  const state = new CurationState('d', (await j.read()).entries);
  assert.equal(state.status('a'), 'rejected');
  const last = state.lastUndoable()!;
  assert.equal(last.action, 'reject');
  const undo = await j.append([{ dataset: 'd', rowKey: 'a', action: 'undo', undoes: last.id }]);
  state.apply(undo);
  assert.equal(state.status('a'), 'accepted');
  assert.equal(state.lastUndoable()!.id, accept!.id);
  // A fresh fold from disk agrees (reload = same state).
  assert.equal(new CurationState('d', (await j.read()).entries).status('a'), 'accepted');
  assert.deepEqual(state.counts(['a', 'b', 'c']), { total: 3, accepted: 1, rejected: 0, pending: 2 });
});

test('an entry of the wrong shape is skipped with its line number', async () => {
  const file = path.join(tempDir(), 'journal.jsonl');
  fs.writeFileSync(file, '{"v":1,"id":"1","time":"t","user":"u","dataset":"d","rowKey":"a","action":"explode"}\n');
  const { entries, problems } = await new Journal(file).read();
  assert.equal(entries.length, 0);
  assert.match(problems[0]!.message, /invalid entry skipped: action/);
  assert.equal(problems[0]!.line, 1);
});
