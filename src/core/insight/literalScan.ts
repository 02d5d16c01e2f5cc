// Which groups of literals occur in a text, found in one pass (an Aho-Corasick automaton over char codes).
// Used as a cheap necessary condition before running a regex: a group stands for one rule or category, and
// lists literals of which at least one must occur in any text its regex matches. Letters compare like a
// non-unicode /i regex does: ASCII A–Z equal a–z, nothing else is folded, so a literal is found exactly
// where that regex would see it.

const ASCII_LIMIT = 128;

export class LiteralScanner {
  /** Transition table: next[row + charClass] is the next row, where a row is state × classes. */
  private readonly next: Int32Array;
  /** Group bits reached at each state (words per state), OR-ed over its suffix states. */
  private readonly out: Uint32Array;
  /** 1 at the row offset (state × classes) of states with output. */
  private readonly hasOut: Uint8Array;
  private readonly classOf = new Uint8Array(ASCII_LIMIT);
  private readonly classes: number;
  readonly words: number;

  /** groups[g]: the literals of group g (ASCII; matched case-insensitively for letters). */
  constructor(groups: readonly (readonly string[])[]) {
    this.words = Math.max(1, Math.ceil(groups.length / 32));
    // Class 0 is every character no literal uses (including all non-ASCII code units).
    let classes = 1;
    for (const literal of groups.flat()) {
      for (const ch of literal.toLowerCase()) {
        const code = ch.charCodeAt(0);
        if (code >= ASCII_LIMIT) throw new Error(`literal scanner: only ASCII literals, got ${JSON.stringify(literal)}`);
        if (this.classOf[code] === 0) this.classOf[code] = classes++;
      }
    }
    for (let c = 65; c <= 90; c++) this.classOf[c] = this.classOf[c + 32]!;
    this.classes = classes;

    // The trie (goto function), with each literal's group bits on its last state.
    const gotoOf: Map<number, number>[] = [new Map()];
    const outBits: number[][] = [new Array<number>(this.words).fill(0)];
    groups.forEach((literals, g) => {
      for (const literal of literals) {
        if (literal === '') throw new Error('literal scanner: empty literal');
        let s = 0;
        for (const ch of literal.toLowerCase()) {
          const cls = this.classOf[ch.charCodeAt(0)]!;
          let t = gotoOf[s]!.get(cls);
          if (t === undefined) {
            t = gotoOf.length;
            gotoOf.push(new Map());
            outBits.push(new Array<number>(this.words).fill(0));
            gotoOf[s]!.set(cls, t);
          }
          s = t;
        }
        outBits[s]![g >>> 5]! |= 1 << (g & 31);
      }
    });

    // Breadth-first: failure links become full transitions, outputs inherit their failure state's.
    const states = gotoOf.length;
    this.next = new Int32Array(states * classes);
    this.out = new Uint32Array(states * this.words);
    this.hasOut = new Uint8Array(states * classes);
    const fail = new Int32Array(states);
    const queue: number[] = [];
    for (let cls = 0; cls < classes; cls++) {
      const t = gotoOf[0]!.get(cls);
      if (t !== undefined) {
        this.next[cls] = t;
        fail[t] = 0;
        queue.push(t);
      }
    }
    for (let head = 0; head < queue.length; head++) {
      const s = queue[head]!;
      for (let w = 0; w < this.words; w++) outBits[s]![w]! |= outBits[fail[s]!]![w]!;
      for (let cls = 0; cls < classes; cls++) {
        const t = gotoOf[s]!.get(cls);
        const viaFail = this.next[fail[s]! * classes + cls]!;
        if (t === undefined) {
          this.next[s * classes + cls] = viaFail;
        } else {
          this.next[s * classes + cls] = t;
          fail[t] = viaFail;
          queue.push(t);
        }
      }
    }
    for (let s = 0; s < states; s++) {
      for (let w = 0; w < this.words; w++) {
        this.out[s * this.words + w] = outBits[s]![w]! >>> 0;
        if (outBits[s]![w]) this.hasOut[s * classes] = 1;
      }
    }
    // Transitions hold the target's row offset (state × classes), saving a multiplication per character.
    for (let i = 0; i < this.next.length; i++) this.next[i]! *= classes;
  }

  /** Sets in `found` (length ≥ words, cleared here) the bit of every group with a literal in `text`. */
  scan(text: string, found: Uint32Array): void {
    const next = this.next;
    const hasOut = this.hasOut;
    const classOf = this.classOf;
    const classes = this.classes;
    found.fill(0, 0, this.words);
    let row = 0;
    const n = text.length;
    for (let i = 0; i < n; i++) {
      const code = text.charCodeAt(i);
      row = next[row + (code < ASCII_LIMIT ? classOf[code]! : 0)]!;
      if (hasOut[row]! !== 0) this.collect(row / classes, found);
    }
  }

  private collect(state: number, found: Uint32Array): void {
    for (let w = 0; w < this.words; w++) found[w]! |= this.out[state * this.words + w]!;
  }
}

/** Whether group g's bit is set in a `scan` result. */
export function hasGroup(found: Uint32Array, g: number): boolean {
  return (found[g >>> 5]! & (1 << (g & 31))) !== 0;
}
