// Word and sentence counts. "exactly N" is never mapped: IFEval's length checks are "at least" / "less than".
import { IN_RESPONSE, NUM, REL, relationOf } from './fragments';
import { rx, type Rule } from './rule';

const LIMIT_SUBJECT = String.raw`(?:(?:the|your) (?:entire )?(?:response|answer|reply|output|word count|sentence count|length)|it|yourself)`;
const HAVE = String.raw`(?:(?:contain|include|have|use|be|consist of|be written in|be composed of|be of|be kept|keep (?:the response|your answer|it)|write|answer with|respond with) )?`;

function lengthRules(unit: 'words' | 'sentences'): Rule[] {
  const id = unit === 'words' ? 'length_constraints:number_words' : 'length_constraints:number_sentences';
  const key = unit === 'words' ? 'num_words' : 'num_sentences';
  const CUE = unit === 'words' ? ['word'] : ['sentence'];
  const U = unit === 'words' ? String.raw`words?` : String.raw`sentences?`;
  const kw = (rel: string | undefined, n: string) => {
    const r = relationOf(rel, n);
    return r ? { relation: r.relation, [key]: r.n } : undefined;
  };
  return [
    {
      cue: CUE,
      name: `${unit}-relation`,
      id,
      pattern: rx(String.raw`${HAVE}${REL} (${NUM}) ${U}(?: (?:in length|long|in total|total))?${IN_RESPONSE}`),
      kwargs: (m) => kw(m[1], m[2]!),
    },
    {
      cue: CUE,
      name: `${unit}-limit`,
      id,
      pattern: rx(String.raw`(?:limit|restrict|keep|be limited|limited) (?:${LIMIT_SUBJECT} )?(?:to|at|within|under) (?:${REL} )?(${NUM}) ${U}(?: or (?:less|fewer))?`),
      kwargs: (m) => kw(m[1] ?? 'at most', m[2]!),
    },
    {
      cue: CUE,
      name: `${unit}-or-less`,
      id,
      pattern: rx(String.raw`${HAVE}(${NUM}) ${U} or (less|fewer|more)${IN_RESPONSE}`),
      kwargs: (m) => kw(m[2]!.toLowerCase() === 'more' ? 'at least' : 'at most', m[1]!),
    },
    {
      cue: CUE,
      name: `${unit}-count-limit`,
      id,
      pattern: rx(String.raw`(?:limit|keep) the (?:${unit === 'words' ? 'word' : 'sentence'} count|number of ${unit}) (?:to|at|under|within) (?:${REL} )?(${NUM})(?: ${U})?`),
      kwargs: (m) => kw(m[1] ?? 'at most', m[2]!),
    },
    {
      cue: CUE,
      name: `${unit}-count-relation`,
      id,
      pattern: rx(String.raw`(?:have a |be of a |contain a )?${unit === 'words' ? 'word' : 'sentence'} count (?:of )?${REL} (${NUM})(?: ${U})?`),
      kwargs: (m) => kw(m[1], m[2]!),
    },
  ];
}

export const LENGTH_RULES: Rule[] = [...lengthRules('words'), ...lengthRules('sentences')];
