import nx from '@nx/eslint-plugin';

// DESIGN.md §2: which library may import which. Each lib carries the tag `scope:<name>`.
const libraryDependencies = {
  metrics: [],
  text: [],
  data: ['text'],
  compute: [],
  models: ['compute'],
  transfer: ['models'],
  training: ['data', 'models', 'transfer', 'metrics'],
};

// Packages that exactly one library owns: everyone else goes through that library. (tfjs-core and
// tfjs-layers are not backends: models use them directly.)
const ownedPackages = {
  text: ['kuromoji', 'wanakana', '@indic-transliteration/*'],
  compute: ['@tensorflow/tfjs', '@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-backend-*'],
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

// File I/O stays in data, training and the apps (DESIGN.md §2).
const librariesWithoutFileIo = ['text', 'metrics', 'compute', 'models', 'transfer'];
const fileModules = ['fs', 'node:fs', 'fs/promises', 'node:fs/promises'];

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
  {
    files: librariesWithoutFileIo.map((lib) => `libs/${lib}/src/**/*.ts`),
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: fileModules.map((name) => ({
            name,
            message: 'File I/O belongs in libs/data, libs/training or an app (DESIGN.md §2); pass data in instead.',
          })),
        },
      ],
    },
  },
];
