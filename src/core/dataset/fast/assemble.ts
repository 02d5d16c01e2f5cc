// Levels + values of decoded chunks → one JS value per row, exactly the values hyparquet gives: null for a null
// primitive (top level, list element or struct field), undefined for a null list or a null struct element,
// [] for an empty list, objects with every struct field in schema order.
import type { ColumnPlan } from './plan';
import type { DecodedChunk } from './chunk';

function primitiveColumn(chunk: DecodedChunk, maxDef: number, rows: number): unknown[] {
  if (maxDef === 0) return chunk.values;
  const out = new Array<unknown>(rows);
  let v = 0;
  for (let i = 0; i < rows; i++) out[i] = chunk.def[i] === maxDef ? chunk.values[v++] : null;
  return out;
}

function listColumn(chunk: DecodedChunk, listDef: number, maxDef: number, rows: number): unknown[] {
  const out = new Array<unknown>(rows);
  const { def, rep, values, entries } = chunk;
  let row = -1;
  let v = 0;
  let current: unknown[] = [];
  for (let i = 0; i < entries; i++) {
    const d = def[i]!;
    if (rep[i] === 0) {
      row++;
      if (d < listDef) {
        out[row] = undefined;
        continue;
      }
      current = [];
      out[row] = current;
      if (d === listDef) continue;
    }
    current.push(d === maxDef ? values[v++] : null);
  }
  if (row + 1 !== rows) throw new Error(`list column has ${row + 1} rows, the row group ${rows}`);
  return out;
}

function listOfStructColumn(plan: Extract<ColumnPlan, { shape: 'listOfStruct' }>, chunks: DecodedChunk[], rows: number): unknown[] {
  const out = new Array<unknown>(rows);
  const first = chunks[0]!;
  // The first field's levels give the list structure; every field of a struct has the same levels down to it.
  const elements: (Record<string, unknown> | undefined)[] = [];
  let row = -1;
  let current: unknown[] = [];
  for (let i = 0; i < first.entries; i++) {
    const d = first.def[i]!;
    if (first.rep[i] === 0) {
      row++;
      if (d < plan.listDef) {
        out[row] = undefined;
        continue;
      }
      current = [];
      out[row] = current;
      if (d === plan.listDef) continue;
    }
    const element = d >= plan.elementDef ? ({} as Record<string, unknown>) : undefined;
    current.push(element);
    elements.push(element);
  }
  if (row + 1 !== rows) throw new Error(`list column ${plan.name} has ${row + 1} rows, the row group ${rows}`);
  plan.fields.forEach((field, f) => {
    const chunk = chunks[f]!;
    if (chunk.entries !== first.entries) throw new Error(`struct fields of ${plan.name} disagree on their entries`);
    let e = 0;
    let v = 0;
    const maxDef = field.leaf.maxDef;
    for (let i = 0; i < chunk.entries; i++) {
      const d = chunk.def[i]!;
      if (d <= plan.listDef) continue;
      const element = elements[e++];
      if (element) element[field.name] = d === maxDef ? chunk.values[v++] : null;
    }
  });
  return out;
}

/** The column's value of every row of one row group; `chunks` are the plan's leaves in order. */
export function assembleColumn(plan: ColumnPlan, chunks: DecodedChunk[], rows: number): unknown[] {
  switch (plan.shape) {
    case 'primitive': {
      const chunk = chunks[0]!;
      if (chunk.entries !== rows) throw new Error(`column ${plan.name} has ${chunk.entries} values, the row group ${rows} rows`);
      return primitiveColumn(chunk, plan.leaf.maxDef, rows);
    }
    case 'list':
      return listColumn(chunks[0]!, plan.listDef, plan.leaf.maxDef, rows);
    case 'listOfStruct':
      return listOfStructColumn(plan, chunks, rows);
  }
}
