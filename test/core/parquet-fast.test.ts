// The fast decoder (src/core/dataset/fast) must give exactly the rows hyparquet gives, for SEIF's files and for
// every edge its shapes allow: null / empty lists, null elements and fields, several pages and row groups,
// v1 pages (pyarrow, DuckDB) and v2 pages (hyparquet-writer), SNAPPY and uncompressed, PLAIN and dictionary.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parquetMetadata, parquetReadObjects, type SchemaElement } from 'hyparquet';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { snappyUncompressor } from 'hysnappy';
import { readParquetFile } from '../../src/core/dataset/parquet';
import { sharedSeifDataDir } from '../../src/core/util/paths';
import { duck } from '../support/duckdb';
import { mulberry32 } from '../support/prng';
import { PROJECT_ROOT, tempDir } from '../support/tmp';

const snappy = snappyUncompressor();

/** hyparquet's rows of a file: the reference the fast decoder is held to. */
async function referenceRows(file: string): Promise<Record<string, unknown>[]> {
  const bytes = fs.readFileSync(file);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  return (await parquetReadObjects({ file: buffer, metadata: parquetMetadata(buffer), compressors: { SNAPPY: snappy } })) as Record<string, unknown>[];
}

async function assertSameAsHyparquet(file: string, decoder: 'fast' | 'hyparquet' = 'fast'): Promise<void> {
  const table = await readParquetFile(file);
  assert.equal(table.decoder, decoder, `decoder used for ${path.basename(file)}`);
  assert.deepStrictEqual(table.rows, await referenceRows(file), `rows of ${file}`);
}

const shared = sharedSeifDataDir(PROJECT_ROOT);
test("SEIF's released files: the fast decoder reads every q_T and seed file exactly as hyparquet", { skip: !shared && 'no ../shared/seif-data here' }, async () => {
  const files = [path.join(shared!, 'seed.parquet')];
  for (const family of fs.readdirSync(shared!, { withFileTypes: true })) {
    if (!family.isDirectory()) continue;
    for (const f of fs.readdirSync(path.join(shared!, family.name))) if (/^q_T\d+\.parquet$/.test(f)) files.push(path.join(shared!, family.name, f));
  }
  assert.ok(files.length >= 8, `found ${files.length} files`);
  for (const f of files) await assertSameAsHyparquet(f);
  // IFEval's kwargs nest lists inside structs (forbidden_words) and its constraint column is list<null>: outside
  // the fast shapes, so hyparquet reads it.
  await assertSameAsHyparquet(path.join(shared!, 'test.parquet'), 'hyparquet');
});

const str = (name: string, repetition_type: SchemaElement['repetition_type'] = 'OPTIONAL'): SchemaElement => ({
  type: 'BYTE_ARRAY', repetition_type, name, converted_type: 'UTF8', logical_type: { type: 'STRING' },
});
const listOf = (name: string, element: SchemaElement[]): SchemaElement[] => [
  { repetition_type: 'OPTIONAL', name, num_children: 1, converted_type: 'LIST', logical_type: { type: 'LIST' } },
  { repetition_type: 'REPEATED', name: 'list', num_children: 1 },
  ...element,
];

const EDGE_SCHEMA: SchemaElement[] = [
  { repetition_type: 'REQUIRED', name: 'schema', num_children: 9 },
  { type: 'INT64', repetition_type: 'REQUIRED', name: 'id' },
  str('text'),
  { type: 'INT32', repetition_type: 'OPTIONAL', name: 'small' },
  { type: 'DOUBLE', repetition_type: 'OPTIONAL', name: 'score' },
  { type: 'FLOAT', repetition_type: 'OPTIONAL', name: 'ratio' },
  { type: 'BOOLEAN', repetition_type: 'OPTIONAL', name: 'flag' },
  ...listOf('tags', [str('element')]),
  ...listOf('ids', [str('element', 'REQUIRED')]),
  ...listOf('kwargs', [
    { repetition_type: 'OPTIONAL', name: 'element', num_children: 3 },
    { type: 'INT64', repetition_type: 'OPTIONAL', name: 'num_bullets' },
    str('relation'),
    { type: 'DOUBLE', repetition_type: 'OPTIONAL', name: 'weight' },
  ]),
];

/** Rows with every state the shapes allow, repeated values (dictionary pages) and long unique text (PLAIN). */
function edgeRows(n: number, seed: number) {
  const rand = mulberry32(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const maybe = <T>(v: T, p = 0.15): T | null => (rand() < p ? null : v);
  const words = ['exactly', 'at least', 'less than', 'bullet', 'é', 'ß', '中文', '😀', '', 'a\nb'];
  const text = () => Array.from({ length: 1 + Math.floor(rand() * 40) }, () => pick(words)).join(' ');
  return Array.from({ length: n }, (_, i) => ({
    id: BigInt(i) * 1_000_000_007n - 5n,
    text: maybe(rand() < 0.5 ? pick(words) : `${text()} #${i}`),
    small: maybe(Math.floor(rand() * 2 ** 31) * (rand() < 0.5 ? -1 : 1)),
    score: maybe(rand() * 1e6 - 5e5),
    ratio: maybe(Math.fround(rand())),
    flag: maybe(rand() < 0.5),
    tags: rand() < 0.1 ? null : rand() < 0.1 ? [] : Array.from({ length: Math.floor(rand() * 6) }, () => maybe(pick(words))),
    ids: rand() < 0.1 ? null : Array.from({ length: Math.floor(rand() * 4) }, () => pick(words)),
    kwargs:
      rand() < 0.1
        ? null
        : Array.from({ length: Math.floor(rand() * 5) }, () =>
            rand() < 0.1 ? null : { num_bullets: maybe(BigInt(Math.floor(rand() * 10))), relation: maybe(pick(words)), weight: maybe(rand()) },
          ),
  }));
}

function writeEdgeFile(file: string, rows: ReturnType<typeof edgeRows>, options: { codec: 'SNAPPY' | 'UNCOMPRESSED'; pageSize?: number; rowGroupSize?: number | number[] }) {
  const names = EDGE_SCHEMA.filter((e, i) => i > 0 && e.repetition_type && !['list', 'element', 'num_bullets', 'relation', 'weight'].includes(e.name)).map((e) => e.name);
  const columnData = names.map((name) => ({ name, data: rows.map((r) => r[name as keyof typeof r]) }));
  fs.writeFileSync(file, new Uint8Array(parquetWriteBuffer({ columnData, schema: EDGE_SCHEMA, ...options })));
}

test('every null, empty and nested state, over many pages and row groups, SNAPPY and uncompressed (v2 pages)', async () => {
  const dir = tempDir();
  const rows = edgeRows(3000, 7);
  const variants = [
    { codec: 'SNAPPY' as const },
    { codec: 'UNCOMPRESSED' as const },
    { codec: 'SNAPPY' as const, pageSize: 2048, rowGroupSize: 700 },
    { codec: 'UNCOMPRESSED' as const, pageSize: 512, rowGroupSize: [1, 999, 2000] },
  ];
  for (const [i, options] of variants.entries()) {
    const file = path.join(dir, `edge-${i}.parquet`);
    writeEdgeFile(file, rows, options);
    await assertSameAsHyparquet(file);
    const table = await readParquetFile(file);
    // Not only equal to hyparquet: equal to what was written.
    assert.equal(table.rows.length, rows.length);
    const complete = rows.findIndex((r) => r.tags && r.ids && r.kwargs?.length && r.kwargs.every(Boolean));
    assert.deepStrictEqual(table.rows[complete], rows[complete]);
    // A null list reads as undefined (hyparquet's convention), an empty one as [].
    assert.ok(table.rows.some((r) => r.kwargs === undefined) && table.rows.some((r) => Array.isArray(r.tags) && r.tags.length === 0));
  }
});

test('files written by DuckDB (dictionary and PLAIN pages, several row groups) read exactly as hyparquet', async () => {
  const dir = tempDir();
  const c = await duck();
  const select = `select i::BIGINT as id,
      case when i % 7 = 0 then null else 'row ' || i || repeat(' ü', i % 5) end as text,
      case when i % 5 = 0 then null else (i * 3)::INTEGER end as small,
      i / 3.0 as score,
      case when i % 11 = 0 then null when i % 13 = 0 then []::VARCHAR[] else ['tag' || (i % 3), null, 'x' || i] end as tags,
      case when i % 17 = 0 then null else [{'num_bullets': (i % 4)::BIGINT, 'relation': 'at least'}, {'num_bullets': null, 'relation': null}] end as kwargs
    from range(5000) t(i)`;
  // DuckDB's V2 files use DELTA encodings, which only hyparquet decodes; the rows are the same either way.
  for (const [version, decoder] of [['V1', 'fast'], ['V2', 'hyparquet']] as const) {
    const file = path.join(dir, `duck-${version}.parquet`);
    await c.run(`copy (${select}) to '${file}' (format parquet, compression snappy, row_group_size 1024, parquet_version ${version})`);
    await assertSameAsHyparquet(file, decoder);
  }
});

test('shapes outside the fast path (nested lists, structs at the top) still read, through hyparquet', async () => {
  const dir = tempDir();
  const c = await duck();
  const file = path.join(dir, 'nested.parquet');
  await c.run(`copy (select i as id, [[i, i + 1], []] as grid, {'a': i, 'b': 'x'} as pair from range(50) t(i)) to '${file}' (format parquet)`);
  await assertSameAsHyparquet(file, 'hyparquet');
});
