import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { COMMANDS, commandHelpDocument, commandHelpSection, gatherHelp, helpOf, README } from './command-help-doc.js';

const run = (file: string, ...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', file, ...args], {
    encoding: 'utf8',
    env: { ...process.env, XLNLU_DATA_DIR: '/nonexistent' },
  });

// every command parses its flags with parseCommandLine (libs/data): its typo handling is checked on a few
const TYPO_CHECKED = new Set(['apps/train/src/main.ts', 'apps/evaluate/src/main.ts', 'libs/data/src/convert-cli.ts']);

describe('every command: --help, and a misspelt flag is a usage error naming the nearest', function () {
  this.timeout(180_000);
  before(() => gatherHelp(COMMANDS.map(([file]) => file)));
  for (const [file, , option] of COMMANDS) {
    it(file, () => {
      const help = helpOf(file);
      expect(help).to.match(/^usage: /u);
      expect(help).to.include(option);
      if (!TYPO_CHECKED.has(file)) return;
      const typo = `${option}x`;
      const wrong = run(file, typo);
      expect(wrong.status).to.equal(2);
      expect(wrong.stderr).to.include(`error: unknown option ${typo} (did you mean "${option}"?)`);
      expect(wrong.stderr, 'no Node stack').to.not.match(/\n\s+at /u);
    });
  }
});

describe('the README’s command help', function () {
  this.timeout(180_000);
  it('holds every command’s --help as it is today (npx tsx tools/src/command-help-doc.ts rewrites it)', () => {
    expect(commandHelpSection(readFileSync(README, 'utf8'))).to.equal(commandHelpDocument());
  });
});

describe('evaluate refuses a locale the run did not train on unless --zero-shot, and an unknown one', function () {
  this.timeout(60_000);
  it('names the locales it trained on', () => {
    const run = path.join(mkdtempSync(path.join(tmpdir(), 'xlnlu-zs-')), 'run');
    mkdirSync(run);
    writeFileSync(
      path.join(run, 'config.json'),
      JSON.stringify({ name: 'r', data: { trainLocales: ['en-US'] }, model: { type: 'maxent-nlu' } }),
    );
    const refused = spawnSync(process.execPath, ['--import', 'tsx', 'apps/evaluate/src/main.ts', `--run=${run}`, '--locale=es-ES'], {
      encoding: 'utf8',
    });
    expect(refused.status).to.equal(1);
    expect(refused.stderr).to.match(/was trained on en-US, not es-ES: evaluating it on es-ES is zero-shot transfer; pass --zero-shot/);
    const unknown = spawnSync(process.execPath, ['--import', 'tsx', 'apps/evaluate/src/main.ts', `--run=${run}`, '--locale=es-MX'], {
      encoding: 'utf8',
    });
    expect(unknown.status).to.equal(1);
    expect(unknown.stderr).to.match(/--locale: unknown locale "es-MX" \(did you mean "es-ES"\?\)/);
  });
});
