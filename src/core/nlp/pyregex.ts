// Translates a Python `re` pattern (str, Unicode mode) into an equivalent JavaScript RegExp.
// IFEval inserts keywords, forbidden words, section splitters and postscript markers into patterns
// unescaped, so they are regex fragments with Python's meaning: Unicode \w \b \s \d, `.` not
// matching \n, `$` also matching before a final \n, `{` literal unless it forms a quantifier.
import { PY_SPACE_CHARS, PY_WORD_CHARS } from './pystr';

export class PyRegexError extends Error {}

export interface PyFlags {
  ignoreCase?: boolean;
  multiline?: boolean;
  dotAll?: boolean;
}

const W = PY_WORD_CHARS;
const S = PY_SPACE_CHARS;
const WORD = `[${W}]`;
const BOUNDARY = `(?:(?<=${WORD})(?!${WORD})|(?<!${WORD})(?=${WORD}))`;
const NON_BOUNDARY = `(?:(?<=${WORD})(?=${WORD})|(?<!${WORD})(?!${WORD}))`;
const JS_SYNTAX = new Set(Array.from('^$\\.*+?()[]{}|/'));
/** Characters with a meaning in a Python pattern (outside a class). */
const PY_SPECIAL = new Set(Array.from('\\^$.*+?()[]{}|'));
const QUANTIFIER_START = new Set(['*', '+', '?', '{']);
const WORD_CHAR = new RegExp(`^[${W}]$`, 'u');
const SIMPLE_ESCAPES: Record<string, string> = { n: '\\n', t: '\\t', r: '\\r', f: '\\f', v: '\\v', a: '\\x07' };

function literal(ch: string): string {
  return JS_SYNTAX.has(ch) ? `\\${ch}` : ch;
}

// Python's IGNORECASE compares simple lowercase forms and treats i/ı as equivalent, so i, I, İ and ı
// all match one another; JavaScript's case folding leaves İ and ı on their own.
const I_FAMILY = 'iIİı';

function classLiteral(ch: string): string {
  return JS_SYNTAX.has(ch) || ch === '-' ? `\\${ch}` : ch;
}

function codePointEscape(cp: number): string {
  return `\\u{${cp.toString(16)}}`;
}

interface Translation {
  source: string;
  flags: PyFlags;
  groups: number;
}

/** Translates `pattern`; throws PyRegexError where Python would reject it or where the port has no equivalent. */
export function translatePyRegex(pattern: string, flags: PyFlags = {}): Translation {
  const cps = Array.from(pattern);
  let i = 0;
  const f: PyFlags = { ...flags };
  // Global inline flags are only legal at the very start of a pattern (Python 3.11).
  const lead = /^\(\?([aiLmsux]+)\)/.exec(pattern);
  if (lead) {
    for (const c of lead[1]!) {
      if (c === 'i') f.ignoreCase = true;
      else if (c === 'm') f.multiline = true;
      else if (c === 's') f.dotAll = true;
      else if (c === 'u') continue;
      else throw new PyRegexError(`inline flag (?${c}) is not supported by this port`);
    }
    i = Array.from(lead[0]).length;
  }
  let out = '';
  let groups = 0;
  // What a following quantifier would repeat: Python rejects repeating nothing or an anchor, and a repeat.
  let last: 'none' | 'anchor' | 'atom' | 'repeat' = 'none';
  const peek = (k = 0) => cps[i + k];
  const iFamily = (ch: string) => f.ignoreCase && I_FAMILY.includes(ch);
  const quantifier = (q: string) => {
    if (last === 'none' || last === 'anchor') throw new PyRegexError('nothing to repeat');
    if (last === 'repeat') throw new PyRegexError('multiple repeat');
    last = 'repeat';
    return q;
  };

  const escapeOutside = (): string => {
    const c = cps[++i];
    if (c === undefined) throw new PyRegexError('bad escape (end of pattern)');
    i++;
    switch (c) {
      case 'w': return WORD;
      case 'W': return `[^${W}]`;
      case 'd': return '\\p{Nd}';
      case 'D': return '\\P{Nd}';
      case 's': return `[${S}]`;
      case 'S': return `[^${S}]`;
      case 'b': return BOUNDARY;
      case 'B': return NON_BOUNDARY;
      case 'A': return '(?<![\\s\\S])';
      case 'Z': return '(?![\\s\\S])';
    }
    return escapeCommon(c, false);
  };

  // Escapes with the same meaning inside and outside a class; `c` is consumed already.
  const escapeCommon = (c: string, inClass: boolean): string => {
    if (SIMPLE_ESCAPES[c]) return SIMPLE_ESCAPES[c]!;
    if (c === 'x' || c === 'u' || c === 'U') {
      const len = c === 'x' ? 2 : c === 'u' ? 4 : 8;
      const hex = cps.slice(i, i + len).join('');
      if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex)) throw new PyRegexError(`incomplete escape \\${c}${hex}`);
      i += len;
      return codePointEscape(parseInt(hex, 16));
    }
    if (c === '0') {
      let oct = '';
      while (oct.length < 2 && /[0-7]/.test(peek() ?? '')) oct += cps[i++];
      return codePointEscape(parseInt(oct || '0', 8));
    }
    if (/[1-9]/.test(c)) {
      if (inClass) throw new PyRegexError(`bad escape \\${c} in a character class`);
      let num = c;
      if (/[0-9]/.test(peek() ?? '')) num += cps[i++];
      if (Number(num) > groups) throw new PyRegexError(`invalid group reference ${num}`);
      return `\\${num}`;
    }
    if (/[A-Za-z]/.test(c)) throw new PyRegexError(`bad escape \\${c}`);
    return inClass ? classLiteral(c) : literal(c);
  };

  const parseClass = (): string => {
    i++; // '['
    let body = '';
    let negate = false;
    if (peek() === '^') {
      negate = true;
      i++;
    }
    let first = true;
    let prevWasClassEscape = false;
    for (;;) {
      const c = peek();
      if (c === undefined) throw new PyRegexError('unterminated character set');
      if (c === ']' && !first) {
        i++;
        break;
      }
      first = false;
      if (c === '\\') {
        const e = cps[++i];
        if (e === undefined) throw new PyRegexError('bad escape (end of pattern)');
        i++;
        if (e === 'w' || e === 's' || e === 'd') {
          body += e === 'w' ? W : e === 's' ? S : '\\p{Nd}';
          prevWasClassEscape = true;
          continue;
        }
        if (e === 'W' || e === 'S' || e === 'D') throw new PyRegexError(`\\${e} inside [...] is not supported by this port`);
        body += e === 'b' ? '\\x08' : escapeCommon(e, true);
        prevWasClassEscape = false;
        continue;
      }
      if (c === '-') {
        const next = cps[i + 1];
        const isRange = body !== '' && !prevWasClassEscape && next !== undefined && next !== ']';
        body += isRange ? '-' : '\\-';
        i++;
        prevWasClassEscape = false;
        continue;
      }
      body += classLiteral(c);
      if (iFamily(c) && cps[i + 1] !== '-' && cps[i - 1] !== '-') body += I_FAMILY;
      i++;
      prevWasClassEscape = false;
    }
    return `[${negate ? '^' : ''}${body}]`;
  };

  const parseGroupOpen = (): string => {
    // at '('
    if (peek(1) !== '?') {
      i++;
      groups++;
      return '(';
    }
    const rest = cps.slice(i, i + 4).join('');
    if (rest.startsWith('(?:')) { i += 3; return '(?:'; }
    if (rest.startsWith('(?=')) { i += 3; return '(?='; }
    if (rest.startsWith('(?!')) { i += 3; return '(?!'; }
    if (rest.startsWith('(?<=')) { i += 4; return '(?<='; }
    if (rest.startsWith('(?<!')) { i += 4; return '(?<!'; }
    if (rest.startsWith('(?#')) {
      const end = cps.indexOf(')', i);
      if (end < 0) throw new PyRegexError('missing ), unterminated comment');
      i = end + 1;
      return '';
    }
    if (rest.startsWith('(?P<')) {
      const end = cps.indexOf('>', i);
      const name = end < 0 ? '' : cps.slice(i + 4, end).join('');
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new PyRegexError(`bad character in group name '${name}'`);
      i = end + 1;
      groups++;
      return `(?<${name}>`;
    }
    if (rest.startsWith('(?P=')) {
      const end = cps.indexOf(')', i);
      const name = end < 0 ? '' : cps.slice(i + 4, end).join('');
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new PyRegexError(`bad group reference '${name}'`);
      i = end + 1;
      return `\\k<${name}>`;
    }
    throw new PyRegexError(`unsupported group syntax ${rest}…`);
  };

  const parseBrace = (): string => {
    // Python: `{m}`, `{m,}`, `{,n}`, `{m,n}` are quantifiers; anything else is a literal `{`.
    const m = /^\{([0-9]*)(,([0-9]*))?\}/.exec(cps.slice(i, i + 40).join(''));
    if (!m || (m[1] === '' && m[2] === undefined)) {
      i++;
      return '\\{';
    }
    i += m[0].length;
    const lo = m[1] === '' ? 0 : Number(m[1]);
    const hi = m[2] === undefined ? String(lo) : m[3] === '' ? '' : m[3]!;
    if (hi !== '' && Number(hi) < lo) throw new PyRegexError('min repeat greater than max repeat');
    return `{${lo},${hi}}`;
  };

  const ANCHOR_ESCAPES = new Set(['b', 'B', 'A', 'Z']);
  // \b next to a literal word character needs only one look-around, which V8 runs much faster.
  let lastWasWordLiteral = false;
  const isWordLiteral = (ch: string | undefined) => ch !== undefined && !PY_SPECIAL.has(ch) && WORD_CHAR.test(ch);
  while (i < cps.length) {
    const c = cps[i]!;
    const wordLiteralBefore = lastWasWordLiteral;
    lastWasWordLiteral = false;
    if (c === '\\' && cps[i + 1] === 'b') {
      const nextIsWord = isWordLiteral(cps[i + 2]) && !QUANTIFIER_START.has(cps[i + 3] ?? '');
      out += nextIsWord ? `(?<!${WORD})` : wordLiteralBefore ? `(?!${WORD})` : BOUNDARY;
      i += 2;
      last = 'anchor';
    } else if (c === '\\') {
      last = ANCHOR_ESCAPES.has(cps[i + 1] ?? '') ? 'anchor' : 'atom';
      out += escapeOutside();
    } else if (c === '[') { out += parseClass(); last = 'atom'; }
    else if (c === '(') {
      const open = parseGroupOpen();
      out += open;
      // A back-reference is something to repeat; a comment changes nothing; a group opens afresh.
      if (open.startsWith('\\k')) last = 'atom';
      else if (open !== '') last = 'none';
    }
    else if (c === '{') {
      const brace = parseBrace();
      if (brace === '\\{') { out += brace; last = 'atom'; }
      else {
        out += quantifier(brace);
        if (peek() === '?') { out += '?'; i++; }
      }
    } else if (c === '.') { out += f.dotAll ? '[\\s\\S]' : '[^\\n]'; i++; last = 'atom'; }
    else if (c === '^') { out += f.multiline ? '(?<![^\\n])' : '(?<![\\s\\S])'; i++; last = 'anchor'; }
    else if (c === '$') { out += f.multiline ? '(?![^\\n])' : '(?=\\n?(?![\\s\\S]))'; i++; last = 'anchor'; }
    else if (c === '*' || c === '+' || c === '?') {
      out += quantifier(c);
      i++;
      if (peek() === '?') { out += '?'; i++; }
      else if (peek() === '+') throw new PyRegexError('possessive quantifiers are not supported by this port');
    } else if (c === '|') { out += c; i++; last = 'none'; }
    else if (c === ')') { out += c; i++; last = 'atom'; }
    else if (c === ']' || c === '}') { out += `\\${c}`; i++; last = 'atom'; }
    else {
      out += iFamily(c) ? `[${I_FAMILY}]` : literal(c);
      lastWasWordLiteral = isWordLiteral(c) && !QUANTIFIER_START.has(cps[i + 1] ?? '');
      i++;
      last = 'atom';
    }
  }
  return { source: out, flags: f, groups };
}

const cache = new Map<string, { re: RegExp; groups: number }>();

/** A global, Unicode RegExp with Python semantics for `pattern`; throws PyRegexError when invalid. */
export function compilePyRegex(pattern: string, flags: PyFlags = {}): { re: RegExp; groups: number } {
  const key = `${flags.ignoreCase ? 'i' : ''}${flags.multiline ? 'm' : ''}${flags.dotAll ? 's' : ''}\u0000${pattern}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const t = translatePyRegex(pattern, flags);
  let re: RegExp;
  try {
    re = new RegExp(t.source, `gu${t.flags.ignoreCase ? 'i' : ''}`);
  } catch (e) {
    throw new PyRegexError((e as Error).message.replace(/^Invalid regular expression: /, ''));
  }
  const compiled = { re, groups: t.groups };
  if (cache.size > 5000) cache.clear();
  cache.set(key, compiled);
  return compiled;
}

/** `len(re.findall(pattern, text))`: non-overlapping matches, empty ones included. */
export function pyCountMatches(re: RegExp, text: string): number {
  re.lastIndex = 0;
  let n = 0;
  for (;;) {
    const m = re.exec(text);
    if (!m) break;
    n++;
    if (m[0] === '') {
      const cp = text.codePointAt(re.lastIndex);
      re.lastIndex += cp !== undefined && cp > 0xffff ? 2 : 1;
      if (re.lastIndex > text.length) break;
    }
  }
  return n;
}

/** `re.search(pattern, text) is not None`. */
export function pySearch(re: RegExp, text: string): boolean {
  re.lastIndex = 0;
  const hit = re.test(text);
  re.lastIndex = 0;
  return hit;
}

/** `re.split(pattern, text)`: the pieces between matches, with each match's groups in between. */
export function pySplit(re: RegExp, text: string): (string | undefined)[] {
  re.lastIndex = 0;
  const pieces: (string | undefined)[] = [];
  let last = 0;
  for (;;) {
    const m = re.exec(text);
    if (!m) break;
    pieces.push(text.slice(last, m.index), ...m.slice(1));
    last = m.index + m[0].length;
    if (m[0] === '') {
      const cp = text.codePointAt(re.lastIndex);
      re.lastIndex += cp !== undefined && cp > 0xffff ? 2 : 1;
      if (re.lastIndex > text.length) break;
    }
  }
  pieces.push(text.slice(last));
  return pieces;
}
