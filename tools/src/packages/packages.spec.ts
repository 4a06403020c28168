import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPackages, LIBS } from './build-packages.js';

const here = path.dirname(fileURLToPath(import.meta.url));

describe('packages: the libs packed and installed into an empty project train, load and parse', function () {
  this.timeout(600_000);
  let project: string;
  let tarballs: string[];

  before(() => {
    const work = mkdtempSync(path.join(tmpdir(), 'xlnlu-packages-'));
    tarballs = buildPackages(path.join(work, 'packages'));
    // outside the workspace: nothing resolves into its node_modules or its sources
    project = path.join(work, 'project');
    spawnSync('mkdir', [project]);
    writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    // the third-party packages come from npm's cache (filled by the workspace's npm ci) or the registry
    const install = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', ...tarballs], {
      cwd: project,
      encoding: 'utf8',
    });
    if (install.status !== 0) throw new Error(`npm install of the packed libs failed:\n${install.stdout}${install.stderr}`);
  });

  it('packs every lib with its exports, declarations and dependencies', () => {
    expect(tarballs.map((file) => path.basename(file))).to.deep.equal(LIBS.map((lib) => `xlnlu-${lib}-0.1.0.tgz`));
    const manifest = (lib: string) =>
      JSON.parse(readFileSync(path.join(project, 'node_modules', '@xlnlu', lib, 'package.json'), 'utf8')) as {
        exports: Record<string, unknown>;
        dependencies: Record<string, string>;
        browser?: Record<string, string>;
      };
    expect(manifest('training').dependencies).to.include({ '@xlnlu/data': '0.1.0', '@xlnlu/models': '0.1.0', zod: '4.6.7' });
    expect(manifest('text').dependencies).to.have.property('kuromoji');
    expect(manifest('compute').browser).to.deep.equal({ './src/native-addon.js': './src/native-addon.browser.js' });
    expect(manifest('data').exports['./browser']).to.deep.equal({ types: './src/browser.d.ts', default: './src/browser.js' });
    for (const lib of LIBS) {
      const index = path.join(project, 'node_modules', '@xlnlu', lib, 'src', 'index.d.ts');
      expect(readFileSync(index, 'utf8'), index).to.match(/export /);
    }
  });

  it('a plain JavaScript project trains a joint model on its own file, loads it and parses a text', () => {
    copyFileSync(path.join(here, 'consumer.mjs'), path.join(project, 'consumer.mjs'));
    const consumer = spawnSync(process.execPath, ['consumer.mjs'], {
      cwd: project,
      encoding: 'utf8',
      env: { ...process.env, XLNLU_NATIVE: undefined },
    });
    expect(consumer.status, consumer.stderr).to.equal(0);
    const parse = JSON.parse(consumer.stdout.trim().split('\n').pop()!) as { intent: string; domain: string; slots: unknown[] };
    expect(parse).to.deep.include({ domain: 'alarm', intent: 'alarm_set' });
    expect(parse.slots).to.deep.equal([{ type: 'time', value: 'seven am', start: 14, end: 22 }]);
    // the compute package's install step finds no node-gyp in the project, so no native core: the backend line says so
    expect(consumer.stdout).to.match(
      /^backend: wasm .*native compute core not built \(the install step builds it where node-gyp .*`node node_modules\/@xlnlu\/compute\/native\/build.mjs` says why/m,
    );
  });
});
