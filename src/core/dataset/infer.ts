/** Arrow-style column types inferred from JSON rows (JSONL datasets have no schema of their own). */
export function inferJsonColumns(rows: Record<string, unknown>[]): { name: string; type: string }[] {
  const names: string[] = [];
  for (const row of rows) for (const k of Object.keys(row)) if (!names.includes(k)) names.push(k);
  return names.map((name) => ({ name, type: mergeTypes(rows.map((r) => r[name])) }));
}

function mergeTypes(values: unknown[]): string {
  const types = new Set(values.filter((v) => v !== null && v !== undefined).map(typeOf));
  if (types.size === 0) return 'null';
  if (types.size === 1) return [...types][0]!;
  if ([...types].every((t) => t === 'int64' || t === 'double')) return 'double';
  return [...types].sort().join(' | ');
}

function typeOf(v: unknown): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'bigint') return 'int64';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int64' : 'double';
  if (Array.isArray(v)) return `list<${mergeTypes(v)}>`;
  if (v && typeof v === 'object') {
    const obj = v as Record<string, unknown>;
    return `struct<${Object.keys(obj)
      .map((k) => `${k}: ${mergeTypes([obj[k]])}`)
      .join(', ')}>`;
  }
  return 'null';
}
