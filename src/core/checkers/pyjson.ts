// Whether Python's `json.loads` accepts a text. It differs from JSON.parse in one way that matters:
// Python also accepts the constants NaN, Infinity and -Infinity (anywhere a value may stand).
const CONSTANT = /-?Infinity|NaN/y;

/** Replaces Python's extra constants outside strings with a padded `0`, which cannot merge with neighbours. */
function withoutPythonConstants(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; ) {
    const c = text[i]!;
    if (inString) {
      out += c;
      if (c === '\\') {
        out += text[i + 1] ?? '';
        i += 2;
        continue;
      }
      if (c === '"') inString = false;
      i++;
      continue;
    }
    if (c === '"') {
      inString = true;
      out += c;
      i++;
      continue;
    }
    CONSTANT.lastIndex = i;
    const m = CONSTANT.exec(text);
    if (m) {
      out += ' 0 ';
      i += m[0].length;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

/** Returns null when Python's json.loads(text) succeeds, else the parse error message. */
export function pythonJsonError(text: string): string | null {
  try {
    JSON.parse(withoutPythonConstants(text));
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}
