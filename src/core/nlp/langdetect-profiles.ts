// Finds the language profiles Python's langdetect uses (its package ships them as data) so the port
// detects with the very same n-gram statistics. Without them it falls back to the npm `langdetect`
// package's older profile set (53 languages, some different counts): verdicts are then approximate.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface LangProfiles {
  /** Where the profiles came from (a folder). */
  source: string;
  /** False when only the npm fallback was found: verdicts may differ from Python. */
  exact: boolean;
  /** Language codes in the order Python's os.listdir yields them (directory order). */
  langs: string[];
  /**
   * n-gram → probability per language (index into `langs`), or null when no profile has it. Built on
   * first use of each n-gram from the raw counts, exactly as Python's add_profile computes it.
   */
  probabilities(word: string): Float64Array | null;
  /** messages.properties of the Python package (CJK map, Vietnamese normalisation), if found. */
  messages: Map<string, string>;
}

function globDirs(parent: string, prefix: string): string[] {
  try {
    return fs.readdirSync(parent).filter((d) => d.startsWith(prefix)).map((d) => path.join(parent, d));
  } catch {
    return [];
  }
}

/** Folders where a Python installation of langdetect usually keeps its profiles. */
export function pythonProfileCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  const sitePackages: string[] = [];
  const prefixes = [env.VIRTUAL_ENV, env.CONDA_PREFIX, '/usr/local', '/usr', path.join(os.homedir(), '.local'),
    path.join(os.homedir(), 'miniconda3'), path.join(os.homedir(), 'anaconda3')];
  for (const prefix of prefixes) {
    if (!prefix) continue;
    for (const lib of globDirs(path.join(prefix, 'lib'), 'python3')) {
      sitePackages.push(path.join(lib, 'site-packages'), path.join(lib, 'dist-packages'));
    }
  }
  for (const v of globDirs(path.join(os.homedir(), '.pyenv', 'versions'), '')) {
    for (const lib of globDirs(path.join(v, 'lib'), 'python3')) sitePackages.push(path.join(lib, 'site-packages'));
  }
  const dirs = ['/usr/lib/python3/dist-packages', ...sitePackages].map((d) => path.join(d, 'langdetect', 'profiles'));
  if (env.SEIF_LANGDETECT_PROFILES) dirs.unshift(env.SEIF_LANGDETECT_PROFILES);
  return dirs;
}

/** Directory order (not sorted), like Python's os.listdir: the language order affects float sums. */
function listDirInOrder(dir: string): string[] {
  const d = fs.opendirSync(dir);
  const names: string[] = [];
  try {
    for (let e = d.readSync(); e; e = d.readSync()) if (e.isFile() && !e.name.startsWith('.')) names.push(e.name);
  } finally {
    d.closeSync();
  }
  return names;
}

function parseMessages(file: string): Map<string, string> {
  const map = new Map<string, string>();
  if (!fs.existsSync(file)) return map;
  for (const raw of fs.readFileSync(file, 'utf8').split('\n')) {
    const line = raw.trim();
    const eq = line.indexOf('=');
    if (eq < 0) continue;
    const value = line.slice(eq + 1).replace(/\\u([0-9a-fA-F]{4})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
    map.set(line.slice(0, eq), value);
  }
  return map;
}

interface RawProfile {
  name: string;
  freq: Record<string, number>;
  n_words: number[];
}

function loadFrom(dir: string, exact: boolean, messagesFile: string): LangProfiles {
  const profiles = listDirInOrder(dir).map((file) => JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as RawProfile);
  // Python sizes the arrays by the number of directory entries (langsize = len(list_files)).
  const size = profiles.length;
  const cache = new Map<string, Float64Array | null>();
  const probabilities = (word: string): Float64Array | null => {
    const hit = cache.get(word);
    if (hit !== undefined) return hit;
    let probs: Float64Array | null = null;
    const len = Array.from(word).length;
    profiles.forEach((profile, index) => {
      if (!Object.hasOwn(profile.freq, word)) return;
      probs ??= new Float64Array(size);
      if (len >= 1 && len <= 3) probs[index] = (1.0 * profile.freq[word]!) / profile.n_words[len - 1]!;
    });
    cache.set(word, probs);
    return probs;
  };
  return { source: dir, exact, langs: profiles.map((p) => p.name), probabilities, messages: parseMessages(messagesFile) };
}

let cached: LangProfiles | null | undefined;

/** The profiles (loaded once), or null when neither Python's nor the npm package's are on this machine. */
export function langProfiles(): LangProfiles | null {
  if (cached !== undefined) return cached;
  cached = null;
  for (const dir of pythonProfileCandidates()) {
    if (fs.existsSync(path.join(dir, 'en'))) {
      cached = loadFrom(dir, true, path.join(dir, '..', 'utils', 'messages.properties'));
      return cached;
    }
  }
  try {
    const npmDir = path.dirname(require.resolve('langdetect/profiles/en.json'));
    cached = loadFrom(npmDir, false, '');
  } catch {
    cached = null;
  }
  return cached;
}

/** For tests: forget the loaded profiles so the search runs again. */
export function resetLangProfiles(): void {
  cached = undefined;
}
