import fs from 'node:fs';
import { parquetMetadata, parquetReadObjects, type FileMetaData, type KeyValue, type SchemaElement } from 'hyparquet';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { snappyUncompressor } from 'hysnappy';
import { SeifError } from '../errors';
import { writeFileAtomic } from '../util/atomic';
import { describeColumns, type ColumnInfo } from './schema';
import { normaliseForSchema } from './normalise';
import { readRowsFast } from './fast/read';

/** A parquet file read into JS rows, with everything needed to write it back with the same schema. */
export interface ParquetTable {
  file: string;
  rows: Record<string, unknown>[];
  columns: ColumnInfo[];
  /** The footer's flat schema elements, passed back to the writer unchanged. */
  schema: SchemaElement[];
  kvMetadata: KeyValue[];
  createdBy?: string;
  /** Which decoder produced the rows: the fast path for SEIF's shapes, or hyparquet for everything else. */
  decoder?: 'fast' | 'hyparquet';
}

export type ParquetShape = Omit<ParquetTable, 'rows' | 'file' | 'decoder'>;

// SEIF's files are SNAPPY: the wasm decoder is several times faster than hyparquet's JS one.
let compressors: { SNAPPY: (input: Uint8Array, outputLength: number) => Uint8Array } | undefined;
function readCompressors() {
  compressors ??= { SNAPPY: snappyUncompressor() };
  return compressors;
}

function toArrayBuffer(buf: Uint8Array): ArrayBuffer {
  // A whole-file read owns its ArrayBuffer: use it as is instead of copying megabytes.
  if (buf.byteOffset === 0 && buf.byteLength === buf.buffer.byteLength && buf.buffer instanceof ArrayBuffer) return buf.buffer;
  return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
}

export function readParquetMetadata(file: string, bytes: Uint8Array, buffer: ArrayBuffer = toArrayBuffer(bytes)): FileMetaData {
  if (bytes.byteLength < 12) throw new SeifError(`not a parquet file: only ${bytes.byteLength} bytes`, file);
  const tail = Buffer.from(bytes.subarray(bytes.byteLength - 4)).toString('latin1');
  const head = Buffer.from(bytes.subarray(0, 4)).toString('latin1');
  if (head !== 'PAR1') throw new SeifError('not a parquet file: missing PAR1 magic at the start', file, 'byte 0');
  if (tail !== 'PAR1') {
    throw new SeifError('truncated or corrupt parquet file: missing PAR1 magic at the end (was the copy cut short?)', file, `byte ${bytes.byteLength - 4}`);
  }
  try {
    return parquetMetadata(buffer);
  } catch (e) {
    throw new SeifError(`corrupt parquet footer: ${(e as Error).message}`, file, 'footer', { cause: e });
  }
}

/** Reads a whole parquet file (SEIF's files have one row group) into rows; int64 → bigint. */
export async function readParquetFile(file: string): Promise<ParquetTable> {
  let bytes: Buffer;
  try {
    bytes = await fs.promises.readFile(file);
  } catch (e) {
    throw new SeifError(`cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, file, undefined, { cause: e });
  }
  return parseParquetBytes(file, bytes);
}

export async function parseParquetBytes(file: string, bytes: Uint8Array): Promise<ParquetTable> {
  const buffer = toArrayBuffer(bytes);
  const metadata = readParquetMetadata(file, bytes, buffer);
  let rows: Record<string, unknown>[];
  let decoder: ParquetTable['decoder'] = 'fast';
  try {
    rows = readRowsFast(bytes, metadata, readCompressors().SNAPPY);
  } catch {
    decoder = 'hyparquet';
    // Outside SEIF's shapes (or damaged): hyparquet reads everything and gives the precise error.
    try {
      rows = (await parquetReadObjects({ file: buffer, metadata, compressors: readCompressors() })) as Record<string, unknown>[];
    } catch (e) {
      throw new SeifError(`corrupt parquet data: ${(e as Error).message}`, file, 'column data', { cause: e });
    }
  }
  return {
    file,
    rows,
    columns: describeColumns(metadata.schema),
    schema: metadata.schema,
    kvMetadata: metadata.key_value_metadata ?? [],
    createdBy: metadata.created_by,
    decoder,
  };
}

/**
 * Encodes rows with the exact schema and key/value metadata of `shape` (the source file). The metadata is
 * kept byte for byte, even a pandas RangeIndex whose length no longer matches: pyarrow then drops that index
 * ("munged metadata") and pandas gets a default one; verl reads the columns, not the index.
 */
export function encodeParquet(shape: ParquetShape, rows: Record<string, unknown>[], file = '<memory>'): Uint8Array {
  const names = shape.columns.map((c) => c.name);
  const columnData = names.map((name) => ({
    name,
    data: rows.map((row, i) => normaliseForSchema(shape.columns.find((c) => c.name === name)!, row[name], file, i)),
  }));
  try {
    const buffer = parquetWriteBuffer({
      columnData,
      schema: shape.schema,
      kvMetadata: shape.kvMetadata,
      ...(shape.createdBy ? { createdBy: shape.createdBy } : {}),
    });
    return new Uint8Array(buffer);
  } catch (e) {
    throw new SeifError(`cannot encode parquet: ${(e as Error).message}`, file, undefined, { cause: e });
  }
}

/** Encodes in memory first, then writes atomically: the target is never truncated by a failed write. */
export async function writeParquetFile(file: string, shape: ParquetShape, rows: Record<string, unknown>[]): Promise<void> {
  const bytes = encodeParquet(shape, rows, file);
  await writeFileAtomic(file, bytes);
}
