import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

// Every command's entry point, as its Nx target runs it, with an option it must list.
const COMMANDS: [string, string][] = [
  ['apps/train/src/main.ts', '--resume'],
  ['apps/evaluate/src/main.ts', '--partition'],
  ['apps/experiments/src/main.ts', '--report-only'],
  ['apps/experiments/src/run-one.ts', '--evaluate'],
  ['apps/serve/src/main.ts', '--parse-threads'],
  ['apps/serve/src/parse-cli.ts', '--locale'],
  ['apps/embeddings/src/main.ts', '--bli-hold-out'],
  ['tools/bench/src/main.ts', '--reference'],
  ['libs/data/src/stats-cli.ts', '--skip-invalid'],
  ['libs/data/src/lexicons/lexicon-cli.ts', '--min-links'],
  ['libs/data/src/convert-cli.ts', '--tag-column'],
  ['datasets/src/fetch-cli.ts', '--locales'],
  ['apps/experiments/src/screenshot-cli.ts', '--report'],
];

const run = (file: string, ...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', file, ...args], {
    encoding: 'utf8',
    env: { ...process.env, XLNLU_DATA_DIR: '/nonexistent' },
  });

describe('every command: --help, and a misspelt flag is a usage error naming the nearest', function () {
  this.timeout(120_000);
  for (const [file, option] of COMMANDS) {
    it(file, () => {
      const help = run(file, '--help');
      expect(help.status, help.stderr).to.equal(0);
      expect(help.stdout).to.match(/^usage: /u);
      expect(help.stdout).to.include(option);
      const typo = `${option}x`;
      const wrong = run(file, typo);
      expect(wrong.status).to.equal(2);
      expect(wrong.stderr).to.include(`error: unknown option ${typo} (did you mean "${option}"?)`);
      expect(wrong.stderr, 'no Node stack').to.not.match(/\n\s+at /u);
    });
  }
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
