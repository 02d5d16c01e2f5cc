// The one LLM layer for SEIF's roles (instructor, filter, follower, judge) over OpenAI-compatible servers.
export { ROLES, FLAVOURS, RoleEndpointSchema, parseRoleEndpoint, normaliseBaseUrl, describeEndpoint } from './endpoint';
export type { Role, Flavour, RoleEndpoint, RoleEndpointInput } from './endpoint';
export { LlmClient, createLlmClient, checkEndpointHealth } from './client';
export type { ChatMessage, ChatParams, LlmReply, LlmClientOptions, EndpointHealth } from './client';
export { LlmError, isCancelled } from './errors';
export type { LlmFailureKind } from './errors';
export { stripThink } from './think';
export { extractJson } from './json-extract';
export { CallCache } from './cache';
export type { CallRecord } from './records';
export { workspaceLlmPaths } from './paths';
