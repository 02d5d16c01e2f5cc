// The extension host installs its own Error.prepareStackTrace, so Node's source-map support does not
// apply to the test bundles; this rewrites "file.js:line:col" frames of a stack to the .ts sources using
// the bundles' inline source maps (node:module findSourceMap), leaving frames without a map untouched.
import { findSourceMap } from 'node:module';
import path from 'node:path';

// mocha has already shortened frames under the working directory to relative paths
const FRAME = /(\(|at )([^():\s]+\.js):(\d+):(\d+)/g;

export function mapStack(stack: string): string {
  return stack.replace(FRAME, (whole, lead: string, file: string, line: string, column: string) => {
    try {
      file = path.resolve(file);
      const entry = findSourceMap(file)?.findEntry(Number(line) - 1, Number(column) - 1);
      if (!entry || !('originalSource' in entry) || !entry.originalSource) return whole;
      const source = entry.originalSource.startsWith('file://') ? new URL(entry.originalSource).pathname : path.resolve(path.dirname(file), entry.originalSource);
      return `${lead}${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
    } catch {
      return whole;
    }
  });
}
