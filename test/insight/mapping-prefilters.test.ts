// The mapping's cheap prefilters (literal cues before each rule and category regex, first letters before the
// subject rewrites) only skip regexes that cannot succeed: mapping with them equals mapping by trying every
// regex in order, as written here independently, on every constraint text at hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { readParquetFile } from '../../src/core/dataset/parquet';
import { categoryPrefix } from '../../src/core/insight/categories';
import { categorise, CATEGORY_CUES, isDirective } from '../../src/core/insight/categorise';
import { kwargsProblem } from '../../src/core/insight/kwargs';
import { LiteralScanner } from '../../src/core/insight/literalScan';
import { hasCjk, mapToIfeval, type IdMapping } from '../../src/core/insight/map';
import { cleanText, normaliseConstraint, SUBJECT_REWRITES } from '../../src/core/insight/normalise';
import { RULES } from '../../src/core/insight/rules/index';
import { sharedSeifDataDir } from '../../src/core/util/paths';
import { mulberry32 } from '../support/prng';
import { PROJECT_ROOT } from '../support/tmp';

/** Hand-labelled texts, their variants in other letter cases and quote styles, and SEIF's released rounds when present. */
async function corpus(): Promise<string[]> {
  const labelled = fs
    .readFileSync(path.join(PROJECT_ROOT, 'test/fixtures/constraint-labels.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => (JSON.parse(l) as { text: string }).text);
  const variants = labelled.flatMap((t) => [t.toUpperCase(), t.toLowerCase(), t.replace(/'/g, '\u2019').replace(/"/g, '\u201C'), `Word Count: ${t}`, `  ${t}  `]);
  const texts = new Set([...labelled, ...variants]);
  const shared = sharedSeifDataDir(PROJECT_ROOT);
  if (shared) {
    for (const family of fs.readdirSync(shared).filter((d) => fs.statSync(path.join(shared, d)).isDirectory())) {
      for (const f of fs.readdirSync(path.join(shared, family)).filter((n) => /^q_T\d+\.parquet$/.test(n))) {
        for (const row of (await readParquetFile(path.join(shared, family, f))).rows) for (const c of row.constraint as string[]) texts.add(c);
      }
    }
  }
  return [...texts];
}

function everyRule(body: string): IdMapping | null {
  for (const rule of RULES) {
    const m = rule.pattern.exec(body);
    const kwargs = m ? rule.kwargs(m, {}) : undefined;
    if (kwargs && kwargsProblem(rule.id, kwargs) === undefined) return { id: rule.id, kwargs, rule: rule.name };
  }
  return null;
}

function everyRewrite(body: string): string {
  for (const [re, replace] of SUBJECT_REWRITES) {
    const m = re.exec(body);
    if (m) return replace(m) + body.slice(m[0].length);
  }
  return body;
}

test('rules, categories and subject rewrites decide as if every regex were tried', async () => {
  const texts = await corpus();
  assert.ok(texts.length > 2000, `${texts.length} texts`);
  let mapped = 0;
  let categorised = 0;
  for (const text of texts) {
    const n = normaliseConstraint(text);
    assert.equal(n.body, everyRewrite(categoryPrefix(n.clean)?.rest ?? n.clean), text);
    const expected = hasCjk(text) ? null : everyRule(n.body);
    assert.deepEqual(mapToIfeval(text), expected, text);
    if (expected) mapped++;
    if (!expected && isDirective(text, n) && !/[\u4e00-\u9fff]/u.test(n.clean)) {
      const category = CATEGORY_CUES.find(([, , cue]) => cue.test(n.clean))?.[0] ?? 'Task-specific';
      assert.equal(categorise(text, n), category, text);
      categorised++;
    }
  }
  assert.ok(mapped > 100 && categorised > 1000, `${mapped} mapped, ${categorised} categorised`);
});

test('each category\'s literals occur in every text its regex matches (case as a non-unicode /i regex sees it)', async () => {
  const texts = (await corpus()).map(cleanText);
  for (const [category, literals, cue] of CATEGORY_CUES) {
    const scanner = new LiteralScanner([literals]);
    const found = new Uint32Array(scanner.words);
    for (const text of texts) {
      if (!cue.test(text)) continue;
      scanner.scan(text, found);
      assert.equal(found[0], 1, `${category}: ${JSON.stringify(text)}`);
    }
  }
});

test('the literal scanner finds exactly the literals a case-insensitive ASCII search finds', () => {
  const random = mulberry32(7);
  const alphabet = ['a', 'b', 'A', 'B', ' ', '*', "'", '\u212A', 'k', 'K', '\u0130', 'i', '\u00e9'];
  const literals = ['ab', 'ba', 'a b', '**', '***', "'", 'k', 'abab', 'bk'];
  const groups = [[literals[0]!, literals[1]!], [literals[2]!], [literals[3]!, literals[4]!], [literals[5]!], [literals[6]!], [literals[7]!, literals[8]!]];
  const scanner = new LiteralScanner(groups);
  const found = new Uint32Array(scanner.words);
  // Only ASCII letters fold (the Kelvin sign and dotted I are not "k" and "i" to a non-unicode /i regex).
  const fold = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
  for (let n = 0; n < 5000; n++) {
    const text = Array.from({ length: Math.floor(random() * 12) }, () => alphabet[Math.floor(random() * alphabet.length)]!).join('');
    scanner.scan(text, found);
    groups.forEach((group, g) => {
      const expected = group.some((l) => fold(text).includes(l));
      assert.equal((found[0]! & (1 << g)) !== 0, expected, `${JSON.stringify(text)} group ${g}`);
      assert.equal(expected, group.some((l) => new RegExp(l.replace(/[*]/g, '\\*'), 'i').test(text)));
    });
  }
});
