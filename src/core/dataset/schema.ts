import type { SchemaElement } from 'hyparquet';

/** A parquet column as a type tree, so values can be checked and coerced before writing. */
export type TypeNode =
  | { kind: 'primitive'; physical: string; logical: 'string' | 'int64' | 'int32' | 'double' | 'float' | 'bool' | 'null' | 'bytes' }
  | { kind: 'list'; element: TypeNode }
  | { kind: 'struct'; fields: { name: string; type: TypeNode }[] };

export interface ColumnInfo {
  name: string;
  /** Arrow-style type text, e.g. `list<struct<num_bullets: int64>>`. */
  type: string;
  node: TypeNode;
}

export function describeColumns(schema: SchemaElement[]): ColumnInfo[] {
  let index = 1;
  const take = (): TypeNode & { name: string } => {
    const el = schema[index++]!;
    const children = el.num_children ?? 0;
    if (children === 0) return { name: el.name, ...primitive(el) };
    const kids: (TypeNode & { name: string })[] = [];
    for (let i = 0; i < children; i++) kids.push(take());
    const isList = el.converted_type === 'LIST' || (el.logical_type as { type?: string } | undefined)?.type === 'LIST';
    if (isList && kids.length === 1) {
      const repeated = kids[0]!;
      // 3-level list: <list> REPEATED group "list" { element }; 2-level legacy: REPEATED element directly.
      const element = repeated.kind === 'struct' && repeated.fields.length === 1 ? repeated.fields[0]!.type : repeated;
      return { name: el.name, kind: 'list', element };
    }
    return { name: el.name, kind: 'struct', fields: kids.map(({ name, ...type }) => ({ name, type: type as TypeNode })) };
  };
  const root = schema[0];
  const out: ColumnInfo[] = [];
  for (let i = 0; i < (root?.num_children ?? 0); i++) {
    const { name, ...node } = take();
    out.push({ name, node: node as TypeNode, type: typeText(node as TypeNode) });
  }
  return out;
}

function primitive(el: SchemaElement): Extract<TypeNode, { kind: 'primitive' }> {
  const logical = (el.logical_type as { type?: string } | undefined)?.type;
  const physical = String(el.type ?? 'BYTE_ARRAY');
  if (logical === 'NULL') return { kind: 'primitive', physical, logical: 'null' };
  if (logical === 'STRING' || el.converted_type === 'UTF8') return { kind: 'primitive', physical, logical: 'string' };
  switch (physical) {
    case 'INT64':
      return { kind: 'primitive', physical, logical: 'int64' };
    case 'INT32':
      return { kind: 'primitive', physical, logical: 'int32' };
    case 'DOUBLE':
      return { kind: 'primitive', physical, logical: 'double' };
    case 'FLOAT':
      return { kind: 'primitive', physical, logical: 'float' };
    case 'BOOLEAN':
      return { kind: 'primitive', physical, logical: 'bool' };
    default:
      return { kind: 'primitive', physical, logical: 'bytes' };
  }
}

export function typeText(node: TypeNode): string {
  switch (node.kind) {
    case 'primitive':
      return node.logical;
    case 'list':
      return `list<${typeText(node.element)}>`;
    case 'struct':
      return `struct<${node.fields.map((f) => `${f.name}: ${typeText(f.type)}`).join(', ')}>`;
  }
}
