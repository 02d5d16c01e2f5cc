/**
 * Reasoning models answer `<think>…</think>answer`; SEIF keeps only the text after `</think>`.
 * An opened but never closed think block means the answer was cut off: nothing usable is left.
 */
export function stripThink(text: string): string {
  const close = text.lastIndexOf('</think>');
  if (close >= 0) return text.slice(close + '</think>'.length).trim();
  if (/^\s*<think>/.test(text)) return '';
  return text.trim();
}
