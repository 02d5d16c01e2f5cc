// Bundles the extension-host tests: test/integration/**/*.test.ts and index.ts -> out/test/integration/
// (CommonJS, inline source maps). Packages stay external (vscode is provided by the host; mocha and
// everything else resolve from node_modules), so only the project's own sources are bundled.
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const root = path.resolve(__dirname, '..');
const srcDir = path.join(root, 'test/integration');
const outDir = path.join(root, 'out/test/integration');

const entryPoints = fs.readdirSync(srcDir, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.test.ts') || f === 'index.ts')
  .map((f) => path.join(srcDir, f));

// Test peers under test/support find their own files (the sshd bed's setup script and stand-in SEIF checkout)
// through __dirname: keep it pointing at their source folder inside the bundle.
const supportDirname = {
  name: 'support-dirname',
  setup(build) {
    build.onLoad({ filter: /[\\/]test[\\/]support[\\/].*\.ts$/ }, async (args) => {
      const text = await fs.promises.readFile(args.path, 'utf8');
      if (!text.includes('__dirname')) return undefined;
      return { contents: text.replace(/\b__dirname\b/g, JSON.stringify(path.dirname(args.path))), loader: 'ts' };
    });
  },
};

async function main() {
  fs.rmSync(outDir, { recursive: true, force: true }); // no stale bundles of deleted tests
  await esbuild.build({
    entryPoints,
    outdir: outDir,
    outbase: srcDir,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: 'inline',
    sourcesContent: false,
    logLevel: 'warning',
    plugins: [supportDirname],
  });
  const tests = entryPoints.filter((f) => f.endsWith('.test.ts')).length;
  console.log(`[build-tests] ${tests} test file(s) -> ${path.relative(root, outDir)}`);
}

main().catch((e) => {
  console.error(e.message || e);
  process.exit(1);
});
