import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { configJsonSchemas, SCHEMA_DIRECTORY } from './config-json-schemas.js';
import { parseExperimentConfig } from './experiment-config.js';

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;

describe('JSON Schemas of configs, for editors', () => {
  const generated = configJsonSchemas();
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  const validateExperiment = ajv.compile(generated.experiment);
  const validateGrid = ajv.compile(generated.grid);

  it('the committed files are what the zod schemas give today (npx nx run training:schemas rewrites them)', () => {
    expect(readJson(path.join(SCHEMA_DIRECTORY, 'experiment.schema.json'))).to.deep.equal(generated.experiment);
    expect(readJson(path.join(SCHEMA_DIRECTORY, 'grid.schema.json'))).to.deep.equal(generated.grid);
  });

  it('every shipped config names its schema and follows it', () => {
    for (const name of readdirSync('experiments').filter((f) => f.endsWith('.json'))) {
      const config = readJson(path.join('experiments', name));
      expect(config['$schema'], name).to.equal('schemas/experiment.schema.json');
      expect(validateExperiment(config), `${name}: ${ajv.errorsText(validateExperiment.errors)}`).to.equal(true);
    }
    for (const name of readdirSync('experiments/grids').filter((f) => f.endsWith('.json'))) {
      const grid = readJson(path.join('experiments/grids', name));
      expect(grid['$schema'], name).to.equal('../schemas/grid.schema.json');
      expect(validateGrid(grid), `${name}: ${ajv.errorsText(validateGrid.errors)}`).to.equal(true);
    }
  });

  it('flags what the toolkit refuses: a misspelt key, a family setting of the wrong type', () => {
    const config = readJson('experiments/joint-bilstm-crf-en-US.json');
    expect(validateExperiment({ ...config, sed: 1 })).to.equal(false);
    expect(validateExperiment({ ...config, model: { ...(config['model'] as object), dropout: 'high' } })).to.equal(false);
    // and the toolkit itself ignores $schema
    expect(parseExperimentConfig(config, 'x.json').name).to.equal('joint-bilstm-crf-en-US');
  });
});
