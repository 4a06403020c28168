/**
 * npx nx run tools:packages -- [--out=dist/packages]
 *
 * Builds every lib as an npm package: ES modules and type declarations (tsc, all libs in one
 * program), a package.json whose `exports` name the entries (`.`, `./browser` where the lib has
 * one) and whose `browser` field swaps each Node-only module for its `.browser.js` twin, the
 * dependencies the lib's code imports (at the workspace's versions), and `npm pack` tarballs. The
 * compute package carries the native core's sources and builds them on install where node-gyp and
 * a compiler exist (otherwise TensorFlow.js paths run; native/build.mjs says why).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const rootPackage = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  version: string;
  license: string;
  engines: Record<string, string>;
  dependencies: Record<string, string>;
  optionalDependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

/** The libs, each after the libs it imports (eslint.config.mjs keeps the direction). */
export const LIBS = ['text', 'metrics', 'compute', 'data', 'models', 'transfer', 'training'] as const;
export const DEFAULT_PACKAGES_DIRECTORY = path.join(root, 'dist', 'packages');

/** Files of a lib that stay out of its package: specs, spec helpers, and the commands (the apps run them). */
const notPackaged = (file: string) => /\.spec\.ts$|(^|\/)testing(\.ts$|\/)|-cli\.ts$/.test(file);

function sourceFiles(directory: string, base = directory): string[] {
  return readdirSync(directory).flatMap((name) => {
    const file = path.join(directory, name);
    if (statSync(file).isDirectory()) return sourceFiles(file, base);
    return name.endsWith('.ts') && !notPackaged(path.relative(base, file)) ? [file] : [];
  });
}

/** The packages a lib's code imports (bare specifiers, not node: and not the lib itself), with the workspace's versions. */
function dependenciesOf(lib: string): Record<string, string> {
  const names = new Set<string>();
  for (const file of sourceFiles(path.join(root, 'libs', lib, 'src'))) {
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(/(?:from|import\()\s*'([^.'][^']*)'/g)) {
      if (specifier!.startsWith('node:')) continue;
      const name = specifier!.startsWith('@') ? specifier!.split('/').slice(0, 2).join('/') : specifier!.split('/')[0]!;
      if (name !== `@xlnlu/${lib}`) names.add(name);
    }
  }
  const versions = { ...rootPackage.devDependencies, ...rootPackage.optionalDependencies, ...rootPackage.dependencies };
  return Object.fromEntries(
    [...names].sort().map((name) => {
      if (name.startsWith('@xlnlu/')) return [name, rootPackage.version];
      const version = versions[name];
      if (!version) throw new Error(`libs/${lib} imports ${name}, which the workspace's package.json does not list`);
      return [name, version];
    }),
  );
}

function packageJson(lib: string, built: string): Record<string, unknown> {
  const entry = (name: string) => ({ types: `./src/${name}.d.ts`, default: `./src/${name}.js` });
  const hasBrowserEntry = existsSync(path.join(built, 'src', 'browser.js'));
  const twins = readdirSync(path.join(built, 'src')).filter((file) => file.endsWith('.browser.js'));
  const dependencies = dependenciesOf(lib);
  const compute = lib === 'compute';
  return {
    name: `@xlnlu/${lib}`,
    version: rootPackage.version,
    description: `xlnlu ${lib}: part of the xlnlu toolkit for cross-lingual transfer in voice-assistant NLU`,
    license: rootPackage.license,
    type: 'module',
    engines: rootPackage.engines,
    exports: {
      '.': hasBrowserEntry ? { types: './src/index.d.ts', browser: './src/browser.js', default: './src/index.js' } : entry('index'),
      ...(hasBrowserEntry ? { './browser': entry('browser') } : {}),
    },
    ...(twins.length > 0
      ? { browser: Object.fromEntries(twins.map((twin) => [`./src/${twin.replace('.browser.js', '.js')}`, `./src/${twin}`])) }
      : {}),
    files: compute ? ['src', 'native/binding.gyp', 'native/build.mjs', 'native/src'] : ['src'],
    ...(compute ? { scripts: { install: 'node native/build.mjs' } } : {}),
    dependencies: compute ? { ...dependencies, 'node-addon-api': rootPackage.devDependencies['node-addon-api'] } : dependencies,
    ...(compute
      ? {
          // the backend ladder tries them first where they are installed (libtensorflow; CUDA for -gpu)
          peerDependencies: {
            '@tensorflow/tfjs-node': rootPackage.optionalDependencies['@tensorflow/tfjs-node'],
            '@tensorflow/tfjs-node-gpu': rootPackage.optionalDependencies['@tensorflow/tfjs-node-gpu'],
          },
          peerDependenciesMeta: { '@tensorflow/tfjs-node': { optional: true }, '@tensorflow/tfjs-node-gpu': { optional: true } },
        }
      : {}),
  };
}

function run(command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} (in ${cwd}) failed:\n${result.stdout}${result.stderr}`);
  return result.stdout;
}

/** Builds and packs every lib into `out`: the tarballs, in dependency order. */
export function buildPackages(out = DEFAULT_PACKAGES_DIRECTORY, log: (line: string) => void = () => undefined): string[] {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const program = path.join(out, 'tsconfig.json');
  writeFileSync(
    program,
    JSON.stringify({
      extends: path.join(root, 'tsconfig.base.json'),
      compilerOptions: {
        noEmit: false,
        declaration: true,
        rootDir: path.join(root, 'libs'),
        outDir: path.join(out, 'build'),
        types: ['node'],
        // the program's file lives outside the workspace: type packages from the workspace's node_modules
        typeRoots: [path.join(root, 'node_modules', '@types')],
      },
      files: LIBS.flatMap((lib) => sourceFiles(path.join(root, 'libs', lib, 'src'))),
    }),
  );
  const started = Date.now();
  run(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', program], root);
  log(`compiled ${LIBS.length} libs in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return LIBS.map((lib) => {
    const directory = path.join(out, lib);
    cpSync(path.join(out, 'build', lib), directory, { recursive: true });
    if (lib === 'compute')
      for (const part of ['binding.gyp', 'build.mjs', 'src'])
        cpSync(path.join(root, 'libs', 'compute', 'native', part), path.join(directory, 'native', part), { recursive: true });
    writeFileSync(path.join(directory, 'package.json'), `${JSON.stringify(packageJson(lib, directory), null, 2)}\n`);
    const tarball = path.join(out, run('npm', ['pack', '--silent', '--pack-destination', out], directory).trim().split('\n').pop()!);
    log(`${path.basename(tarball)} (${(statSync(tarball).size / 1024).toFixed(0)} KiB)`);
    return tarball;
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { parseCommandLine } = await import('@xlnlu/data');
  const { values } = parseCommandLine({
    usage: 'npx nx run tools:packages -- [--out=dist/packages]',
    summary: 'Builds every lib as an npm package (ES modules, type declarations, package.json with exports) and packs it.',
    options: { out: { type: 'string', default: path.join('dist', 'packages'), help: 'directory for the packages and their tarballs' } },
  });
  buildPackages(path.resolve(values.out!), (line) => console.log(line));
}
