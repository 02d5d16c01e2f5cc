// One column chunk decoded to flat arrays: definition and repetition levels per entry, and the non-null values
// in order. Strings are decoded straight from the (decompressed) page bytes; nothing is allocated per value
// but the value itself.
import type { ColumnMetaData, PageHeader } from 'hyparquet';
import { parquetHeader } from 'hyparquet/src/column.js';
import type { LeafKind, LeafPlan } from './plan';
import { bitWidthOf, decodeHybrid, type ByteCursor } from './rle';
import { Unsupported } from './unsupported';

export type Uncompress = (input: Uint8Array, outputLength: number) => Uint8Array;

export interface DecodedChunk {
  entries: number;
  def: Uint8Array;
  rep: Uint8Array;
  values: unknown[];
}

// Buffer#utf8Slice is what toString('utf8', a, b) calls after checking its arguments; it is present in every
// Node this runs on (CLI, code-server, Electron), and the fallback keeps it correct anywhere else.
type Utf8Buffer = Buffer & { utf8Slice?: (start: number, end: number) => string };
const utf8 = (buf: Utf8Buffer, start: number, end: number): string =>
  buf.utf8Slice ? buf.utf8Slice(start, end) : buf.toString('utf8', start, end);

interface PageBytes {
  buf: Utf8Buffer;
  view: DataView;
}

function pageBytes(bytes: Uint8Array): PageBytes {
  return { buf: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
}

// Fixed-width PLAIN values: byte width and little-endian reader per kind.
const FIXED_WIDTH: Record<Exclude<LeafKind, 'string' | 'boolean'>, [number, (view: DataView, pos: number) => unknown]> = {
  int64: [8, (view, pos) => view.getBigInt64(pos, true)],
  int32: [4, (view, pos) => view.getInt32(pos, true)],
  double: [8, (view, pos) => view.getFloat64(pos, true)],
  float: [4, (view, pos) => view.getFloat32(pos, true)],
};

/** PLAIN values [pos, end) → out[at..at+count). Returns the position after them. */
function readPlain(kind: LeafKind, page: PageBytes, pos: number, end: number, count: number, out: unknown[], at: number): number {
  const { buf, view } = page;
  if (kind === 'string') {
    for (let i = 0; i < count; i++) {
      if (pos + 4 > end) throw new Error('PLAIN string length past the end of the page');
      const len = view.getUint32(pos, true);
      pos += 4;
      if (pos + len > end) throw new Error('PLAIN string past the end of the page');
      out[at + i] = utf8(buf, pos, pos + len);
      pos += len;
    }
    return pos;
  }
  if (kind === 'boolean') {
    if (pos + Math.ceil(count / 8) > end) throw new Error('BOOLEAN values past the end of the page');
    for (let i = 0; i < count; i++) out[at + i] = (buf[pos + (i >> 3)]! & (1 << (i & 7))) !== 0;
    return pos + Math.ceil(count / 8);
  }
  const [width, read] = FIXED_WIDTH[kind];
  if (pos + width * count > end) throw new Error(`${kind} values past the end of the page`);
  for (let i = 0; i < count; i++, pos += width) out[at + i] = read(view, pos);
  return pos;
}

// Index scratch shared by all chunks: dictionary indices of one page are decoded here, then looked up.
let indexScratch = new Int32Array(1 << 16);
function indices(n: number): Int32Array {
  if (indexScratch.length < n) indexScratch = new Int32Array(Math.max(n, indexScratch.length * 2));
  return indexScratch;
}

/** Decodes the chunk of `leaf` in `file` (the whole file's bytes). */
export function decodeChunk(file: Uint8Array, meta: ColumnMetaData, leaf: LeafPlan, uncompress: Uncompress): DecodedChunk {
  if (meta.codec !== 'SNAPPY' && meta.codec !== 'UNCOMPRESSED') throw new Unsupported(`codec ${meta.codec}`);
  const entries = Number(meta.num_values);
  const def = new Uint8Array(entries);
  const rep = new Uint8Array(entries);
  // At most one value per entry: sized once, trimmed at the end (growing it page by page is slow in V8).
  const values = new Array<unknown>(entries);
  let stored = 0;
  const start = Number(meta.dictionary_page_offset ?? meta.data_page_offset);
  const end = start + Number(meta.total_compressed_size);
  if (!(start >= 4 && end <= file.length - 8)) throw new Error(`column chunk ${leaf.path} lies outside the file`);
  const defWidth = bitWidthOf(leaf.maxDef);
  const repWidth = bitWidthOf(leaf.maxRep);
  let dictionary: unknown[] | undefined;
  let filled = 0;
  const reader = { view: new DataView(file.buffer, file.byteOffset, file.byteLength), offset: start };
  while (filled < entries) {
    if (reader.offset >= end) throw new Error(`column chunk ${leaf.path} ends after ${filled} of ${entries} values`);
    const header: PageHeader = parquetHeader(reader);
    const bodyStart = reader.offset;
    const bodyEnd = bodyStart + header.compressed_page_size;
    if (bodyEnd > end) throw new Error(`page of ${leaf.path} runs past its column chunk`);
    reader.offset = bodyEnd;
    const raw = file.subarray(bodyStart, bodyEnd);
    const inflate = (bytes: Uint8Array, size: number) => (meta.codec === 'SNAPPY' ? uncompress(bytes, size) : bytes);

    if (header.type === 'DICTIONARY_PAGE') {
      const dph = header.dictionary_page_header;
      if (!dph || (dph.encoding !== 'PLAIN' && dph.encoding !== 'PLAIN_DICTIONARY')) throw new Unsupported('dictionary encoding');
      const body = pageBytes(inflate(raw, header.uncompressed_page_size));
      dictionary = new Array(dph.num_values);
      readPlain(leaf.kind, body, 0, body.buf.length, dph.num_values, dictionary, 0);
      continue;
    }

    let n: number;
    let encoding: string;
    let page: PageBytes;
    const cursor: ByteCursor = { bytes: raw, pos: 0 };
    if (header.type === 'DATA_PAGE') {
      const dh = header.data_page_header!;
      n = dh.num_values;
      encoding = dh.encoding;
      const body = inflate(raw, header.uncompressed_page_size);
      cursor.bytes = body;
      const lengthPrefixed = (width: number, out: Uint8Array, enc: string) => {
        if (!width) return out.fill(0, filled, filled + n);
        if (enc !== 'RLE') throw new Unsupported(`level encoding ${enc}`);
        const len = new DataView(body.buffer, body.byteOffset).getUint32(cursor.pos, true);
        cursor.pos += 4;
        const levelEnd = cursor.pos + len;
        decodeHybrid(cursor, levelEnd, width, out, filled, n);
        cursor.pos = levelEnd;
      };
      lengthPrefixed(repWidth, rep, dh.repetition_level_encoding);
      lengthPrefixed(defWidth, def, dh.definition_level_encoding);
      page = pageBytes(body);
    } else if (header.type === 'DATA_PAGE_V2') {
      const dh = header.data_page_header_v2!;
      n = dh.num_values;
      encoding = dh.encoding;
      const repLen = dh.repetition_levels_byte_length;
      const defLen = dh.definition_levels_byte_length;
      if (repWidth) decodeHybrid(cursor, repLen, repWidth, rep, filled, n);
      else rep.fill(0, filled, filled + n);
      cursor.pos = repLen;
      if (defWidth) decodeHybrid(cursor, repLen + defLen, defWidth, def, filled, n);
      else def.fill(0, filled, filled + n);
      const valueBytes = raw.subarray(repLen + defLen);
      const size = header.uncompressed_page_size - repLen - defLen;
      const body = dh.is_compressed === false ? valueBytes : inflate(valueBytes, size);
      cursor.bytes = body;
      cursor.pos = 0;
      page = pageBytes(body);
    } else {
      throw new Unsupported(`page type ${header.type}`);
    }
    if (filled + n > entries) throw new Error(`column chunk ${leaf.path} has more values than its footer says`);

    let present = n;
    if (defWidth) {
      present = 0;
      for (let i = filled; i < filled + n; i++) if (def[i] === leaf.maxDef) present++;
    }
    const at = stored;
    stored += present;
    if (encoding === 'PLAIN') {
      readPlain(leaf.kind, page, cursor.pos, page.buf.length, present, values, at);
    } else if (encoding === 'RLE_DICTIONARY' || encoding === 'PLAIN_DICTIONARY') {
      if (!dictionary) throw new Error(`dictionary-encoded page of ${leaf.path} without a dictionary page`);
      if (present) {
        const width = page.buf[cursor.pos++]!;
        const idx = indices(present);
        decodeHybrid(cursor, page.buf.length, width, idx, 0, present);
        const size = dictionary.length;
        for (let i = 0; i < present; i++) {
          const k = idx[i]!;
          if (k >= size) throw new Error(`dictionary index ${k} out of range in ${leaf.path}`);
          values[at + i] = dictionary[k];
        }
      }
    } else if (encoding === 'RLE' && leaf.kind === 'boolean') {
      // Booleans in v2 pages: a length-prefixed hybrid run of 1-bit values.
      const len = page.view.getUint32(cursor.pos, true);
      cursor.pos += 4;
      const bits = indices(present);
      decodeHybrid(cursor, cursor.pos + len, 1, bits, 0, present);
      for (let i = 0; i < present; i++) values[at + i] = bits[i] === 1;
    } else {
      throw new Unsupported(`encoding ${encoding}`);
    }
    filled += n;
  }
  values.length = stored;
  return { entries, def, rep, values };
}
