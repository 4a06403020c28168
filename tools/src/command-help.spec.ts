import { expect } from 'chai';
import { spawnSync } from 'node:child_process';

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
