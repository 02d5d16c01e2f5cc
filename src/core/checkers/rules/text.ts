// combination:*, startend:*, punctuation:no_comma — plain string tests.
import type { KwargsOf } from '../kwargs';
import { pyReprStr, pyStrip, pyStripChars } from '../../nlp/pystr';
import type { Rule } from './types';

export function twoResponses(): Rule {
  return (value) => {
    const parts = value.split('******');
    const valid: string[] = [];
    for (let i = 0; i < parts.length; i++) {
      if (pyStrip(parts[i]!) !== '') valid.push(parts[i]!);
      else if (i !== 0 && i !== parts.length - 1) return { ok: false, reason: `response ${i + 1} between ****** separators is empty` };
    }
    if (valid.length !== 2) return { ok: false, reason: `needs exactly 2 responses separated by ******, has ${valid.length}` };
    if (pyStrip(valid[0]!) === pyStrip(valid[1]!)) return { ok: false, reason: 'the two responses are identical' };
    return { ok: true, reason: 'two different responses separated by ******' };
  };
}

export function repeatPrompt(kw: KwargsOf<'combination:repeat_prompt'>): Rule {
  const prompt = pyStrip(kw.prompt_to_repeat).toLowerCase();
  return (value) =>
    pyStrip(value).toLowerCase().startsWith(prompt)
      ? { ok: true, reason: 'starts by repeating the request word for word' }
      : { ok: false, reason: 'does not start by repeating the request word for word' };
}

export function endChecker(kw: KwargsOf<'startend:end_checker'>): Rule {
  const shown = pyReprStr(pyStrip(kw.end_phrase));
  const phrase = pyStrip(kw.end_phrase).toLowerCase();
  return (value) =>
    pyStripChars(pyStrip(value), '"').toLowerCase().endsWith(phrase)
      ? { ok: true, reason: `ends with ${shown}` }
      : { ok: false, reason: `does not end with ${shown}` };
}

export function noComma(): Rule {
  return (value) => {
    const n = value.split(',').length - 1;
    return n === 0 ? { ok: true, reason: 'no commas' } : { ok: false, reason: `contains ${n} comma${n === 1 ? '' : 's'}` };
  };
}

export function quotation(): Rule {
  return (value) => {
    const v = pyStrip(value);
    return v.length > 1 && v.startsWith('"') && v.endsWith('"')
      ? { ok: true, reason: 'wrapped in double quotation marks' }
      : { ok: false, reason: 'not wrapped in double quotation marks (") from first to last character' };
  };
}
