import { z } from 'zod';
import type { Flavour } from './endpoint';

/**
 * Request-body fields that ask the server to constrain its output. vLLM takes `guided_json` /
 * `guided_choice` as extra body keys; OpenAI (and recent vLLM) take `response_format: json_schema`.
 */
export function jsonSchemaBody(flavour: Flavour, name: string, schema: Record<string, unknown>): Record<string, unknown> {
  if (flavour === 'vllm') return { guided_json: schema };
  return { response_format: { type: 'json_schema', json_schema: { name, schema } } };
}

export function choiceBody(flavour: Flavour, choices: readonly string[]): Record<string, unknown> {
  if (flavour === 'vllm') return { guided_choice: [...choices] };
  return jsonSchemaBody(flavour, 'choice', {
    type: 'object',
    properties: { choice: { type: 'string', enum: [...choices] } },
    required: ['choice'],
    additionalProperties: false,
  });
}

const converted = new WeakMap<z.ZodType, Record<string, unknown>>();

/** The JSON Schema the server is given, derived from the same zod schema that validates the reply (once per schema). */
export function toJsonSchema(schema: z.ZodType): Record<string, unknown> {
  let json = converted.get(schema);
  if (!json) {
    json = z.toJSONSchema(schema) as Record<string, unknown>;
    delete json.$schema;
    converted.set(schema, json);
  }
  return json;
}
