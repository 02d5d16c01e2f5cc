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

const IFEVAL_INT_KWARGS = ['capital_frequency', 'frequency', 'let_frequency', 'nth_paragraph', 'num_bullets', 'num_highlights', 'num_paragraphs', 'num_placeholders', 'num_sections', 'num_sentences', 'num_words'];
const IFEVAL_LIST_KWARGS = ['forbidden_words', 'keywords'];
const IFEVAL_STR_KWARGS = ['capital_relation', 'end_phrase', 'first_word', 'keyword', 'language', 'let_relation', 'letter', 'postscript_marker', 'prompt_to_repeat', 'relation', 'section_spliter'];

/** The 24 kwargs fields of IFEval's test.parquet (the union of every checker's arguments), in its order. */
export const IFEVAL_KWARGS_FIELDS: readonly string[] = [...IFEVAL_INT_KWARGS, ...IFEVAL_LIST_KWARGS, ...IFEVAL_STR_KWARGS].sort();

/** Number of schema elements in the subtree starting at index i (the element and all its descendants). */
function subtreeLength(schema: SchemaElement[], i: number): number {
  let n = 1;
  for (let c = 0; c < (schema[i]!.num_children ?? 0); c++) n += subtreeLength(schema, i + n);
  return n;
}

/**
 * The shape with its `kwargs` column's struct widened to IFEval's union of fields, as test.parquet has it
 * (int64 counts, strings, lists of strings; nulls for unused fields). Fields of the source struct that IFEval
 * does not have are kept after them. Needed when a row carries promoted (rule-checkable) kwargs, since SEIF's
 * q_T struct only has num_bullets. The shape is returned unchanged when it has no list<struct> kwargs column.
 */
export function withIfevalKwargs(shape: ParquetShape): ParquetShape {
  const schema = shape.schema;
  let at = 1;
  while (at < schema.length && schema[at]!.name !== 'kwargs') at += subtreeLength(schema, at);
  const list = schema[at];
  const element = schema[at + 2];
  if (!list || list.num_children !== 1 || !element || !element.num_children) return shape;
  const elementAt = at + 2;
  const fields: SchemaElement[][] = [];
  for (let i = elementAt + 1, c = 0; c < element.num_children; c++) {
    const len = subtreeLength(schema, i);
    fields.push(schema.slice(i, i + len));
    i += len;
  }
  const union = new Set(IFEVAL_KWARGS_FIELDS);
  const extra = fields.filter((f) => !union.has(f[0]!.name));
  const ifeval: SchemaElement[][] = IFEVAL_KWARGS_FIELDS.map((name) => {
    if (IFEVAL_INT_KWARGS.includes(name)) return [{ type: 'INT64', repetition_type: 'OPTIONAL', name }];
    if (IFEVAL_LIST_KWARGS.includes(name)) return listOf(name, [str('element')]);
    return [str(name)];
  });
  const all = [...ifeval, ...extra];
  const widened: SchemaElement[] = [
    ...schema.slice(0, elementAt),
    { ...element, num_children: all.length },
    ...all.flat(),
    ...schema.slice(elementAt + subtreeLength(schema, elementAt)),
  ];
  return { ...shape, schema: widened, columns: describeColumns(widened) };
}
