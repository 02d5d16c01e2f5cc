// Counts as constraints write them: "3", "5,000", "three", "twenty-five", "a single", "twice".

const UNITS: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18,
  nineteen: 19,
};
const TENS: Record<string, number> = {
  twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
};

/**
 * Regex source (no capture groups) for one count: digits, "a single", "a hundred", or any word (with one hyphen).
 * Deliberately loose and small: V8 recompiles big patterns after GC flushes their code, so rules keep their
 * regexes short and check the captured count with parseCount (an unknown word maps to nothing).
 */
export const NUM = `(?:\\d[\\d,]*|(?:a|one) hundred|a single|[a-z]+(?:-[a-z]+)?)`;

/** Regex source for "N times": "once", "twice", "thrice", "3 times", "three times". */
export const TIMES = `(?:once|twice|thrice|${NUM} times?)`;

/** The value of a count matched by NUM or TIMES; undefined for anything else. */
export function parseCount(raw: string): number | undefined {
  const s = raw.trim().toLowerCase().replace(/\s+times?$/, '');
  if (/^\d{1,3}(?:,\d{3})+$|^\d+$/.test(s)) return Number(s.replace(/,/g, ''));
  if (s === 'once' || s === 'a single' || s === 'single' || s === 'a' || s === 'an') return 1;
  if (s === 'twice') return 2;
  if (s === 'thrice') return 3;
  if (s === 'hundred' || s === 'a hundred' || s === 'one hundred') return 100;
  if (s in UNITS) return UNITS[s];
  const m = /^([a-z]+)(?:[- ]([a-z]+))?$/.exec(s);
  if (m && m[1]! in TENS) {
    const unit = m[2] === undefined ? 0 : UNITS[m[2]];
    if (unit === undefined || unit >= 10) return undefined;
    return TENS[m[1]!]! + unit;
  }
  return undefined;
}
