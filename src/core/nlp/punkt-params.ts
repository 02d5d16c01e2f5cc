// Punkt's English parameters are data, not code: learnt abbreviations, collocations, sentence
// starters and orthographic contexts. Found, in order, in NLTK's data folders (`punkt`'s
// english.pickle, which SEIF loads, read without executing it; `punkt_tab`, the format NLTK ≥ 3.9
// downloads) or in Debian's golang-gopkg-neurosnap-sentences.v1-dev JSON (the same parameters as
// NLTK's english.pickle). Without any of them the tokenizer runs with empty parameters.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readPickle, type PyObject } from './pickle';

export interface PunktParameters {
  abbrevTypes: Set<string>;
  /** "type1 type2" pairs (types never contain whitespace). */
  collocations: Set<string>;
  sentStarters: Set<string>;
  orthoContext: Map<string, number>;
}

export interface PunktModel {
  params: PunktParameters;
  /** The file or folder the parameters came from; null for the empty fallback. */
  source: string | null;
}

export const DEBIAN_PUNKT_JSON = '/usr/share/gocode/src/gopkg.in/neurosnap/sentences.v1/data/english.json';

export function emptyPunktParameters(): PunktParameters {
  return { abbrevTypes: new Set(), collocations: new Set(), sentStarters: new Set(), orthoContext: new Map() };
}

/** NLTK's data search path: $NLTK_DATA first, then the folders nltk.data.path lists by default. */
export function nltkDataDirs(env: NodeJS.ProcessEnv = process.env): string[] {
  const dirs = (env.NLTK_DATA ?? '').split(path.delimiter).filter(Boolean);
  dirs.push(path.join(os.homedir(), 'nltk_data'));
  for (const prefix of [env.VIRTUAL_ENV, env.CONDA_PREFIX, '/usr']) {
    if (prefix) dirs.push(path.join(prefix, 'nltk_data'), path.join(prefix, 'share', 'nltk_data'), path.join(prefix, 'lib', 'nltk_data'));
  }
  dirs.push('/usr/local/share/nltk_data', '/usr/local/lib/nltk_data');
  return dirs;
}

function lines(file: string): string[] {
  return fs.readFileSync(file, 'utf8').split('\n').filter((l) => l !== '');
}

/** Reads NLTK's punkt_tab/english folder (abbrev_types.txt, collocations.tab, sent_starters.txt, ortho_context.tab). */
export function readPunktTab(dir: string): PunktParameters {
  const p = emptyPunktParameters();
  for (const l of lines(path.join(dir, 'abbrev_types.txt'))) p.abbrevTypes.add(l);
  for (const l of lines(path.join(dir, 'sent_starters.txt'))) p.sentStarters.add(l);
  for (const l of lines(path.join(dir, 'collocations.tab'))) {
    const [a, b] = l.split('\t');
    if (a !== undefined && b !== undefined) p.collocations.add(`${a} ${b}`);
  }
  for (const l of lines(path.join(dir, 'ortho_context.tab'))) {
    const [typ, flags] = l.split('\t');
    if (typ !== undefined && flags !== undefined) p.orthoContext.set(typ, Number(flags));
  }
  return p;
}

/** Reads the neurosnap/sentences JSON: {AbbrevTypes, Collocations: {"a,b": 1}, SentStarters, OrthoContext}. */
export function readNeurosnapJson(file: string): PunktParameters {
  const data = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, Record<string, number>>;
  const p = emptyPunktParameters();
  for (const k of Object.keys(data.AbbrevTypes ?? {})) p.abbrevTypes.add(k);
  for (const k of Object.keys(data.SentStarters ?? {})) p.sentStarters.add(k);
  for (const k of Object.keys(data.Collocations ?? {})) {
    const comma = k.indexOf(',');
    if (comma > 0) p.collocations.add(`${k.slice(0, comma)} ${k.slice(comma + 1)}`);
  }
  for (const [k, v] of Object.entries(data.OrthoContext ?? {})) p.orthoContext.set(k, v);
  return p;
}

function stateOf(obj: unknown, what: string): Map<unknown, unknown> {
  const state = (obj as PyObject | undefined)?.state;
  if (!(state instanceof Map)) throw new Error(`${what} has no state dictionary`);
  return state;
}

/** Reads NLTK's tokenizers/punkt/english.pickle (a pickled PunktSentenceTokenizer). */
export function readPunktPickle(file: string): PunktParameters {
  const tokenizer = readPickle(fs.readFileSync(file));
  const params = stateOf(stateOf(tokenizer, 'the tokenizer').get('_params'), '_params');
  const strings = (v: unknown) => new Set([...((v as Set<unknown>) ?? [])].map(String));
  const p = emptyPunktParameters();
  p.abbrevTypes = strings(params.get('abbrev_types'));
  p.sentStarters = strings(params.get('sent_starters'));
  for (const pair of (params.get('collocations') as Set<unknown[]>) ?? []) p.collocations.add(`${pair[0]} ${pair[1]}`);
  for (const [typ, flags] of (params.get('ortho_context') as Map<unknown, unknown>) ?? []) p.orthoContext.set(String(typ), Number(flags));
  return p;
}

/** Finds English Punkt parameters on this machine. */
export function findPunktModel(env: NodeJS.ProcessEnv = process.env): PunktModel {
  for (const dir of nltkDataDirs(env)) {
    for (const pickle of [path.join(dir, 'tokenizers', 'punkt', 'PY3', 'english.pickle'), path.join(dir, 'tokenizers', 'punkt', 'english.pickle')]) {
      if (!fs.existsSync(pickle)) continue;
      try {
        return { params: readPunktPickle(pickle), source: pickle };
      } catch {
        // An unreadable pickle: keep looking (punkt_tab, Debian's JSON).
      }
    }
    const tab = path.join(dir, 'tokenizers', 'punkt_tab', 'english');
    if (fs.existsSync(path.join(tab, 'ortho_context.tab'))) return { params: readPunktTab(tab), source: tab };
  }
  const json = env.SEIF_PUNKT_JSON ?? DEBIAN_PUNKT_JSON;
  if (fs.existsSync(json)) return { params: readNeurosnapJson(json), source: json };
  return { params: emptyPunktParameters(), source: null };
}

let cached: PunktModel | undefined;

/** The English model, searched once per process. */
export function englishPunktModel(): PunktModel {
  return (cached ??= findPunktModel());
}
