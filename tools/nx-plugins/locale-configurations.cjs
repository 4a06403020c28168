// An Nx inference plugin (nx.json "plugins"): one configuration of `evaluate:evaluate` per profiled
// locale, read from the locale table, so that adding a locale to libs/text/src/locale-profiles.json
// (or to the file $XLNLU_LOCALE_PROFILES names) adds `npx nx run evaluate:evaluate:<locale>`.
// CommonJS because Nx loads plugins with require() and this one must run without a TS transpiler.
const { existsSync, readFileSync } = require('node:fs');
const path = require('node:path');

const TABLE = 'libs/text/src/locale-profiles.json';

/** Locales of the built-in table and of $XLNLU_LOCALE_PROFILES, in order. */
function profiledLocales(workspaceRoot, env = process.env) {
  const locales = Object.keys(JSON.parse(readFileSync(path.join(workspaceRoot, TABLE), 'utf8')));
  const extra = env.XLNLU_LOCALE_PROFILES;
  if (extra && extra.trim() !== '' && existsSync(path.resolve(workspaceRoot, extra)))
    locales.push(...Object.keys(JSON.parse(readFileSync(path.resolve(workspaceRoot, extra), 'utf8'))));
  return [...new Set(locales)];
}

/**
 * The evaluate target. An Nx configuration that does not exist falls back to the default one, so
 * the default is a sentinel that fails with the list of locales instead of evaluating en-US
 * (apps/evaluate/src/main.ts, NO_LOCALE).
 */
function evaluateTarget(locales) {
  return {
    executor: 'nx:run-commands',
    cache: false,
    options: { cwd: '{workspaceRoot}', command: 'tsx apps/evaluate/src/main.ts' },
    defaultConfiguration: 'no-locale',
    configurations: {
      'no-locale': { args: '--locale=no-locale' },
      ...Object.fromEntries(locales.map((locale) => [locale, { args: `--locale=${locale}` }])),
    },
  };
}

const createNodesV2 = [
  'apps/evaluate/project.json',
  (files, _options, context) =>
    files.map((file) => [
      file,
      { projects: { [path.dirname(file)]: { targets: { evaluate: evaluateTarget(profiledLocales(context.workspaceRoot)) } } } },
    ]),
];

module.exports = { createNodesV2, evaluateTarget, profiledLocales };
