import fs from 'node:fs';
import { SeifError } from '../errors';

export interface JsonlLineError {
  /** 1-based line number. */
  line: number;
  message: string;
  /** True when the bad line is the last one and has no trailing newline: a write torn by a crash. */
  torn: boolean;
}

export interface JsonlParse<T = unknown> {
  values: { line: number; value: T }[];
  errors: JsonlLineError[];
}

/** Parses JSONL text line by line; a broken line is reported with its number and skipped, never fatal. */
export function parseJsonl<T = unknown>(text: string): JsonlParse<T> {
  const values: { line: number; value: T }[] = [];
  const errors: JsonlLineError[] = [];
  const lines = text.split('\n');
  const endsWithNewline = text.endsWith('\n');
  for (let i = 0; i < lines.length; i++) {
    let raw = lines[i]!;
    if (raw.endsWith('\r')) raw = raw.slice(0, -1);
    if (raw.trim() === '') continue;
    try {
      values.push({ line: i + 1, value: JSON.parse(raw) as T });
    } catch (e) {
      const last = i === lines.length - 1 && !endsWithNewline;
      errors.push({ line: i + 1, message: (e as Error).message, torn: last });
    }
  }
  return { values, errors };
}

export async function readJsonlFile<T = unknown>(file: string): Promise<JsonlParse<T>> {
  let text: string;
  try {
    text = await fs.promises.readFile(file, 'utf8');
  } catch (e) {
    throw new SeifError(`cannot read JSONL: ${(e as Error).message}`, file, undefined, { cause: e });
  }
  return parseJsonl<T>(text);
}

/** JSON.stringify that writes bigint as a JSON number (int64 columns), exactly. */
export function toJsonLine(value: unknown): string {
  return stringifyWithBigInt(value);
}

export function stringifyWithBigInt(value: unknown, indent?: number): string {
  const marks: string[] = [];
  const json = JSON.stringify(
    value,
    (_k, v) => {
      if (typeof v === 'bigint') {
        marks.push(v.toString());
        return `\u0000bigint${marks.length - 1}\u0000`;
      }
      return v;
    },
    indent,
  );
  if (marks.length === 0) return json;
  return json.replace(/"\\u0000bigint(\d+)\\u0000"/g, (_m, i: string) => marks[Number(i)]!);
}

/** Appends lines and fsyncs, so an acknowledged append survives a crash. */
export async function appendJsonlDurable(file: string, values: unknown[]): Promise<void> {
  if (values.length === 0) return;
  const text = values.map((v) => toJsonLine(v) + '\n').join('');
  const handle = await fs.promises.open(file, 'a');
  try {
    await handle.appendFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
}
