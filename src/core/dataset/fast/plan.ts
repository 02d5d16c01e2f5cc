// Which top-level columns the fast reader handles, and the definition/repetition levels that mark each state
// of a value. SEIF's files only need three shapes: a primitive, a LIST of primitives (constraint,
// instruction_id_list) and a LIST of structs of primitives (kwargs). Anything else is Unsupported.
import type { SchemaElement } from 'hyparquet';
import { Unsupported } from './unsupported';

export type LeafKind = 'string' | 'int64' | 'int32' | 'double' | 'float' | 'boolean';

export interface LeafPlan {
  /** Path in the footer's column chunks (path_in_schema joined with "."). */
  path: string;
  kind: LeafKind;
  maxDef: number;
  maxRep: number;
}

export type ColumnPlan =
  | { shape: 'primitive'; name: string; leaf: LeafPlan }
  /** `listDef`: def level at which the list exists (below: null list). */
  | { shape: 'list'; name: string; leaf: LeafPlan; listDef: number }
  /** `elementDef`: def level at which a struct element exists (below, down to listDef + 1: a null element). */
  | { shape: 'listOfStruct'; name: string; listDef: number; elementDef: number; fields: { name: string; leaf: LeafPlan }[] };

interface Node {
  element: SchemaElement;
  children: Node[];
}

function buildTree(schema: readonly SchemaElement[]): Node {
  let index = 0;
  const take = (): Node => {
    const element = schema[index++];
    if (!element) throw new Unsupported('a truncated schema');
    const children: Node[] = [];
    for (let i = 0; i < (element.num_children ?? 0); i++) children.push(take());
    return { element, children };
  };
  return take();
}

function leafKind(e: SchemaElement): LeafKind {
  const logical = e.logical_type;
  // Signed integers only: hyparquet turns unsigned ones into Uint32/BigUint64 values.
  const plainInt = (signed: readonly string[]) =>
    (!e.converted_type || signed.includes(e.converted_type)) && (!logical || (logical.type === 'INTEGER' && logical.isSigned));
  switch (e.type) {
    case 'BYTE_ARRAY':
      if ((!e.converted_type || e.converted_type === 'UTF8') && (!logical || logical.type === 'STRING')) return 'string';
      break;
    case 'INT64':
      if (plainInt(['INT_64'])) return 'int64';
      break;
    case 'INT32':
      if (plainInt(['INT_8', 'INT_16', 'INT_32'])) return 'int32';
      break;
    case 'DOUBLE':
    case 'FLOAT':
    case 'BOOLEAN':
      if (!e.converted_type && !logical) return e.type === 'DOUBLE' ? 'double' : e.type === 'FLOAT' ? 'float' : 'boolean';
      break;
  }
  throw new Unsupported(`column ${e.name} of type ${e.type}/${e.converted_type ?? logical?.type ?? '-'}`);
}

const isList = (e: SchemaElement) => e.converted_type === 'LIST' || e.logical_type?.type === 'LIST';
const defStep = (e: SchemaElement) => (e.repetition_type === 'REQUIRED' ? 0 : 1);

function planColumn(node: Node): ColumnPlan {
  const e = node.element;
  const name = e.name;
  if (e.repetition_type === 'REPEATED') throw new Unsupported(`repeated top-level field ${name}`);
  if (!node.children.length) {
    return { shape: 'primitive', name, leaf: { path: name, kind: leafKind(e), maxDef: defStep(e), maxRep: 0 } };
  }
  // The standard 3-level LIST: <list> → repeated group → element.
  const repeated = node.children[0];
  if (!isList(e) || node.children.length !== 1 || !repeated || repeated.element.repetition_type !== 'REPEATED' || repeated.children.length !== 1) {
    throw new Unsupported(`nested field ${name}`);
  }
  const element = repeated.children[0]!;
  const listDef = defStep(e);
  const entryDef = listDef + 1;
  const base = `${name}.${repeated.element.name}.${element.element.name}`;
  if (!element.children.length) {
    const maxDef = entryDef + defStep(element.element);
    return { shape: 'list', name, listDef, leaf: { path: base, kind: leafKind(element.element), maxDef, maxRep: 1 } };
  }
  if (element.element.repetition_type === 'REPEATED' || isList(element.element) || element.element.converted_type) {
    throw new Unsupported(`list element of ${name}`);
  }
  const elementDef = entryDef + defStep(element.element);
  const fields = element.children.map((f) => {
    if (f.children.length || f.element.repetition_type === 'REPEATED') throw new Unsupported(`nested struct field ${name}.${f.element.name}`);
    return { name: f.element.name, leaf: { path: `${base}.${f.element.name}`, kind: leafKind(f.element), maxDef: elementDef + defStep(f.element), maxRep: 1 } };
  });
  return { shape: 'listOfStruct', name, listDef, elementDef, fields };
}

/** The plan of every top-level column, or Unsupported. */
export function planColumns(schema: readonly SchemaElement[]): ColumnPlan[] {
  return buildTree(schema).children.map(planColumn);
}
