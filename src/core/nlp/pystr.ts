// Python `str` semantics the IFEval checkers rely on, where JavaScript differs:
// whitespace (str.isspace includes \x1c-\x1f and \x85, not \ufeff), strip/split, isupper/islower.

/** Characters Python's `str.isspace()` and the `re` class `\s` accept (Unicode mode). */
export const PY_SPACE_CHARS = '\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
/** Python `\w` (str.isalnum() or "_"): letters, numbers, underscore. Combining marks are not word characters. */
export const PY_WORD_CHARS = '\\p{L}\\p{N}_';

const SPACE_RE = new RegExp(`[${PY_SPACE_CHARS}]`, 'u');
const SPACE_RUNS = new RegExp(`[${PY_SPACE_CHARS}]+`, 'u');
// Python whitespace is all in the BMP, so scanning UTF-16 units is exact (and avoids regex backtracking).
const SPACE_UNITS = new Set<number>([0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680,
  0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000]);

export function isPySpace(ch: string): boolean {
  return SPACE_RE.test(ch);
}

/** `s.strip()` with no argument. */
export function pyStrip(s: string): string {
  return pyRstrip(pyLstrip(s));
}

export function pyLstrip(s: string): string {
  let a = 0;
  while (a < s.length && SPACE_UNITS.has(s.charCodeAt(a))) a++;
  return a === 0 ? s : s.slice(a);
}

export function pyRstrip(s: string): string {
  let b = s.length;
  while (b > 0 && SPACE_UNITS.has(s.charCodeAt(b - 1))) b--;
  return b === s.length ? s : s.slice(0, b);
}

/** `s.strip(chars)` / lstrip / rstrip with an explicit character set. */
export function pyStripChars(s: string, chars: string, side: 'both' | 'left' | 'right' = 'both'): string {
  const set = new Set(Array.from(chars));
  const cps = Array.from(s);
  let a = 0;
  let b = cps.length;
  if (side !== 'right') while (a < b && set.has(cps[a]!)) a++;
  if (side !== 'left') while (b > a && set.has(cps[b - 1]!)) b--;
  return cps.slice(a, b).join('');
}

/** `s.split()` with no argument: runs of whitespace, no empty pieces. */
export function pySplitWhitespace(s: string): string[] {
  return s.split(SPACE_RUNS).filter((p) => p !== '');
}

// Python's per-character flags come from the Unicode properties Uppercase / Lowercase and category Lt.
const UPPER = /\p{Uppercase}/u;
const LOWER = /\p{Lowercase}/u;
const TITLE = /\p{Lt}/u;

/** `s.isupper()`: at least one cased character, and no lowercase or titlecase character. */
export function pyIsUpper(s: string): boolean {
  let cased = false;
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (c < 0x80) {
      if (c >= 0x61 && c <= 0x7a) return false;
      if (c >= 0x41 && c <= 0x5a) cased = true;
      continue;
    }
    if (LOWER.test(ch) || TITLE.test(ch)) return false;
    if (!cased && UPPER.test(ch)) cased = true;
  }
  return cased;
}

/** `s.islower()`: at least one cased character, and no uppercase or titlecase character. */
export function pyIsLower(s: string): boolean {
  let cased = false;
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (c < 0x80) {
      if (c >= 0x41 && c <= 0x5a) return false;
      if (c >= 0x61 && c <= 0x7a) cased = true;
      continue;
    }
    if (UPPER.test(ch) || TITLE.test(ch)) return false;
    if (!cased && LOWER.test(ch)) cased = true;
  }
  return cased;
}

/** Python `repr()` of a str: single quotes unless the text has a ' and no ". */
const PLAIN_ASCII = /^[\x20-\x7e]*$/;

export function pyReprStr(s: string): string {
  if (PLAIN_ASCII.test(s) && !s.includes("'") && !s.includes('\\')) return `'${s}'`;
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (/[\p{Cc}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}]/u.test(ch) || (/\p{Zs}/u.test(ch) && ch !== ' ')) {
      // Non-printable characters are escaped by repr (str.isprintable() is False for them).
      out += cp <= 0xff ? `\\x${cp.toString(16).padStart(2, '0')}` : cp <= 0xffff ? `\\u${cp.toString(16).padStart(4, '0')}` : `\\U${cp.toString(16).padStart(8, '0')}`;
    } else out += ch;
  }
  return out + quote;
}

/** Python `repr()` of a list of str, as `str.format` prints it: ['a', 'b']. */
export function pyReprList(items: readonly string[]): string {
  return `[${items.map(pyReprStr).join(', ')}]`;
}

/** Python sorts str by code point; JavaScript's default sort compares UTF-16 units. */
export function pyCompare(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** Number of code points (Python `len`). */
export function pyLen(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}
