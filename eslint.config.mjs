import nx from '@nx/eslint-plugin';

// Which library may import which (docs/architecture.md). Each lib carries the tag `scope:<name>`.
const libraryDependencies = {
  metrics: [],
  text: [],
  data: ['text'],
  compute: [],
  models: ['compute'],
  transfer: ['models', 'compute'],
  training: ['data', 'models', 'transfer', 'metrics', 'compute'],
};

// Packages that exactly one library owns: everyone else goes through that library. TensorFlow.js,
// all of it, belongs to compute: the others take `tf` and `tfl` from @xlnlu/compute.
const ownedPackages = {
  text: ['kuromoji', 'wanakana', '@indic-transliteration/*', 'pinyin-pro', 'es-hangul', 'any-ascii'],
  data: ['yaml'],
  compute: ['@tensorflow/*'],
};
const packagesOwnedElsewhere = (scope) =>
  Object.entries(ownedPackages)
    .filter(([owner]) => owner !== scope)
    .flatMap(([, packages]) => packages);

const depConstraints = [
  ...Object.entries(libraryDependencies).map(([scope, allowed]) => ({
    sourceTag: `scope:${scope}`,
    ...(allowed.length > 0
      ? { onlyDependOnLibsWithTags: allowed.map((name) => `scope:${name}`) }
      : { notDependOnLibsWithTags: ['type:lib', 'type:app'] }),
    bannedExternalImports: packagesOwnedElsewhere(scope),
  })),
  { sourceTag: 'type:lib', notDependOnLibsWithTags: ['type:app'] },
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'], bannedExternalImports: packagesOwnedElsewhere('') },
  { sourceTag: 'type:tooling', notDependOnLibsWithTags: ['type:app'] },
];

// File I/O stays in data, training and the apps (docs/architecture.md).
const librariesWithoutFileIo = ['text', 'metrics', 'compute', 'models', 'transfer'];
const fileModules = ['fs', 'node:fs', 'fs/promises', 'node:fs/promises'];
const fileModulePaths = fileModules.map((name) => ({
  name,
  message: 'File I/O belongs in libs/data, libs/training or an app (docs/architecture.md); pass data in instead.',
}));
const testHelpers = {
  group: ['@xlnlu/*/testing', '**/testing/*', '**/testing.js'],
  message: 'Test helpers are for specs: production code does not import a testing entry point.',
};

export default [
  { ignores: ['**/node_modules/**', '**/dist/**', '**/.nx/**', 'tmp/**', 'datasets/massive-1.1/**', 'datasets/ner/**'] },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts'],
    rules: {
      // With noUncheckedIndexedAccess, `!` marks an index the code has just bounds-checked.
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@nx/enforce-module-boundaries': [
        'error',
        { enforceBuildableLibDependency: false, allow: [], depConstraints, checkDynamicDependenciesExceptions: [] },
      ],
    },
  },
  // test helpers (a lib's `testing` entry point, its testing/ folder) are for specs only
  {
    files: ['**/*.ts'],
    ignores: ['**/*.spec.ts', '**/testing/**', '**/testing.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [testHelpers] }] },
  },
  {
    files: librariesWithoutFileIo.map((lib) => `libs/${lib}/src/**/*.ts`),
    ignores: ['**/*.spec.ts', '**/testing/**', '**/testing.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: fileModulePaths, patterns: [testHelpers] }] },
  },
  {
    files: librariesWithoutFileIo.map((lib) => `libs/${lib}/src/**/*.spec.ts`),
    rules: { 'no-restricted-imports': ['error', { paths: fileModulePaths }] },
  },
];
