import { SeifError } from '../errors';
import type { ColumnInfo, TypeNode } from './schema';

/**
 * Checks a value against its column type and coerces what the writer needs (int64 → bigint,
 * undefined → null). A value of the wrong type is an error naming file, row and column — never guessed.
 */
export function normaliseForSchema(column: ColumnInfo, value: unknown, file: string, row: number): unknown {
  return normalise(column.node, value, () => `row ${row}, column ${column.name}`, file);
}

function normalise(node: TypeNode, value: unknown, place: () => string, file: string): unknown {
  if (value === undefined || value === null) return null;
  const fail = (expected: string): never => {
    throw new SeifError(`expected ${expected}, got ${describe(value)}`, file, place());
  };
  switch (node.kind) {
    case 'primitive':
      switch (node.logical) {
        case 'string':
          return typeof value === 'string' ? value : fail('a string');
        case 'int64':
          if (typeof value === 'bigint') return value;
          if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
          if (typeof value === 'string' && /^-?\d+$/.test(value)) return BigInt(value);
          return fail('an integer (int64)');
        case 'int32':
          if (typeof value === 'number' && Number.isInteger(value)) return value;
          if (typeof value === 'bigint') return Number(value);
          return fail('an integer (int32)');
        case 'double':
        case 'float':
          if (typeof value === 'number') return value;
          if (typeof value === 'bigint') return Number(value);
          return fail('a number');
        case 'bool':
          return typeof value === 'boolean' ? value : fail('a boolean');
        case 'null':
          return fail('null (this column only holds nulls)');
        case 'bytes':
          return value instanceof Uint8Array || typeof value === 'string' ? value : fail('bytes');
      }
      return value;
    case 'list':
      if (!Array.isArray(value)) return fail(`a list (${node.element.kind === 'primitive' ? node.element.logical : node.element.kind})`);
      return value.map((v, i) => normalise(node.element, v, () => `${place()}[${i}]`, file));
    case 'struct': {
      if (typeof value !== 'object' || Array.isArray(value)) return fail('an object');
      const obj = value as Record<string, unknown>;
      const known = new Set(node.fields.map((f) => f.name));
      for (const key of Object.keys(obj)) {
        if (!known.has(key) && obj[key] !== undefined && obj[key] !== null) {
          throw new SeifError(`unexpected field "${key}" (the source schema has: ${[...known].join(', ')})`, file, place());
        }
      }
      const out: Record<string, unknown> = {};
      for (const f of node.fields) out[f.name] = normalise(f.type, obj[f.name], () => `${place()}.${f.name}`, file);
      return out;
    }
  }
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)}`;
  return `${typeof v} ${String(v)}`.slice(0, 60);
}

/** JSON-safe copy of a parquet value (hyparquet yields undefined for some nested nulls). */
export function toPlain(value: unknown): unknown {
  if (value === undefined) return null;
  if (Array.isArray(value)) return value.map(toPlain);
  if (value && typeof value === 'object' && !(value instanceof Uint8Array)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toPlain(v);
    return out;
  }
  return value;
}
