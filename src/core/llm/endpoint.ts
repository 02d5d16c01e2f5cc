import { z } from 'zod';
import { SeifError } from '../errors';

/** SEIF's model roles that talk to an OpenAI-compatible endpoint. */
export const ROLES = ['instructor', 'filter', 'follower', 'judge'] as const;
export type Role = (typeof ROLES)[number];

/** Which structured-output dialect the server speaks: vLLM takes guided_json / guided_choice in the body. */
export const FLAVOURS = ['auto', 'vllm', 'openai'] as const;
export type Flavour = (typeof FLAVOURS)[number];

export const RoleEndpointSchema = z.object({
  baseUrl: z
    .string()
    .min(1, 'base URL is empty')
    .refine((v) => /^https?:\/\/[^\s/]+/.test(v), 'base URL must start with http:// or https://'),
  model: z.string().min(1, 'model (served name) is empty'),
  timeoutMs: z.number().int().min(100).max(3_600_000).default(120_000),
  concurrency: z.number().int().min(1).max(1024).default(8),
  retries: z.number().int().min(0).max(10).default(3),
  apiKey: z.string().optional(),
  flavour: z.enum(FLAVOURS).default('auto'),
});

export type RoleEndpoint = z.output<typeof RoleEndpointSchema>;
export type RoleEndpointInput = z.input<typeof RoleEndpointSchema>;

/** SEIF's servers are addressed as http://host:port/v1; accept the bare host:port form too. */
export function normaliseBaseUrl(baseUrl: string): string {
  const trimmed = baseUrl.trim().replace(/\/+$/, '');
  return /\/v\d+$/.test(trimmed) ? trimmed : `${trimmed}/v1`;
}

/** Validates one role's endpoint settings; the error names the role, the setting and what is wrong. */
export function parseRoleEndpoint(role: Role | string, raw: unknown, source?: string): RoleEndpoint {
  const parsed = RoleEndpointSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join('.') || '(settings)';
    throw new SeifError(`${role} endpoint: ${field}: ${issue.message}`, source, `${role}.${field}`);
  }
  return { ...parsed.data, baseUrl: normaliseBaseUrl(parsed.data.baseUrl) };
}

/** "judge endpoint http://127.0.0.1:55111/v1 (model if-judge)" — the prefix of every endpoint message. */
export function describeEndpoint(role: string, endpoint: Pick<RoleEndpoint, 'baseUrl' | 'model'>): string {
  return `${role} endpoint ${endpoint.baseUrl} (model ${endpoint.model})`;
}
