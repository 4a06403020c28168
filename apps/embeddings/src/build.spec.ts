import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTextPipeline, dataFiles, readMassive } from '@xlnlu/data';
import { sharedDataRootOrSkip } from '@xlnlu/data/testing';
import { trainingRecords } from '@xlnlu/training';

const MAIN = 'apps/embeddings/src/main.ts';
const build = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], { encoding: 'utf8' });

describe('embeddings:build (English + X vectors in one space)', function () {
  this.timeout(300_000); // a fresh clone converts the GloVe package first (~20 s)

  it('refuses missing locales, an unknown lexicon and a locale FreeDict lacks, saying what to do', () => {
    expect(build([]).stderr).to.include('--locales=<target locales> is required');
    expect(build(['--locales=es-ES', '--lexicons=freedict,wordnet']).stderr).to.include(
      '--lexicons: unknown lexicon "wordnet"; expected freedict, induced',
    );
    expect(build(['--locales=en-US']).stderr).to.include('FreeDict has no English dictionary for en-US; use --lexicons=induced');
  });

  it('writes vectors for English and Spanish words, the induced lexicon from the sampled train utterances only', async function () {
    const root = sharedDataRootOrSkip(this);
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'xlnlu-embeddings-')), 'es-100');
    const run = build(['--locales=es-ES', '--target-limit=100', '--seed=1', `--out=${out}`]);
    expect(run.status, run.stderr).to.equal(0);
    const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8'));
    // the vocabulary it reports is that of the 100 utterances a run with trainLimits {es-ES: 100} and seed 1 trains on
    const { tokenizer } = await createTextPipeline('es-ES');
    const spanish = (await readMassive(dataFiles.massive(root, 'es-ES'), { tokenizer, locale: 'es-ES' })).records;
    const sample = trainingRecords(new Map([['es-ES', spanish]]), 100, 1);
    const vocabulary = new Set(sample.flatMap((r) => r.tokens.map((t) => t.text.toLowerCase())));
    expect(report['es-ES'].trainVocabulary).to.equal(vocabulary.size);
    expect(report['es-ES'].composed).to.be.above(1000); // FreeDict alone translates thousands of words
    const lines = readFileSync(path.join(out, 'vectors.vec'), 'utf8').split('\n');
    expect(lines[0]).to.match(/^\d+ 100$/);
    const words = new Set(lines.slice(1).map((line) => line.split(' ')[0]));
    expect(words.has('alarm') && words.has('alarma') && words.has('música')).to.equal(true);
  });
});
