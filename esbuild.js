// Bundles the extension (vscode external), the CLI and the round-stats worker into dist/ as CommonJS for Node.
// Usage: node esbuild.js [--production] [--watch]
const esbuild = require('esbuild');
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Problem-matcher friendly output for `npm run watch` in VS Code. */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    if (!watch) return;
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  sourcesContent: false,
  logLevel: 'warning',
  // Native or optional modules stay outside the bundle; node-llama-cpp is installed on demand.
  external: ['vscode', '*.node', 'cpu-features', 'node-llama-cpp', '@duckdb/node-api', 'playwright-core'],
  plugins: [problemMatcher],
  // jsonc-parser's UMD build requires files at run time that a bundle does not have; use its ESM build.
  alias: { 'jsonc-parser': require.resolve('jsonc-parser/lib/esm/main.js') },
};

const entries = [
  { entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js' },
  { entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  // Round stats off the extension host's thread (src/core/insight/statsThread.ts starts it from dist/).
  { entryPoints: ['src/core/insight/statsWorker.ts'], outfile: 'dist/statsWorker.js' },
  // The insight dashboard's webview script, with chart.js and zod bundled in (served from media/, no CDN).
  { entryPoints: ['src/extension/insight/webview/dashboard.ts'], outfile: 'media/dashboard.js', platform: 'browser', format: 'iife', target: 'es2022', external: [] },
];

async function main() {
  const contexts = await Promise.all(entries.map((e) => esbuild.context({ ...common, ...e })));
  if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
  copyRemoteAssets();
}

/** The files uploaded into a run folder on a GPU host travel with the bundle (dist/remote-assets). */
function copyRemoteAssets() {
  const fs = require('node:fs');
  fs.rmSync('dist/remote-assets', { recursive: true, force: true });
  fs.cpSync('src/remote-assets', 'dist/remote-assets', { recursive: true });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
