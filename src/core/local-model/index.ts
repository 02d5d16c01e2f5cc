// A local OpenAI-compatible endpoint over a GGUF file (node-llama-cpp, installed on demand) for any role.
export { startLocalEndpoint, defaultThreads } from './server';
export type { LocalEndpoint, LocalEndpointOptions } from './server';
export { ensureRuntime, defaultRuntimeDir, NODE_LLAMA_CPP_VERSION, binaryPackage } from './runtime';
