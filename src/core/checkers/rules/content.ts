// detectable_content:* — placeholders in square brackets; a postscript marker anywhere (not line-anchored).
import type { KwargsOf } from '../kwargs';
import { pyCountMatches, pySearch } from '../../nlp/pyregex';
import { pyReprStr, pyStrip } from '../../nlp/pystr';
import { fixedPattern, kwargPattern, type Rule } from './types';

const PLACEHOLDER = fixedPattern('\\[.*?\\]');

export function numberPlaceholders(kw: KwargsOf<'detectable_content:number_placeholders'>): Rule {
  return (value) => {
    const n = pyCountMatches(PLACEHOLDER, value);
    return { ok: n >= kw.num_placeholders, reason: `needs at least ${kw.num_placeholders} placeholders like [name], has ${n}` };
  };
}

export function postscript(kw: KwargsOf<'detectable_content:postscript'>): Rule {
  const marker = pyStrip(kw.postscript_marker);
  // The two IFEval markers get tolerant patterns; any other marker is a raw regex fragment, lowercased.
  const pattern =
    marker === 'P.P.S' ? '\\s*p\\.\\s?p\\.\\s?s.*$' : marker === 'P.S.' ? '\\s*p\\.\\s?s\\..*$' : `\\s*${marker.toLowerCase()}.*$`;
  const { re } = kwargPattern('detectable_content:postscript', 'postscript_marker', pattern, { multiline: true });
  return (value) =>
    pySearch(re, value.toLowerCase())
      ? { ok: true, reason: `has a postscript starting with ${pyReprStr(marker)}` }
      : { ok: false, reason: `no postscript starting with ${pyReprStr(marker)}` };
}
