// A port of Python langdetect 1.0.9's `detect()` with `DetectorFactory.seed = 0`: same text
// cleaning, same n-gram extraction, same MT19937 random stream, same probability updates.
import { langProfiles, type LangProfiles } from './langdetect-profiles';
import { PyRandom } from './pyrandom';
import { pyIsUpper } from './pystr';

const ALPHA_DEFAULT = 0.5;
const ALPHA_WIDTH = 0.05;
const ITERATION_LIMIT = 1000;
const PROB_THRESHOLD = 0.1;
const CONV_THRESHOLD = 0.99999;
const BASE_FREQ = 10000;
const N_TRIAL = 7;
const MAX_TEXT_LENGTH = 10000;
const SEED = 0;

const URL_RE = /https?:\/\/[-_.?&~;+=/#0-9A-Za-z]{1,2076}/g;
const MAIL_RE = /[-_.0-9A-Za-z]{1,64}@[-_0-9A-Za-z]{1,255}[-_.0-9A-Za-z]{1,255}/g;

// The Unicode blocks langdetect's normaliser distinguishes (ranges from its unicode_block table).
type Block = 'latin1' | 'latinExtB' | 'arabic' | 'latinExtAdditional' | 'generalPunct' | 'hiragana' | 'katakana' | 'bopomofo' | 'cjk' | 'hangul' | 'other';
function blockOf(cp: number): Block {
  if (cp >= 0x80 && cp <= 0xff) return 'latin1';
  if (cp >= 0x180 && cp <= 0x24f) return 'latinExtB';
  if (cp >= 0x600 && cp <= 0x6ff) return 'arabic';
  if (cp >= 0x1e00 && cp <= 0x1eff) return 'latinExtAdditional';
  if (cp >= 0x2000 && cp <= 0x206f) return 'generalPunct';
  if (cp >= 0x3040 && cp <= 0x309f) return 'hiragana';
  if (cp >= 0x30a0 && cp <= 0x30ff) return 'katakana';
  if ((cp >= 0x3100 && cp <= 0x312f) || (cp >= 0x31a0 && cp <= 0x31bf)) return 'bopomofo';
  if (cp >= 0x4e00 && cp <= 0x9fff) return 'cjk';
  if (cp >= 0xac00 && cp <= 0xd7af) return 'hangul';
  return 'other';
}

interface Normaliser {
  latin1Excluded: string;
  cjkMap: Map<string, string>;
  viPattern: RegExp | null;
  viAlphabet: string[];
  viMarks: string[];
  viNormalised: string[][];
}

const normalisers = new WeakMap<LangProfiles, Normaliser>();

function normaliserFor(p: LangProfiles): Normaliser {
  let n = normalisers.get(p);
  if (n) return n;
  const m = p.messages;
  const cjkMap = new Map<string, string>();
  for (const [key, value] of m) {
    if (!key.startsWith('NGram.KANJI_')) continue;
    const chars = Array.from(value);
    for (const ch of chars) cjkMap.set(ch, chars[0]!);
  }
  const alphabet = m.get('TO_NORMALIZE_VI_CHARS') ?? '';
  const marks = m.get('DMARK_CLASS') ?? '';
  n = {
    latin1Excluded: m.get('NGram.LATIN1_EXCLUDE') ?? '\u00A0\u00AB\u00B0\u00BB',
    cjkMap,
    viPattern: alphabet && marks ? new RegExp(`([${alphabet}])([${marks}])`, 'gu') : null,
    viAlphabet: Array.from(alphabet),
    viMarks: Array.from(marks),
    viNormalised: ['0300', '0301', '0303', '0309', '0323'].map((k) => Array.from(m.get(`NORMALIZED_VI_CHARS_${k}`) ?? '')),
  };
  normalisers.set(p, n);
  return n;
}

function normaliseChar(ch: string, n: Normaliser): string {
  const cp = ch.codePointAt(0)!;
  if (cp <= 0x7f) return (ch < 'A' || (ch > 'Z' && ch < 'a') || ch > 'z') ? ' ' : ch;
  switch (blockOf(cp)) {
    case 'latin1': return n.latin1Excluded.includes(ch) ? ' ' : ch;
    case 'latinExtB': return ch === '\u0219' ? '\u015f' : ch === '\u021b' ? '\u0163' : ch;
    case 'generalPunct': return ' ';
    case 'arabic': return ch === '\u06cc' ? '\u064a' : ch;
    case 'latinExtAdditional': return cp >= 0x1ea0 ? '\u1ec3' : ch;
    case 'hiragana': return '\u3042';
    case 'katakana': return '\u30a2';
    case 'bopomofo': return '\u3105';
    case 'cjk': return n.cjkMap.get(ch) ?? ch;
    case 'hangul': return '\uac00';
    default: return ch;
  }
}

function prepareText(text: string, n: Normaliser): string[] {
  let t = text.replace(URL_RE, ' ').replace(MAIL_RE, ' ');
  if (n.viPattern) {
    t = t.replace(n.viPattern, (_m, a: string, d: string) => n.viNormalised[n.viMarks.indexOf(d)]![n.viAlphabet.indexOf(a)] ?? '');
  }
  const cps = Array.from(t).slice(0, MAX_TEXT_LENGTH);
  const kept: string[] = [];
  let pre = '';
  for (const ch of cps) {
    if (ch !== ' ' || pre !== ' ') kept.push(ch);
    pre = ch;
  }
  // cleaning_text: drop Latin letters when the text is mostly non-Latin.
  let latin = 0;
  let nonLatin = 0;
  for (const ch of kept) {
    if (ch >= 'A' && ch <= 'z') latin++;
    else if (ch >= '\u0300' && blockOf(ch.codePointAt(0)!) !== 'latinExtAdditional') nonLatin++;
  }
  return latin * 2 < nonLatin ? kept.filter((ch) => ch < 'A' || ch > 'z') : kept;
}

const upperCache = new Map<string, boolean>();
function isUpperChar(ch: string): boolean {
  let v = upperCache.get(ch);
  if (v === undefined) {
    v = pyIsUpper(ch);
    if (upperCache.size < 10000) upperCache.set(ch, v);
  }
  return v;
}

function extractNgrams(chars: string[], p: LangProfiles, n: Normaliser): Float64Array[] {
  const result: Float64Array[] = [];
  // NGram.grams as up to three code points: a (oldest), b, c (newest); `len` of them are in use.
  let a = '';
  let b = '';
  let c = ' ';
  let len = 1;
  let capitalword = false;
  for (const raw of chars) {
    const ch = normaliseChar(raw, n);
    const last = c;
    if (last === ' ') {
      len = 1;
      c = ' ';
      capitalword = false;
      if (ch === ' ') continue;
    } else if (len >= 3) {
      len = 2;
    }
    // push ch
    a = b;
    b = c;
    c = ch;
    len++;
    if (isUpperChar(ch)) {
      if (isUpperChar(last)) capitalword = true;
    } else capitalword = false;
    if (capitalword) continue;
    if (ch !== ' ') {
      const p1 = p.probabilities(ch);
      if (p1) result.push(p1);
    }
    if (len >= 2) {
      const p2 = p.probabilities(b + ch);
      if (p2) result.push(p2);
    }
    if (len >= 3) {
      const p3 = p.probabilities(a + b + ch);
      if (p3) result.push(p3);
    }
  }
  return result;
}

/**
 * The language code Python's `langdetect.detect(text)` returns with seed 0, "unknown" when no
 * language is above the threshold, or null where Python raises LangDetectException (no features).
 */
export function detectLanguage(text: string, profiles: LangProfiles): string | null {
  const n = normaliserFor(profiles);
  const ngrams = extractNgrams(prepareText(text, n), profiles, n);
  if (ngrams.length === 0) return null;
  const size = ngrams[0]!.length;
  const langprob = new Float64Array(size);
  const random = new PyRandom(SEED);
  for (let t = 0; t < N_TRIAL; t++) {
    const prob = new Float64Array(size).fill(1.0 / profiles.langs.length);
    const alpha = ALPHA_DEFAULT + random.gauss(0.0, 1.0) * ALPHA_WIDTH;
    const weight = alpha / BASE_FREQ;
    for (let i = 0; ; i++) {
      const word = random.choice(ngrams);
      if (i % 5 !== 0) {
        for (let j = 0; j < size; j++) prob[j]! *= weight + word[j]!;
      } else {
        // Same additions in the same order as Python's sum(prob) after the update.
        let sum = 0;
        for (let j = 0; j < size; j++) sum += prob[j]! *= weight + word[j]!;
        let maxp = 0;
        for (let j = 0; j < size; j++) {
          const v = prob[j]! / sum;
          if (maxp < v) maxp = v;
          prob[j] = v;
        }
        if (maxp > CONV_THRESHOLD || i >= ITERATION_LIMIT) break;
      }
    }
    for (let j = 0; j < size; j++) langprob[j]! += prob[j]! / N_TRIAL;
  }
  // Python: keep p > threshold, stable sort by probability descending, take the first.
  let best = -1;
  for (let j = 0; j < profiles.langs.length; j++) {
    if (langprob[j]! > PROB_THRESHOLD && (best < 0 || langprob[j]! > langprob[best]!)) best = j;
  }
  return best < 0 ? 'unknown' : profiles.langs[best]!;
}

export interface LanguageGuess {
  /** Detected code; null where Python's langdetect raises (the checkers then count the rule as followed). */
  lang: string | null;
  /** True when the exact Python profiles were not found and a fallback decided. */
  approximate: boolean;
}

const memo = new Map<string, LanguageGuess>();

/** `langdetect.detect(text)` with seed 0, memoised (loose mode asks about the same texts repeatedly). */
export function detectLang(text: string): LanguageGuess {
  const hit = memo.get(text);
  if (hit) return hit;
  const profiles = langProfiles();
  const guess: LanguageGuess = profiles
    ? { lang: detectLanguage(text, profiles), approximate: !profiles.exact }
    : { lang: null, approximate: true };
  if (memo.size > 64) memo.clear();
  memo.set(text, guess);
  return guess;
}
