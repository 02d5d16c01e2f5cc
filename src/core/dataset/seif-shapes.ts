import type { KeyValue, SchemaElement } from 'hyparquet';
import { describeColumns } from './schema';
import type { ParquetShape } from './parquet';

const str = (name: string): SchemaElement => ({
  type: 'BYTE_ARRAY',
  repetition_type: 'OPTIONAL',
  name,
  converted_type: 'UTF8',
  logical_type: { type: 'STRING' },
});
const listOf = (name: string, element: SchemaElement[]): SchemaElement[] => [
  { repetition_type: 'OPTIONAL', name, num_children: 1, converted_type: 'LIST', logical_type: { type: 'LIST' } },
  { repetition_type: 'REPEATED', name: 'list', num_children: 1 },
  ...element,
];

/**
 * The exact parquet schema of SEIF's q_T{T}.parquet as pyarrow writes it (3-level lists, OPTIONAL fields,
 * kwargs as list<struct<num_bullets: int64>>), for files created from JSONL or by generation.
 */
export function instructionsShape(): ParquetShape {
  const schema: SchemaElement[] = [
    { repetition_type: 'REQUIRED', name: 'schema', num_children: 5 },
    str('seed_question'),
    ...listOf('constraint', [str('element')]),
    str('prompt'),
    ...listOf('kwargs', [
      { repetition_type: 'OPTIONAL', name: 'element', num_children: 1 },
      { type: 'INT64', repetition_type: 'OPTIONAL', name: 'num_bullets' },
    ]),
    ...listOf('instruction_id_list', [str('element')]),
  ];
  return { schema, columns: describeColumns(schema), kvMetadata: pandasMetadata(), createdBy: 'seif-studio' };
}

function pandasMetadata(): KeyValue[] {
  const col = (name: string, pandasType: string) => ({
    name,
    field_name: name,
    pandas_type: pandasType,
    numpy_type: 'object',
    metadata: null,
  });
  const meta = {
    index_columns: [],
    column_indexes: [],
    columns: [
      col('seed_question', 'unicode'),
      col('constraint', 'list[unicode]'),
      col('prompt', 'unicode'),
      col('kwargs', 'list[object]'),
      col('instruction_id_list', 'list[unicode]'),
    ],
    creator: { library: 'seif-studio', version: '0.1.0' },
    pandas_version: '2.2.3',
  };
  return [{ key: 'pandas', value: JSON.stringify(meta) }];
}

/** SEIF's dummy kwargs for `soft` constraints (chuti.py writes {"num_bullets": 3} per constraint). */
export const SOFT_KWARGS = Object.freeze({ num_bullets: 3n });
