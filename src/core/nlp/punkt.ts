// NLTK 3.8's PunktSentenceTokenizer (tokenize with realign_boundaries=True), step for step:
// candidate contexts from the period-context regex, first-pass (type-based) and second-pass
// (collocation / orthographic / sentence-starter) annotation, then boundary realignment.
// Indices are UTF-16 offsets; every regex works on code points (`u`), so slices agree with Python's.
import type { PunktParameters } from './punkt-params';
import { PY_SPACE_CHARS, pyIsLower, pyIsUpper, pyRstrip, pyStrip } from './pystr';

const S = `[${PY_SPACE_CHARS}]`;
const NS = `[^${PY_SPACE_CHARS}]`;
const END = '(?![\\s\\S])';
const NON_WORD = `(?:[\\)";}\\]\\*:@'\\(\\{\\[!?])`;
const MULTI_CHAR = `(?:-{2,}|\\.{2,}|(?:\\.${S}){2,}\\.)`;
const WORD_START = '[^\\("`\\{\\[:;&#\\*@\\)\\}\\]\\-,]';
const WORD_TOKENIZER = new RegExp(
  `${MULTI_CHAR}|(?=${WORD_START})${NS}+?(?=${S}|${END}|${NON_WORD}|${MULTI_CHAR}|,(?=${END}|${S}|${NON_WORD}|${MULTI_CHAR}))|${NS}`,
  'gu',
);
const PERIOD_CONTEXT = new RegExp(`[.?!](?=(${NON_WORD}|${S}+(${NS}+)))`, 'gu');
const BOUNDARY_REALIGNMENT = new RegExp(`^["')\\]}]+?(?:${S}+|(?=--)|(?![^\\n]))`, 'u');
const RE_NUMERIC = /^-?[.,]?\p{Nd}[\p{Nd},.-]*\.?$/u;
const RE_INITIAL = /^(?:(?!\p{Nd})[\p{L}\p{N}_])\.$/u;
const RE_ELLIPSIS = /^\.\.+$/u;
const ASCII_WHITESPACE = new Set([' ', '\t', '\n', '\r', '\x0b', '\x0c']);
const PUNCTUATION = new Set([';', ':', ',', '.', '!', '?']);

const ORTHO_BEG_UC = 1 << 1;
const ORTHO_MID_UC = 1 << 2;
const ORTHO_UNK_UC = 1 << 3;
const ORTHO_BEG_LC = 1 << 4;
const ORTHO_MID_LC = 1 << 5;
const ORTHO_UNK_LC = 1 << 6;
const ORTHO_UC = ORTHO_BEG_UC + ORTHO_MID_UC + ORTHO_UNK_UC;
const ORTHO_LC = ORTHO_BEG_LC + ORTHO_MID_LC + ORTHO_UNK_LC;

interface Token {
  tok: string;
  type: string;
  periodFinal: boolean;
  sentbreak: boolean;
  abbr: boolean;
  ellipsis: boolean;
}

function makeToken(tok: string): Token {
  const lower = tok.toLowerCase();
  return {
    tok,
    type: RE_NUMERIC.test(lower) ? '##number##' : lower,
    periodFinal: tok.endsWith('.'),
    sentbreak: false,
    abbr: false,
    ellipsis: false,
  };
}

function typeNoPeriod(t: Token): string {
  return t.type.length > 1 && t.type.endsWith('.') ? t.type.slice(0, -1) : t.type;
}

function typeNoSentPeriod(t: Token): string {
  return t.sentbreak ? typeNoPeriod(t) : t.type;
}

function firstChar(t: Token): string {
  return String.fromCodePoint(t.tok.codePointAt(0)!);
}

/** Punkt's word segmentation of one line (splits punctuation other than periods off words). */
export function punktWordTokenize(line: string): string[] {
  return line.match(WORD_TOKENIZER) ?? [];
}

export class PunktSentenceTokenizer {
  constructor(private readonly params: PunktParameters) {}

  /** Sentences of `text`, as NLTK's `tokenize(text)` returns them. */
  tokenize(text: string): string[] {
    return this.spanTokenize(text).map(([a, b]) => text.slice(a, b));
  }

  spanTokenize(text: string): [number, number][] {
    return this.realignBoundaries(text, this.slicesFromText(text));
  }

  private tokenizeWords(plaintext: string): Token[] {
    const out: Token[] = [];
    for (const line of plaintext.split('\n')) {
      if (pyStrip(line) === '') continue;
      for (const tok of punktWordTokenize(line)) out.push(makeToken(tok));
    }
    return out;
  }

  private firstPass(t: Token): void {
    const tok = t.tok;
    if (tok === '.' || tok === '?' || tok === '!') t.sentbreak = true;
    else if (RE_ELLIPSIS.test(tok)) t.ellipsis = true;
    else if (t.periodFinal && !tok.endsWith('..')) {
      const stem = tok.slice(0, -1).toLowerCase();
      const parts = stem.split('-');
      if (this.params.abbrevTypes.has(stem) || this.params.abbrevTypes.has(parts[parts.length - 1]!)) t.abbr = true;
      else t.sentbreak = true;
    }
  }

  private orthoHeuristic(t: Token): boolean | 'unknown' {
    if (PUNCTUATION.has(t.tok)) return false;
    const ctx = this.params.orthoContext.get(typeNoSentPeriod(t)) ?? 0;
    const ch = firstChar(t);
    if (pyIsUpper(ch) && ctx & ORTHO_LC && !(ctx & ORTHO_MID_UC)) return true;
    if (pyIsLower(ch) && (ctx & ORTHO_UC || !(ctx & ORTHO_BEG_LC))) return false;
    return 'unknown';
  }

  private secondPass(t1: Token, t2: Token): void {
    if (!t1.periodFinal) return;
    const typ = typeNoPeriod(t1);
    const nextTyp = typeNoSentPeriod(t2);
    const isInitial = RE_INITIAL.test(t1.tok);
    if (this.params.collocations.has(`${typ} ${nextTyp}`)) {
      t1.sentbreak = false;
      t1.abbr = true;
      return;
    }
    if ((t1.abbr || t1.ellipsis) && !isInitial) {
      const starter = this.orthoHeuristic(t2);
      if (starter === true) {
        t1.sentbreak = true;
        return;
      }
      if (pyIsUpper(firstChar(t2)) && this.params.sentStarters.has(nextTyp)) {
        t1.sentbreak = true;
        return;
      }
    }
    if (isInitial || typ === '##number##') {
      const starter = this.orthoHeuristic(t2);
      if (starter === false) {
        t1.sentbreak = false;
        t1.abbr = true;
        return;
      }
      if (starter === 'unknown' && isInitial && pyIsUpper(firstChar(t2)) && !((this.params.orthoContext.get(nextTyp) ?? 0) & ORTHO_LC)) {
        t1.sentbreak = false;
        t1.abbr = true;
      }
    }
  }

  /** True if the context holds a sentence break before its last token. */
  private textContainsSentbreak(text: string): boolean {
    const tokens = this.tokenizeWords(text);
    for (const t of tokens) this.firstPass(t);
    let found = false;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      const next = tokens[i + 1];
      if (next) this.secondPass(t, next);
      if (found) return true;
      if (t.sentbreak) found = true;
    }
    return false;
  }

  private *matchPotentialEndContexts(text: string): Generator<{ end: number; nextTokStart: number | null; context: string }> {
    let prevStart = 0;
    let prevStop = 0;
    let prev: RegExpExecArray | null = null;
    const re = new RegExp(PERIOD_CONTEXT.source, 'gu');
    const emit = (m: RegExpExecArray) => ({
      end: m.index + 1,
      nextTokStart: m[2] === undefined ? null : m.index + 1 + m[1]!.length - m[2].length,
      context: text.slice(prevStart, prevStop) + m[0] + m[1]!,
    });
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const before = text.slice(prevStop, m.index);
      let idx = lastAsciiWhitespace(before);
      idx = idx ? idx + prevStop + 1 : prevStart;
      if (prev && prevStop <= idx) yield emit(prev);
      prev = m;
      prevStart = idx;
      prevStop = m.index;
    }
    if (prev) yield emit(prev);
  }

  private slicesFromText(text: string): [number, number][] {
    const slices: [number, number][] = [];
    let lastBreak = 0;
    for (const c of this.matchPotentialEndContexts(text)) {
      if (this.textContainsSentbreak(c.context)) {
        slices.push([lastBreak, c.end]);
        lastBreak = c.nextTokStart ?? c.end;
      }
    }
    slices.push([lastBreak, pyRstrip(text).length]);
    return slices;
  }

  private realignBoundaries(text: string, slices: [number, number][]): [number, number][] {
    const out: [number, number][] = [];
    let realign = 0;
    const nonEmpty = (a: number, b: number) => b > a && a < text.length;
    for (let i = 0; i < slices.length; i++) {
      const s1: [number, number] = [slices[i]![0] + realign, slices[i]![1]];
      const s2 = slices[i + 1];
      if (!s2) {
        if (nonEmpty(s1[0], s1[1])) out.push(s1);
        continue;
      }
      const m = BOUNDARY_REALIGNMENT.exec(text.slice(s2[0], s2[1]));
      if (m) {
        out.push([s1[0], s2[0] + pyRstrip(m[0]).length]);
        realign = m[0].length;
      } else {
        realign = 0;
        if (nonEmpty(s1[0], s1[1])) out.push(s1);
      }
    }
    return out;
  }
}

/** Index of the last ASCII whitespace character (Python's string.whitespace), 0 if none. */
function lastAsciiWhitespace(text: string): number {
  for (let i = text.length - 1; i >= 0; i--) if (ASCII_WHITESPACE.has(text[i]!)) return i;
  return 0;
}
