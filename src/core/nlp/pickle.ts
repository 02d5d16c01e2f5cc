// A minimal, inert reader for Python pickles (protocols 2–5) of plain data: enough to read NLTK's
// punkt/english.pickle (sets, tuples, dicts, defaultdict, objects with a __dict__ state). It never
// imports or calls anything: a class reference becomes a name, an instance becomes {class, state}.

export class PickleError extends Error {}

export interface PyObject {
  pyClass: string;
  args: unknown[];
  state?: unknown;
}

const MARK = Symbol('mark');

/** Decodes `bytes`; throws PickleError on an opcode this reader does not support. */
export function readPickle(bytes: Uint8Array): unknown {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const utf8 = new TextDecoder('utf-8');
  const latin1 = new TextDecoder('latin1');
  let pos = 0;
  const stack: unknown[] = [];
  const memo: unknown[] = [];
  const u8 = () => bytes[pos++]!;
  const u32 = () => {
    const v = view.getUint32(pos, true);
    pos += 4;
    return v;
  };
  const take = (n: number) => {
    const b = bytes.subarray(pos, pos + n);
    if (b.length < n) throw new PickleError('truncated pickle');
    pos += n;
    return b;
  };
  const line = () => {
    const end = bytes.indexOf(0x0a, pos);
    if (end < 0) throw new PickleError('truncated pickle');
    const s = latin1.decode(bytes.subarray(pos, end));
    pos = end + 1;
    return s;
  };
  const popMark = (): unknown[] => {
    const i = stack.lastIndexOf(MARK);
    if (i < 0) throw new PickleError('MARK missing');
    return stack.splice(i).slice(1);
  };
  const top = () => stack[stack.length - 1];
  const construct = (callable: unknown, args: unknown[]): unknown => {
    const name = typeof callable === 'string' ? callable : (callable as PyObject)?.pyClass;
    if (name === 'builtins.set' || name === '__builtin__.set' || name === 'builtins.frozenset') return new Set((args[0] as unknown[]) ?? []);
    if (name === 'collections.defaultdict') return new Map();
    return { pyClass: String(name), args } satisfies PyObject;
  };

  for (;;) {
    const op = u8();
    switch (op) {
      case 0x80: pos++; break; // PROTO
      case 0x95: pos += 8; break; // FRAME
      case 0x2e: return stack.pop(); // STOP
      case 0x28: stack.push(MARK); break; // MARK
      case 0x4e: stack.push(null); break; // NONE
      case 0x88: stack.push(true); break; // NEWTRUE
      case 0x89: stack.push(false); break; // NEWFALSE
      case 0x4b: stack.push(u8()); break; // BININT1
      case 0x4d: stack.push(view.getUint16((pos += 2) - 2, true)); break; // BININT2
      case 0x4a: stack.push(view.getInt32((pos += 4) - 4, true)); break; // BININT
      case 0x8a: { // LONG1
        const n = u8();
        let v = 0n;
        const b = take(n);
        for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]!);
        if (n > 0 && b[n - 1]! & 0x80) v -= 1n << BigInt(8 * n);
        stack.push(Number(v));
        break;
      }
      case 0x47: stack.push(view.getFloat64((pos += 8) - 8, false)); break; // BINFLOAT
      case 0x8c: stack.push(utf8.decode(take(u8()))); break; // SHORT_BINUNICODE
      case 0x58: stack.push(utf8.decode(take(u32()))); break; // BINUNICODE
      case 0x8d: { // BINUNICODE8
        const n = Number(view.getBigUint64(pos, true));
        pos += 8;
        stack.push(utf8.decode(take(n)));
        break;
      }
      case 0x55: stack.push(latin1.decode(take(u8()))); break; // SHORT_BINSTRING (Python 2 str)
      case 0x54: stack.push(latin1.decode(take(u32()))); break; // BINSTRING
      case 0x43: stack.push(take(u8()).slice()); break; // SHORT_BINBYTES
      case 0x42: stack.push(take(u32()).slice()); break; // BINBYTES
      case 0x94: memo.push(top()); break; // MEMOIZE
      case 0x71: memo[u8()] = top(); break; // BINPUT
      case 0x72: memo[u32()] = top(); break; // LONG_BINPUT
      case 0x68: stack.push(memo[u8()]); break; // BINGET
      case 0x6a: stack.push(memo[u32()]); break; // LONG_BINGET
      case 0x29: stack.push([]); break; // EMPTY_TUPLE
      case 0x85: stack.push([stack.pop()]); break; // TUPLE1
      case 0x86: { const b = stack.pop(); const a = stack.pop(); stack.push([a, b]); break; } // TUPLE2
      case 0x87: { const c = stack.pop(); const b = stack.pop(); const a = stack.pop(); stack.push([a, b, c]); break; } // TUPLE3
      case 0x74: stack.push(popMark()); break; // TUPLE
      case 0x5d: stack.push([]); break; // EMPTY_LIST
      case 0x6c: stack.push(popMark()); break; // LIST
      case 0x61: { const v = stack.pop(); (top() as unknown[]).push(v); break; } // APPEND
      case 0x65: { const items = popMark(); (top() as unknown[]).push(...items); break; } // APPENDS
      case 0x7d: stack.push(new Map()); break; // EMPTY_DICT
      case 0x64: { // DICT
        const items = popMark();
        const m = new Map();
        for (let i = 0; i < items.length; i += 2) m.set(items[i], items[i + 1]);
        stack.push(m);
        break;
      }
      case 0x73: { const v = stack.pop(); const k = stack.pop(); (top() as Map<unknown, unknown>).set(k, v); break; } // SETITEM
      case 0x75: { // SETITEMS
        const items = popMark();
        const m = top() as Map<unknown, unknown>;
        for (let i = 0; i < items.length; i += 2) m.set(items[i], items[i + 1]);
        break;
      }
      case 0x8f: stack.push(new Set()); break; // EMPTY_SET
      case 0x90: { const items = popMark(); for (const v of items) (top() as Set<unknown>).add(v); break; } // ADDITEMS
      case 0x91: stack.push(new Set(popMark())); break; // FROZENSET
      case 0x63: { const mod = line(); stack.push(`${mod}.${line()}`); break; } // GLOBAL
      case 0x93: { const name = stack.pop(); const mod = stack.pop(); stack.push(`${mod}.${name}`); break; } // STACK_GLOBAL
      case 0x81: { const args = stack.pop() as unknown[]; const cls = stack.pop(); stack.push(construct(cls, args)); break; } // NEWOBJ
      case 0x92: { stack.pop(); const args = stack.pop() as unknown[]; const cls = stack.pop(); stack.push(construct(cls, args)); break; } // NEWOBJ_EX
      case 0x52: { const args = stack.pop() as unknown[]; const fn = stack.pop(); stack.push(construct(fn, args)); break; } // REDUCE
      case 0x62: { // BUILD
        const state = stack.pop();
        const obj = top();
        if (obj && typeof obj === 'object' && 'pyClass' in obj) (obj as PyObject).state = state;
        break;
      }
      default:
        throw new PickleError(`unsupported pickle opcode 0x${op.toString(16)} at byte ${pos - 1}`);
    }
  }
}
