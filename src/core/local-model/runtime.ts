import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { SeifError } from '../errors';

/** Pinned: newer releases are not served for every platform, and the lockfile of the runtime folder must hold. */
export const NODE_LLAMA_CPP_VERSION = '3.21.1';

/** The prebuilt binary package for this machine (the slim install skips CUDA/Vulkan/other platforms). */
export function binaryPackage(platform = process.platform, arch = process.arch): string {
  if (platform === 'linux' && (arch === 'x64' || arch === 'arm64')) return `@node-llama-cpp/linux-${arch}`;
  if (platform === 'darwin') return arch === 'arm64' ? '@node-llama-cpp/mac-arm64-metal' : '@node-llama-cpp/mac-x64';
  if (platform === 'win32' && (arch === 'x64' || arch === 'arm64')) return `@node-llama-cpp/win-${arch}`;
  throw new SeifError(`no prebuilt llama.cpp binary for ${platform}-${arch}; use a remote endpoint for this role`);
}

/** Where the runtime is installed on demand: $SEIF_LOCAL_MODEL_CACHE, else ~/.cache/seif-studio/node-llama-cpp-<version>. */
export function defaultRuntimeDir(): string {
  const base = process.env.SEIF_LOCAL_MODEL_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'seif-studio');
  return path.join(base, `node-llama-cpp-${NODE_LLAMA_CPP_VERSION}`);
}

function installedVersion(dir: string): string | undefined {
  try {
    return (JSON.parse(fs.readFileSync(path.join(dir, 'node_modules', 'node-llama-cpp', 'package.json'), 'utf8')) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

/**
 * Installs node-llama-cpp (slim: no optional GPU builds) into `dir` unless that version is already there.
 * Kept out of the extension bundle: ~83 MB, only for researchers who point a role at a GGUF file.
 */
export async function ensureRuntime(dir = defaultRuntimeDir(), log: (line: string) => void = () => {}): Promise<string> {
  if (installedVersion(dir) !== NODE_LLAMA_CPP_VERSION) {
    await fs.promises.mkdir(dir, { recursive: true });
    const pkg = path.join(dir, 'package.json');
    if (!fs.existsSync(pkg)) await fs.promises.writeFile(pkg, JSON.stringify({ name: 'seif-local-model-runtime', private: true }) + '\n');
    const args = ['install', '--prefix', dir, '--omit=optional', '--no-audit', '--no-fund', '--loglevel=error', `node-llama-cpp@${NODE_LLAMA_CPP_VERSION}`, `${binaryPackage()}@${NODE_LLAMA_CPP_VERSION}`];
    log(`npm ${args.join(' ')}`);
    await new Promise<void>((resolve, reject) => {
      execFile(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, { cwd: dir, shell: process.platform === 'win32' }, (err, _out, stderr) => {
        if (err) reject(new SeifError(`installing the local-model runtime failed: ${(stderr || err.message).trim().split('\n').slice(-3).join(' ')}`, dir));
        else resolve();
      });
    });
    if (installedVersion(dir) !== NODE_LLAMA_CPP_VERSION) throw new SeifError(`node-llama-cpp ${NODE_LLAMA_CPP_VERSION} is not in the runtime folder after installing`, dir);
  }
  return path.join(dir, 'node_modules', 'node-llama-cpp', 'dist', 'index.js');
}

/** The parts of node-llama-cpp's API the endpoint uses (loaded at run time from the runtime folder). */
export interface LlamaRuntime {
  getLlama(options: { gpu: false; build: 'never'; logLevel?: string }): Promise<Llama>;
  LlamaChatSession: new (options: { contextSequence: unknown; systemPrompt?: string }) => ChatSession;
}
export interface Llama {
  loadModel(options: { modelPath: string }): Promise<LlamaModel>;
  createGrammarForJsonSchema(schema: unknown): Promise<unknown>;
  dispose(): Promise<void>;
}
export interface LlamaModel {
  createContext(options: { contextSize?: number; threads?: number; sequences?: number }): Promise<LlamaContext>;
  tokenize(text: string): unknown[];
  dispose(): Promise<void>;
}
export interface LlamaContext {
  getSequence(): { dispose(): void };
  dispose(): Promise<void>;
}
export interface ChatSession {
  setChatHistory(history: unknown[]): void;
  prompt(text: string, options: { maxTokens?: number; temperature?: number; seed?: number; grammar?: unknown; signal?: AbortSignal }): Promise<string>;
  dispose(): void;
}

export async function loadRuntime(dir?: string, log?: (line: string) => void): Promise<LlamaRuntime> {
  const entry = await ensureRuntime(dir, log);
  return (await import(pathToFileURL(entry).href)) as LlamaRuntime;
}
