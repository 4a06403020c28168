import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const libs = path.resolve(here, '../../../libs');
const require = createRequire(import.meta.url);

/**
 * How the workspace's TypeScript becomes browser code, by one convention (like package.json's
 * `browser` field): `@xlnlu/<lib>` is the lib's `src/browser.ts` where it has one (the parts that
 * need no Node), and a module with a `.browser.ts` twin beside it (native-addon.ts,
 * kuromoji-dictionary.ts) is replaced by the twin. kuromoji comes as its own browser build. A Node
 * module reached in any other way (node:fs, …) fails the bundle: that is the check that the page
 * code stays browser-safe.
 */
export const browserConvention: Plugin = {
  name: 'xlnlu-browser',
  setup(builder) {
    builder.onResolve({ filter: /^@xlnlu\/[a-z]+(\/browser)?$/ }, (args) => {
      const lib = args.path.split('/')[1]!;
      const browserEntry = path.join(libs, lib, 'src', 'browser.ts');
      return { path: existsSync(browserEntry) ? browserEntry : path.join(libs, lib, 'src', 'index.ts') };
    });
    builder.onResolve({ filter: /^\.\.?\/.*\.js$/ }, (args) => {
      const twin = path.join(args.resolveDir, args.path.replace(/\.js$/, '.browser.ts'));
      return existsSync(twin) ? { path: twin } : undefined;
    });
    builder.onResolve({ filter: /^kuromoji$/ }, () => ({ path: require.resolve('kuromoji/build/kuromoji.js') }));
  },
};

/** Where the demo's files are built (bundle.ts → `demo.js` and `index.html`). */
export const DEFAULT_BUNDLE_DIRECTORY = path.resolve(here, '../../../dist/browser');

/** Bundles the demo page (page/demo.ts and everything it imports) into `outDirectory`; returns the bundle's size in bytes. */
export async function bundleDemo(outDirectory = DEFAULT_BUNDLE_DIRECTORY): Promise<{ directory: string; bytes: number }> {
  mkdirSync(outDirectory, { recursive: true });
  const outfile = path.join(outDirectory, 'demo.js');
  await build({
    entryPoints: [path.join(here, 'page', 'demo.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    outfile,
    plugins: [browserConvention],
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  copyFileSync(path.join(here, 'page', 'index.html'), path.join(outDirectory, 'index.html'));
  return { directory: outDirectory, bytes: statSync(outfile).size };
}
