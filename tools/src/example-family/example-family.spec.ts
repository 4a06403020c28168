import { expect } from 'chai';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixtureDataRoot } from '@xlnlu/training/testing';

const FAMILY = path.relative(process.cwd(), fileURLToPath(new URL('./word-vote.ts', import.meta.url)));

/**
 * A model family of a team's own, in one folder (word-vote.ts registers it), used by the same
 * commands as the built-in families: nothing outside that folder knows it.
 */
describe('a model family registered from its own folder ($XLNLU_FAMILIES)', function () {
  this.timeout(300_000);
  const work = mkdtempSync(path.join(tmpdir(), 'xlnlu-family-'));
  const runsDir = path.join(work, 'runs');
  const env = { ...process.env, XLNLU_DATA_DIR: fixtureDataRoot(), XLNLU_BACKEND: 'wasm', XLNLU_FAMILIES: FAMILY };
  const command = (script: string, args: string[], environment: NodeJS.ProcessEnv = env) =>
    spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { env: environment, encoding: 'utf8' });
  const file = (name: string, json: unknown) => {
    const target = path.join(work, name);
    writeFileSync(target, JSON.stringify(json));
    return target;
  };
  const source = file('source.json', { name: 'votes-en', model: { type: 'word-vote' } });

  it('trains and evaluates through the train and evaluate commands', () => {
    const trained = command('apps/train/src/main.ts', [`--config=${source}`, `--runs-dir=${runsDir}`]);
    expect(trained.status, trained.stderr).to.equal(0);
    const evaluated = command('apps/evaluate/src/main.ts', [`--run=${path.join(runsDir, 'votes-en')}`, '--locale=en-US']);
    expect(evaluated.status, evaluated.stderr).to.equal(0);
    const metrics = JSON.parse(readFileSync(path.join(runsDir, 'votes-en', 'metrics', 'en-US.json'), 'utf8'));
    expect(metrics.modelType).to.equal('word-vote');
    expect(metrics.metrics.intentAccuracy.estimate, 'the fixture is easy: words vote well').to.be.above(0.8);
    expect(metrics.metrics.slotF1.estimate).to.be.above(0);
  });

  it('transfers from a trained run, with a setting of its own schema', () => {
    const target = file('target.json', {
      name: 'votes-transfer',
      data: { trainLimit: 4 },
      model: { type: 'word-vote', transferWeight: 0.5 },
      transfer: { from: path.join(runsDir, 'votes-en'), copy: ['votes'] },
    });
    const trained = command('apps/train/src/main.ts', [`--config=${target}`, `--runs-dir=${runsDir}`]);
    expect(trained.status, trained.stderr).to.equal(0);
    expect(trained.stdout).to.match(/transfer from .*votes-en: votes of \d+ words/);
    expect(JSON.parse(readFileSync(path.join(runsDir, 'votes-transfer', 'transfer.json'), 'utf8')).words).to.be.above(5);
    const misspelt = file('misspelt.json', { name: 'votes-bad', model: { type: 'word-vote', transferWieght: 1 } });
    const refused = command('apps/train/src/main.ts', [`--config=${misspelt}`, `--runs-dir=${runsDir}`]);
    expect(refused.status).to.equal(1);
    expect(refused.stderr).to.include('model: unknown key "transferWieght" (did you mean "transferWeight"?)');
  });

  it('serves its model through the parse command', () => {
    const parsed = command('apps/serve/src/parse-cli.ts', [`--model=${path.join(runsDir, 'votes-en')}`, 'what is the weather in paris']);
    expect(parsed.status, parsed.stderr).to.equal(0);
    expect(JSON.parse(parsed.stdout)).to.deep.include({ locale: 'en-US', intent: 'weather_query', domain: 'weather' });
  });

  it('serves its model over HTTP through the serve command (parse threads included)', async () => {
    const server = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'apps/serve/src/main.ts',
        `--model=${path.join(runsDir, 'votes-en')}`,
        '--port=0',
        '--log-level=warn',
        '--inline-text-length=24',
      ],
      { env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    server.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    server.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      const deadline = Date.now() + 60_000;
      while (!/serving .* on (http:\/\/\S+)/.test(output) && Date.now() < deadline && server.exitCode === null)
        await new Promise((resolve) => setTimeout(resolve, 50));
      const address = /serving .* on (http:\/\/\S+)/.exec(output)?.[1];
      expect(address, output).to.be.a('string');
      // short and long texts: both lanes of parse threads load the family
      for (const [text, intent] of [
        ['play something by queen', 'play_music'],
        ['what is the weather in paris', 'weather_query'],
      ]) {
        const answer = await fetch(`${address}/parse`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ text }),
        });
        expect(answer.status, output).to.equal(200);
        expect(((await answer.json()) as { intent: string }).intent, text).to.equal(intent);
      }
      expect(((await (await fetch(`${address}/models`)).json()) as { models: unknown }).models).to.deep.equal([
        { name: 'votes-en', locales: ['en-US'] },
      ]);
    } finally {
      server.kill('SIGTERM');
      await new Promise((resolve) => server.once('exit', resolve));
    }
  });

  it('runs in a grid, transfer included', () => {
    const grid = file('grid.json', {
      name: 'votes-grid',
      seeds: [0],
      baseline: 'source',
      runs: [
        { name: 'source', config: source, evaluate: ['en-US'] },
        { name: 'target', config: source, set: ['data.trainLimit=4'], transfer: { from: 'source', copy: ['votes'] }, evaluate: ['en-US'] },
      ],
    });
    const run = command('apps/experiments/src/main.ts', [`--config=${grid}`, `--runs-dir=${runsDir}`]);
    expect(run.status, run.stderr + run.stdout).to.equal(0);
    expect(existsSync(path.join(runsDir, 'votes-grid', 'target-s0', 'transfer.json'))).to.equal(true);
    expect(readFileSync(path.join(runsDir, 'votes-grid', 'results.csv'), 'utf8')).to.match(/^votes-grid,target,en-US,intent,/m);
  });

  it('is unknown to the commands without $XLNLU_FAMILIES, with the registered types named', () => {
    const without = { ...env, XLNLU_FAMILIES: '' };
    const run = command('apps/train/src/main.ts', [`--config=${source}`, `--runs-dir=${path.join(work, 'other')}`], without);
    expect(run.status).to.equal(1);
    expect(run.stderr).to.match(/model\.type: unknown model type "word-vote"; expected one of maxent-nlu, joint-bilstm-crf, ner-bilstm/);
  });
});
