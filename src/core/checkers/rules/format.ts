// detectable_format:* — bullets, fixed answers, highlights, sections, JSON, titles.
import type { KwargsOf } from '../kwargs';
import { pythonJsonError } from '../pyjson';
import { pyCountMatches } from '../../nlp/pyregex';
import { pyReprStr, pyStrip, pyStripChars } from '../../nlp/pystr';
import { fixedPattern, kwargPattern, type Rule } from './types';

const STAR_BULLET = fixedPattern('^\\s*\\*[^\\*].*$', { multiline: true });
const DASH_BULLET = fixedPattern('^\\s*-.*$', { multiline: true });
const SINGLE_HIGHLIGHT = fixedPattern('\\*[^\\n\\*]*\\*');
const DOUBLE_HIGHLIGHT = fixedPattern('\\*\\*[^\\n\\*]*\\*\\*');
const TITLE = fixedPattern('<<[^\\n]+>>');
export const CONSTRAINED_RESPONSE_OPTIONS = ['My answer is yes.', 'My answer is no.', 'My answer is maybe.'] as const;

export function numberBulletLists(kw: KwargsOf<'detectable_format:number_bullet_lists'>): Rule {
  return (value) => {
    const n = pyCountMatches(STAR_BULLET, value) + pyCountMatches(DASH_BULLET, value);
    return { ok: n === kw.num_bullets, reason: `needs exactly ${kw.num_bullets} bullet points (* or -), has ${n}` };
  };
}

export function constrainedResponse(): Rule {
  return (value) => {
    const v = pyStrip(value);
    const hit = CONSTRAINED_RESPONSE_OPTIONS.find((o) => v.includes(o));
    return hit
      ? { ok: true, reason: `contains ${pyReprStr(hit)}` }
      : { ok: false, reason: `contains none of ${CONSTRAINED_RESPONSE_OPTIONS.map(pyReprStr).join(', ')}` };
  };
}

function matches(re: RegExp, text: string): string[] {
  re.lastIndex = 0;
  return Array.from(text.matchAll(re), (m) => m[0]);
}

export function countHighlights(value: string): number {
  let n = 0;
  for (const h of matches(SINGLE_HIGHLIGHT, value)) if (pyStrip(pyStripChars(h, '*')) !== '') n++;
  for (const h of matches(DOUBLE_HIGHLIGHT, value)) if (pyStrip(h.slice(2, -2)) !== '') n++;
  return n;
}

export function numberHighlightedSections(kw: KwargsOf<'detectable_format:number_highlighted_sections'>): Rule {
  return (value) => {
    const n = countHighlights(value);
    return { ok: n >= kw.num_highlights, reason: `needs at least ${kw.num_highlights} highlighted sections like *this*, has ${n}` };
  };
}

export function multipleSections(kw: KwargsOf<'detectable_format:multiple_sections'>): Rule {
  const spliter = pyStrip(kw.section_spliter);
  const { re, groups } = kwargPattern('detectable_format:multiple_sections', 'section_spliter', `\\s?${spliter}\\s?\\d+\\s?`);
  return (value) => {
    // len(re.split(...)) - 1: every match adds one piece plus one per capturing group.
    const n = pyCountMatches(re, value) * (1 + groups);
    return { ok: n >= kw.num_sections, reason: `needs at least ${kw.num_sections} sections marked "${spliter} X", has ${n}` };
  };
}

/** JsonFormat's fence stripping, in its exact order. */
export function stripJsonFences(value: string): string {
  let v = pyStrip(value);
  for (const prefix of ['```json', '```Json', '```JSON', '```']) if (v.startsWith(prefix)) v = v.slice(prefix.length);
  if (v.endsWith('```')) v = v.slice(0, -3);
  return pyStrip(v);
}

export function jsonFormat(): Rule {
  return (value) => {
    const error = pythonJsonError(stripJsonFences(value));
    return error === null ? { ok: true, reason: 'the whole response is valid JSON' } : { ok: false, reason: `not valid JSON: ${error}` };
  };
}

export function title(): Rule {
  return (value) => {
    for (const t of matches(TITLE, value)) {
      if (pyStrip(pyStripChars(pyStripChars(t, '<', 'left'), '>', 'right')) !== '') return { ok: true, reason: `has the title ${t}` };
    }
    return { ok: false, reason: 'no title wrapped in double angular brackets, such as <<poem of joy>>' };
  };
}
