// Small SEIF-shaped datasets the project generates itself, for tests and the sample workspace when
// ../shared/seif-data is absent. Deterministic: the same call writes the same bytes.
import fs from 'node:fs';
import path from 'node:path';
import type { SchemaElement } from 'hyparquet';
import { writeParquetFile, type ParquetShape } from '../../src/core/dataset/parquet';
import { describeColumns } from '../../src/core/dataset/schema';
import { instructionsShape } from '../../src/core/dataset/seif-shapes';
import { buildPrompt } from '../../src/core/dataset/rows';

const TOPICS = ['volcanoes', 'the history of tea', 'binary search', 'coral reefs', 'the Roman calendar', 'solar panels', 'sourdough bread', 'chess openings', 'jazz', 'glaciers', 'the printing press', 'honey bees'];
const TASKS = ['Explain', 'Write a short essay about', 'Summarise what is known about', 'Give advice on learning about', 'Describe'];
const CONSTRAINTS = [
  'The response must contain exactly 3 bullet points.',
  'Your answer must be at least 150 words long.',
  'The response should not contain any commas.',
  'Include the keyword "remarkable" at least twice.',
  'Your entire response should be in lowercase letters.',
  'End your response with the exact phrase "Any other questions?"',
  'The response should have exactly 2 paragraphs separated by ***.',
  'Wrap your entire response in double quotation marks.',
  'Highlight at least 2 sections with markdown, i.e. *highlighted section*.',
  'Write the response from the perspective of a museum guide.',
  'Use a formal and respectful tone throughout.',
  'Answer with less than 80 words.',
];

export function seedPrompts(n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(`${TASKS[i % TASKS.length]} ${TOPICS[i % TOPICS.length]} (case ${i + 1}).`);
  return out;
}

export function instructionRows(n: number, round = 1): Record<string, unknown>[] {
  return seedPrompts(n).map((seed, i) => {
    const count = (i + round) % 2 === 0 ? 3 : 5;
    const constraint = Array.from({ length: count }, (_, j) => CONSTRAINTS[(i * 7 + j * 5 + round * 3) % CONSTRAINTS.length]!);
    return {
      seed_question: seed,
      constraint,
      prompt: buildPrompt(seed, constraint),
      kwargs: constraint.map(() => ({ num_bullets: 3n })),
      instruction_id_list: constraint.map(() => 'soft'),
    };
  });
}

const str = (name: string): SchemaElement => ({ type: 'BYTE_ARRAY', repetition_type: 'OPTIONAL', name, converted_type: 'UTF8', logical_type: { type: 'STRING' } });
const list = (name: string): SchemaElement[] => [
  { repetition_type: 'OPTIONAL', name, num_children: 1, converted_type: 'LIST', logical_type: { type: 'LIST' } },
  { repetition_type: 'REPEATED', name: 'list', num_children: 1 },
];

export function seedShape(): ParquetShape {
  const schema: SchemaElement[] = [{ repetition_type: 'REQUIRED', name: 'schema', num_children: 1 }, str('prompt')];
  return { schema, columns: describeColumns(schema), kvMetadata: [], createdBy: 'seif-studio fixtures' };
}

const INT_FIELDS = ['capital_frequency', 'frequency', 'let_frequency', 'nth_paragraph', 'num_bullets', 'num_highlights', 'num_paragraphs', 'num_placeholders', 'num_sections', 'num_sentences', 'num_words'];
const STR_FIELDS = ['capital_relation', 'end_phrase', 'first_word', 'language', 'let_relation', 'letter', 'postscript_marker', 'prompt_to_repeat', 'relation', 'section_spliter', 'keyword'];

/** IFEval's test.parquet shape: kwargs as a list of one 24-field union struct (nulls for unused fields). */
export function ifevalShape(): ParquetShape {
  const fields = [...INT_FIELDS, ...STR_FIELDS, 'forbidden_words', 'keywords'].sort();
  const kw: SchemaElement[] = [{ repetition_type: 'OPTIONAL', name: 'element', num_children: fields.length }];
  for (const f of fields) {
    if (f === 'forbidden_words' || f === 'keywords') kw.push(...list(f), str('element'));
    else if (INT_FIELDS.includes(f)) kw.push({ type: 'INT64', repetition_type: 'OPTIONAL', name: f });
    else kw.push(str(f));
  }
  const schema: SchemaElement[] = [
    { repetition_type: 'REQUIRED', name: 'schema', num_children: 5 },
    { type: 'INT64', repetition_type: 'OPTIONAL', name: 'key' },
    str('prompt'),
    ...list('instruction_id_list'),
    str('element'),
    ...list('kwargs'),
    ...kw,
    ...list('constraint'),
    { type: 'INT32', repetition_type: 'OPTIONAL', name: 'element', logical_type: { type: 'NULL' } },
  ];
  return { schema, columns: describeColumns(schema), kvMetadata: [], createdBy: 'seif-studio fixtures' };
}

export function ifevalRows(): Record<string, unknown>[] {
  const blank = Object.fromEntries([...INT_FIELDS, ...STR_FIELDS, 'forbidden_words', 'keywords'].map((f) => [f, null]));
  const row = (key: number, prompt: string, ids: string[], kwargs: Record<string, unknown>[]) => ({
    key: BigInt(key),
    prompt,
    instruction_id_list: ids,
    kwargs: kwargs.map((k) => ({ ...blank, ...k })),
    constraint: [],
  });
  return [
    row(1000, 'Write a 300+ word summary of the history of tea. Do not use any commas.', ['punctuation:no_comma', 'length_constraints:number_words'], [{}, { num_words: 300n, relation: 'at least' }]),
    row(1001, 'Write a poem about glaciers. Wrap the title in double angular brackets, i.e. <<title>>.', ['detectable_format:title'], [{}]),
    row(1002, 'List three facts about bees as markdown bullet points.', ['detectable_format:number_bullet_lists'], [{ num_bullets: 3n }]),
  ];
}

/** Writes a SEIF-layout workspace with generated data: data/seed.parquet, data/test.parquet, data/Self-IF-Self-<family>/q_T<k>.parquet. */
export async function writeGeneratedWorkspace(dir: string, options: { family?: string; rounds?: number; rows?: number } = {}): Promise<void> {
  const family = options.family ?? 'TINY-0.5B';
  const rows = options.rows ?? 24;
  await writeParquetFile(path.join(dir, 'data', 'seed.parquet'), seedShape(), seedPrompts(rows).map((prompt) => ({ prompt })));
  await writeParquetFile(path.join(dir, 'data', 'test.parquet'), ifevalShape(), ifevalRows());
  for (let t = 1; t <= (options.rounds ?? 2); t++) {
    await writeParquetFile(path.join(dir, 'data', `Self-IF-Self-${family}`, `q_T${t}.parquet`), instructionsShape(), instructionRows(rows, t));
  }
  fs.mkdirSync(dir, { recursive: true });
}
