// An independent parquet reader for tests (DuckDB's own C++ implementation, not hyparquet).
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

let connection: Promise<DuckDBConnection> | undefined;

export function duck(): Promise<DuckDBConnection> {
  connection ??= DuckDBInstance.create(':memory:').then((i) => i.connect());
  return connection;
}

const q = (file: string) => `'${file.replace(/'/g, "''")}'`;

export async function duckRows(sql: string): Promise<Record<string, unknown>[]> {
  const c = await duck();
  return (await c.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
}

export function duckSchema(file: string) {
  return duckRows(`select name, type, repetition_type, num_children, converted_type, logical_type from parquet_schema(${q(file)})`);
}

export function duckKv(file: string) {
  return duckRows(`select decode(key) as key, decode(value) as value from parquet_kv_metadata(${q(file)})`);
}

/** Rows in a that are not in b, and b not in a (multiset difference), compared by DuckDB itself. */
export async function duckDiffCount(a: string, b: string): Promise<number> {
  const [r] = await duckRows(
    `select (select count(*) from (select * from read_parquet(${q(a)}) except all select * from read_parquet(${q(b)}))) +
            (select count(*) from (select * from read_parquet(${q(b)}) except all select * from read_parquet(${q(a)}))) as n`,
  );
  return Number(r!.n);
}

export async function duckCount(file: string): Promise<number> {
  const [r] = await duckRows(`select count(*) as n from read_parquet(${q(file)})`);
  return Number(r!.n);
}
