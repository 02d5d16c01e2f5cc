// The fast path of readParquetFile for SEIF's shapes (see plan.ts): whole row groups decoded column by column
// into flat arrays, then rows built once. Throws Unsupported for anything outside those shapes.
import type { FileMetaData } from 'hyparquet';
import { assembleColumn } from './assemble';
import { decodeChunk, type Uncompress } from './chunk';
import { planColumns } from './plan';
import { Unsupported } from './unsupported';

export { Unsupported } from './unsupported';

export function readRowsFast(file: Uint8Array, metadata: FileMetaData, uncompress: Uncompress): Record<string, unknown>[] {
  const plans = planColumns(metadata.schema);
  const names = plans.map((p) => p.name);
  const rows = new Array<Record<string, unknown>>(Number(metadata.num_rows));
  let base = 0;
  for (const group of metadata.row_groups) {
    const count = Number(group.num_rows);
    const byPath = new Map(group.columns.map((c) => [c.meta_data?.path_in_schema.join('.'), c]));
    if (group.columns.some((c) => c.file_path || !c.meta_data)) throw new Unsupported('external or encrypted column chunks');
    const columns = plans.map((plan) => {
      const leaves = plan.shape === 'listOfStruct' ? plan.fields.map((f) => f.leaf) : [plan.leaf];
      const chunks = leaves.map((leaf) => {
        const chunk = byPath.get(leaf.path);
        if (!chunk?.meta_data) throw new Error(`no column chunk for ${leaf.path}`);
        return decodeChunk(file, chunk.meta_data, leaf, uncompress);
      });
      return assembleColumn(plan, chunks, count);
    });
    if (base + count > rows.length) throw new Error(`row groups hold more rows than the footer's ${metadata.num_rows}`);
    for (let r = 0; r < count; r++) {
      const row: Record<string, unknown> = {};
      for (let c = 0; c < names.length; c++) row[names[c]!] = columns[c]![r];
      rows[base + r] = row;
    }
    base += count;
  }
  if (base !== rows.length) throw new Error(`read ${base} rows, the footer says ${metadata.num_rows}`);
  return rows;
}
