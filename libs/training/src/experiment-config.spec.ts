import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PACKAGED_VECTORS_PREFIX, resolveWordVectorsFile } from '@xlnlu/data';
import { applyOverrides, parseExperimentConfig } from './experiment-config.js';
import type { JointBilstmCrfConfig } from './families/joint-bilstm-crf/config.js';
import type { MaxEntNluConfig } from './families/maxent-nlu/config.js';

const minimal = { name: 'baseline', model: { type: 'maxent-nlu' } };

describe('experiment config', () => {
  it('fills every default from the schema', () => {
    const config = parseExperimentConfig(minimal, 'x.json');
    expect(config).to.deep.include({
      name: 'baseline',
      seed: 0,
      data: {
        dataset: 'massive',
        trainLocales: ['en-US'],
        trainLimit: null,
        trainLimits: {},
        devLocales: null,
        splitTokensAtSlots: false,
        codeSwitch: null,
        sharedSpace: null,
      },
      transfer: null,
    });
    if (config.model.type !== 'maxent-nlu') throw new Error('expected a maxent-nlu config');
    expect(config.model.domain).to.deep.equal({ wordNgrams: [1, 2], charNgrams: [], epochs: 30, learningRate: 0.1, l2: 0.001 });
    expect(config.model.slots).to.deep.equal({ epochs: 8, learningRate: 0.1, l2: 0.0001, bioConstraints: true });
  });

  const invalid: Array<[string, unknown, RegExp]> = [
    [
      'an unknown top-level key',
      { ...minimal, modle: 1 },
      /x\.json: invalid experiment config:\n {2}\(top level\): unknown key "modle" \(did you mean "model"\?\); expected one of name, seed, data, model/,
    ],
    [
      'an unknown nested key',
      { name: 'b', model: { type: 'maxent-nlu', domain: { epoks: 3 } } },
      /model\.domain: unknown key "epoks" \(did you mean "epochs"\?\); expected one of wordNgrams, charNgrams, epochs, learningRate, l2/,
    ],
    [
      'an unknown model type',
      { name: 'b', model: { type: 'maxent-nl' } },
      /model\.type: unknown model type "maxent-nl" \(did you mean "maxent-nlu"\?\); expected one of maxent-nlu, joint-bilstm-crf, ner-bilstm/,
    ],
    ['an unknown locale', { ...minimal, data: { trainLocales: ['en-GB'] } }, /data\.trainLocales\.0: /],
    ['a bad run name', { ...minimal, name: 'a/b' }, /name: letters, digits/],
    ['a negative epoch count', { name: 'b', model: { type: 'maxent-nlu', slots: { epochs: -1 } } }, /model\.slots\.epochs: /],
  ];
  for (const [what, json, message] of invalid) {
    it(`rejects ${what}`, () => expect(() => parseExperimentConfig(json, 'x.json')).to.throw(message));
  }

  it('applies key.path=value overrides, parsing JSON values', () => {
    const overridden = applyOverrides(minimal, ['seed=3', 'model.domain.epochs=5', 'name=other', 'data.trainLocales=["es-ES"]']);
    const config = parseExperimentConfig(overridden, 'x.json');
    const model = config.model as MaxEntNluConfig;
    expect([config.seed, model.domain?.epochs, config.name, config.data.trainLocales]).to.deep.equal([3, 5, 'other', ['es-ES']]);
    expect(minimal).to.deep.equal({ name: 'baseline', model: { type: 'maxent-nlu' } });
    expect(() => applyOverrides(minimal, ['seed'])).to.throw(/--set seed: expected key\.path=value/);
    // what Nx and shells leave of '["es-ES", "it-IT"]': a list of plain words
    const unquoted = applyOverrides(minimal, ['data.trainLocales=[es-ES, it-IT]', 'data.devLocales=[ja-JP]']) as { data: object };
    expect(unquoted.data).to.deep.include({ trainLocales: ['es-ES', 'it-IT'], devLocales: ['ja-JP'] });
  });

  it('accepts every shipped config, and their npm: word vectors are installed', function () {
    this.timeout(120_000); // on a fresh clone the GloVe package is converted here, ~20 s
    const directory = path.resolve(import.meta.dirname, '../../../experiments');
    const files = readdirSync(directory).filter((file) => file.endsWith('.json'));
    expect(files).to.include.members(['maxent-nlu-en-US.json', 'joint-bilstm-crf-en-US.json', 'joint-bilstm-crf-en-US-glove.json']);
    for (const file of files) {
      const config = parseExperimentConfig(JSON.parse(readFileSync(path.join(directory, file), 'utf8')), file);
      const vectors = config.model.type === 'joint-bilstm-crf' ? (config.model as JointBilstmCrfConfig).pretrainedVectors : null;
      if (vectors?.startsWith(PACKAGED_VECTORS_PREFIX)) expect(resolveWordVectorsFile(vectors), file).to.match(/\.vec$/);
    }
  });
});
