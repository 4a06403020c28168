import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

const require = createRequire(import.meta.url);
const plugin = require('../nx-plugins/locale-configurations.cjs') as {
  profiledLocales(root: string, env?: NodeJS.ProcessEnv): string[];
  evaluateTarget(locales: string[]): { defaultConfiguration: string; configurations: Record<string, { args: string }> };
};

describe('evaluate configurations inferred from the locale table (tools/nx-plugins)', function () {
  this.timeout(120_000);
  const root = process.cwd();

  it('one configuration per profiled locale, and a default that is none of them', () => {
    const table = Object.keys(JSON.parse(readFileSync('libs/text/src/locale-profiles.json', 'utf8')) as object);
    const target = plugin.evaluateTarget(plugin.profiledLocales(root, {}));
    expect(Object.keys(target.configurations)).to.deep.equal(['no-locale', ...table]);
    expect(target.configurations['th-TH']).to.deep.equal({ args: '--locale=th-TH' });
    expect(target.defaultConfiguration).to.equal('no-locale');
  });

  it('adds the locales of $XLNLU_LOCALE_PROFILES', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'xlnlu-profiles-')), 'profiles.json');
    writeFileSync(
      file,
      JSON.stringify({ 'la-VA': { language: 'Latin', scripts: ['Latin'], tokenizer: 'unicode-words', iso639_3: 'lat' } }),
    );
    expect(plugin.profiledLocales(root, { XLNLU_LOCALE_PROFILES: file })).to.include('la-VA');
  });

  it('an unknown configuration fails with the list of locales instead of evaluating en-US', () => {
    const run = spawnSync('npx', ['nx', 'run', 'evaluate:evaluate:xx-YY', '--', '--run=runs/none'], {
      encoding: 'utf8',
      env: { ...process.env, NX_DAEMON: 'false' },
    });
    expect(run.status).to.not.equal(0);
    expect(run.stdout + run.stderr).to.match(/no locale to evaluate: name one as the Nx configuration.*\(af-ZA, am-ET/);
    expect(run.stdout + run.stderr).to.not.match(/--locale=en-US/);
  });
});
