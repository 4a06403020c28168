import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Lints `code` as if it were a new file in `libPath`, returning the rules it breaks with their messages. */
async function violations(libPath: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: root });
  const [result] = await eslint.lintText(code, { filePath: path.join(root, libPath, 'src', 'probe.ts') });
  return result!.messages.map((message) => `${message.ruleId}: ${message.message}`);
}

// The lint rules enforce the dependency direction (docs/architecture.md); these cases show each failing on a violation.
describe('dependency direction (lint)', function () {
  this.timeout(120_000);

  before(() => {
    // The Nx lint rule reads the cached project graph; make sure it exists when mocha runs alone.
    execFileSync('npx', ['nx', 'show', 'projects'], { cwd: root, env: { ...process.env, NX_DAEMON: 'false' }, stdio: 'ignore' });
  });

  it('allows data → text', async () => {
    expect(
      await violations('libs/data', "import { WordTokenizer } from '@xlnlu/text';\nexport const t = new WordTokenizer();\n"),
    ).to.deep.equal([]);
  });

  it('fails when metrics imports another library', async () => {
    const found = await violations('libs/metrics', "import { readMassive } from '@xlnlu/data';\nexport const r = readMassive;\n");
    expect(found.join('\n')).to.match(
      /@nx\/enforce-module-boundaries: A project tagged with "scope:metrics" can not depend on libs tagged with "type:lib"/,
    );
  });

  it('fails when text imports data (against the direction data → text)', async () => {
    const found = await violations('libs/text', "import { readMassive } from '@xlnlu/data';\nexport const r = readMassive;\n");
    expect(found.join('\n')).to.match(/@nx\/enforce-module-boundaries/);
  });

  it('fails when a library other than text imports kuromoji', async () => {
    const found = await violations('libs/data', "import kuromoji from 'kuromoji';\nexport const k = kuromoji;\n");
    expect(found.join('\n')).to.match(
      /@nx\/enforce-module-boundaries: A project tagged with "scope:data" is not allowed to import "kuromoji"/,
    );
  });

  it('fails when a library other than compute imports a TensorFlow.js backend', async () => {
    const found = await violations('libs/data', "import '@tensorflow/tfjs-backend-wasm';\nexport const x = 1;\n");
    expect(found.join('\n')).to.match(
      /@nx\/enforce-module-boundaries: A project tagged with "scope:data" is not allowed to import "@tensorflow\/tfjs-backend-wasm"/,
    );
  });

  it('fails when a library imports any TensorFlow.js package but through compute (layers and core included)', async () => {
    const layers = await violations('libs/models', "import * as tfl from '@tensorflow/tfjs-layers';\nexport const l = tfl;\n");
    expect(layers.join('\n')).to.match(
      /@nx\/enforce-module-boundaries: A project tagged with "scope:models" is not allowed to import "@tensorflow\/tfjs-layers"/,
    );
    const core = await violations('libs/training', "import * as tf from '@tensorflow/tfjs-core';\nexport const t = tf;\n");
    expect(core.join('\n')).to.match(/is not allowed to import "@tensorflow\/tfjs-core"/);
    expect(await violations('libs/training', "import { tf } from '@xlnlu/compute';\nexport const t = tf;\n"), 'the way in').to.deep.equal(
      [],
    );
  });

  it('fails when production code imports a test helper; a spec may', async () => {
    const found = await violations(
      'libs/training',
      "import { fixtureDataRoot } from '@xlnlu/training/testing';\nexport const r = fixtureDataRoot;\n",
    );
    expect(found.join('\n')).to.match(/no-restricted-imports: .*Test helpers are for specs/);
    const eslint = new ESLint({ cwd: root });
    const [spec] = await eslint.lintText(
      "import { nativeKernelsOrSkip } from '@xlnlu/compute/testing';\nexport const n = nativeKernelsOrSkip;\n",
      { filePath: path.join(root, 'libs/models/src/probe.spec.ts') },
    );
    expect(spec!.messages.map((m) => m.message)).to.deep.equal([]);
  });

  it('fails when text or metrics does file I/O', async () => {
    const found = await violations('libs/text', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n");
    expect(found.join('\n')).to.match(/no-restricted-imports: .*File I\/O belongs in libs\/data, libs\/training or an app/);
  });
});
