/**
 * Finds the JSON value in a model reply the way SEIF's parser does, minus its pitfalls: a fenced block
 * first (whole content, so braces inside strings survive), then the whole text, then the span from the
 * first `{` to the last `}`. Returns undefined when nothing parses.
 */
export function extractJson(text: string): unknown {
  const candidates: string[] = [];
  for (const m of text.matchAll(/```(?:json|JSON|Json)?\s*\n?([\s\S]*?)```/g)) candidates.push(m[1]!.trim());
  candidates.push(text.trim());
  const first = text.indexOf('{');
  const last = text.lastIndexOf('}');
  if (first >= 0 && last > first) candidates.push(text.slice(first, last + 1));
  for (const c of candidates) {
    if (!c) continue;
    try {
      return JSON.parse(c);
    } catch {}
  }
  return undefined;
}
