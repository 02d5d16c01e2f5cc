// Parquet's RLE / bit-packed hybrid (levels and dictionary indices), decoded straight into a caller's typed
// array: no per-value allocation, which is most of what makes a generic reader slow on SEIF's files.
import { Unsupported } from './unsupported';

export interface ByteCursor {
  bytes: Uint8Array;
  pos: number;
}

function readVarInt(c: ByteCursor): number {
  let result = 0;
  let shift = 0;
  for (;;) {
    if (c.pos >= c.bytes.length) throw new Error('RLE run header past the end of the page');
    const b = c.bytes[c.pos++]!;
    result += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) return result;
    shift += 7;
    if (shift > 35) throw new Error('RLE run header varint too long');
  }
}

/**
 * Decodes `count` values of `bitWidth` bits into `out[at..at+count)` from `c.bytes[c.pos..end)`.
 * Leaves `c.pos` at the end of what it read.
 */
export function decodeHybrid(c: ByteCursor, end: number, bitWidth: number, out: Uint8Array | Int32Array, at: number, count: number): void {
  if (bitWidth > 24) throw new Unsupported(`bit width ${bitWidth}`);
  const byteWidth = (bitWidth + 7) >> 3;
  const mask = bitWidth === 0 ? 0 : (1 << bitWidth) - 1;
  const bytes = c.bytes;
  let seen = 0;
  while (seen < count) {
    if (c.pos >= end) throw new Error(`RLE data ends after ${seen} of ${count} values`);
    const header = readVarInt(c);
    if ((header & 1) === 0) {
      // run: one value repeated
      const run = Math.floor(header / 2);
      let value = 0;
      for (let i = 0; i < byteWidth; i++) value |= bytes[c.pos++]! << (8 * i);
      const n = Math.min(run, count - seen);
      out.fill(value, at + seen, at + seen + n);
      seen += n;
    } else {
      // bit-packed groups of 8 values, least significant bit first
      const values = Math.floor(header / 2) * 8;
      const byteLength = Math.floor(header / 2) * bitWidth;
      if (c.pos + byteLength > end) throw new Error('bit-packed run past the end of the page');
      let buffer = 0;
      let bits = 0;
      let p = c.pos;
      const n = Math.min(values, count - seen);
      for (let i = 0; i < n; i++) {
        while (bits < bitWidth) {
          buffer |= bytes[p++]! << bits;
          bits += 8;
        }
        out[at + seen + i] = buffer & mask;
        buffer >>>= bitWidth;
        bits -= bitWidth;
      }
      seen += n;
      c.pos += byteLength;
    }
  }
}

export function bitWidthOf(maxValue: number): number {
  return maxValue === 0 ? 0 : 32 - Math.clz32(maxValue);
}
