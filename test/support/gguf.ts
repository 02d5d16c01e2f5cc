// Writes a tiny llama-architecture GGUF with random weights (0.1 MB, pure Node) so the local-model path
// can be exercised end to end. Inference runs; the text is word salad; grammar-constrained JSON is valid.
import fs from 'node:fs';

const T = { UINT32: 4, FLOAT32: 6, STRING: 8, ARRAY: 9, INT32: 5 } as const;
const ALIGN = 32;

class Writer {
  private parts: Buffer[] = [];
  size = 0;
  push(b: Buffer): void {
    this.parts.push(b);
    this.size += b.length;
  }
  u32(v: number): void {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(v);
    this.push(b);
  }
  i32(v: number): void {
    const b = Buffer.alloc(4);
    b.writeInt32LE(v);
    this.push(b);
  }
  u64(v: number): void {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(v));
    this.push(b);
  }
  f32(v: number): void {
    const b = Buffer.alloc(4);
    b.writeFloatLE(v);
    this.push(b);
  }
  str(s: string): void {
    const b = Buffer.from(s, 'utf8');
    this.u64(b.length);
    this.push(b);
  }
  pad(): void {
    const extra = (ALIGN - (this.size % ALIGN)) % ALIGN;
    if (extra) this.push(Buffer.alloc(extra));
  }
  bytes(): Buffer {
    return Buffer.concat(this.parts);
  }
}

type Kv = [string, 'u32', number] | [string, 'f32', number] | [string, 'str', string] | [string, 'strs', string[]] | [string, 'f32s', number[]] | [string, 'i32s', number[]];

function writeKv(w: Writer, [key, kind, value]: Kv): void {
  w.str(key);
  switch (kind) {
    case 'u32':
      w.u32(T.UINT32);
      w.u32(value);
      break;
    case 'f32':
      w.u32(T.FLOAT32);
      w.f32(value);
      break;
    case 'str':
      w.u32(T.STRING);
      w.str(value);
      break;
    case 'strs':
      w.u32(T.ARRAY);
      w.u32(T.STRING);
      w.u64(value.length);
      for (const s of value) w.str(s);
      break;
    case 'f32s':
      w.u32(T.ARRAY);
      w.u32(T.FLOAT32);
      w.u64(value.length);
      for (const v of value) w.f32(v);
      break;
    case 'i32s':
      w.u32(T.ARRAY);
      w.u32(T.INT32);
      w.u64(value.length);
      for (const v of value) w.i32(v);
      break;
  }
}

/** A SentencePiece-style vocabulary: specials, all 256 byte tokens (so any text can be produced), a few pieces. */
function vocabulary(): { tokens: string[]; scores: number[]; types: number[] } {
  const tokens = ['<unk>', '<s>', '</s>'];
  const types = [2, 3, 3];
  for (let b = 0; b < 256; b++) {
    tokens.push(`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`);
    types.push(6);
  }
  for (const piece of ['▁', '▁the', '▁a', 'e', 't', 'o', '{', '}', '"', ':', ',', '▁true', '▁false']) {
    tokens.push(piece);
    types.push(1);
  }
  return { tokens, scores: tokens.map((_, i) => -i), types };
}

export function writeTinyGguf(file: string, seed = 1): { bytes: number } {
  const nEmbd = 64;
  const nHead = 4;
  const nHeadKv = 4;
  const nFf = 128;
  const nLayer = 1;
  const vocab = vocabulary();
  const nVocab = vocab.tokens.length;
  const headDim = nEmbd / nHead;

  const tensors: [string, number[], 'norm' | 'random'][] = [
    ['token_embd.weight', [nEmbd, nVocab], 'random'],
    ['output_norm.weight', [nEmbd], 'norm'],
    ['output.weight', [nEmbd, nVocab], 'random'],
  ];
  for (let i = 0; i < nLayer; i++) {
    tensors.push(
      [`blk.${i}.attn_norm.weight`, [nEmbd], 'norm'],
      [`blk.${i}.attn_q.weight`, [nEmbd, nEmbd], 'random'],
      [`blk.${i}.attn_k.weight`, [nEmbd, headDim * nHeadKv], 'random'],
      [`blk.${i}.attn_v.weight`, [nEmbd, headDim * nHeadKv], 'random'],
      [`blk.${i}.attn_output.weight`, [nEmbd, nEmbd], 'random'],
      [`blk.${i}.ffn_norm.weight`, [nEmbd], 'norm'],
      [`blk.${i}.ffn_gate.weight`, [nEmbd, nFf], 'random'],
      [`blk.${i}.ffn_up.weight`, [nEmbd, nFf], 'random'],
      [`blk.${i}.ffn_down.weight`, [nFf, nEmbd], 'random'],
    );
  }
  const kvs: Kv[] = [
    ['general.architecture', 'str', 'llama'],
    ['general.name', 'str', 'seif-tiny-random'],
    ['general.alignment', 'u32', ALIGN],
    ['llama.context_length', 'u32', 4096],
    ['llama.embedding_length', 'u32', nEmbd],
    ['llama.block_count', 'u32', nLayer],
    ['llama.feed_forward_length', 'u32', nFf],
    ['llama.attention.head_count', 'u32', nHead],
    ['llama.attention.head_count_kv', 'u32', nHeadKv],
    ['llama.rope.dimension_count', 'u32', headDim],
    ['llama.attention.layer_norm_rms_epsilon', 'f32', 1e-5],
    ['tokenizer.ggml.model', 'str', 'llama'],
    ['tokenizer.ggml.tokens', 'strs', vocab.tokens],
    ['tokenizer.ggml.scores', 'f32s', vocab.scores],
    ['tokenizer.ggml.token_type', 'i32s', vocab.types],
    ['tokenizer.ggml.bos_token_id', 'u32', 1],
    ['tokenizer.ggml.eos_token_id', 'u32', 2],
    ['tokenizer.ggml.unknown_token_id', 'u32', 0],
  ];

  const w = new Writer();
  w.push(Buffer.from('GGUF', 'latin1'));
  w.u32(3);
  w.u64(tensors.length);
  w.u64(kvs.length);
  for (const kv of kvs) writeKv(w, kv);
  let offset = 0;
  const sizes = tensors.map(([, dims]) => dims.reduce((a, b) => a * b, 1) * 4);
  tensors.forEach(([name, dims], i) => {
    w.str(name);
    w.u32(dims.length);
    for (const d of dims) w.u64(d);
    w.u32(0); // F32
    w.u64(offset);
    offset += Math.ceil(sizes[i]! / ALIGN) * ALIGN;
  });
  w.pad();
  let state = seed >>> 0;
  const rand = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  tensors.forEach(([, dims, kind], i) => {
    const n = dims.reduce((a, b) => a * b, 1);
    const data = new Float32Array(n);
    for (let k = 0; k < n; k++) data[k] = kind === 'norm' ? 1 : (rand() - 0.5) * 0.2;
    w.push(Buffer.from(data.buffer));
    const extra = Math.ceil(sizes[i]! / ALIGN) * ALIGN - sizes[i]!;
    if (extra) w.push(Buffer.alloc(extra));
  });
  const bytes = w.bytes();
  fs.writeFileSync(file, bytes);
  return { bytes: bytes.length };
}
