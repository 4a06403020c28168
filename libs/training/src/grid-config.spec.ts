import { expect } from 'chai';
import path from 'node:path';
import { domainRun, gridConfigSchema, planGrid, referenceRun, type GridConfig } from './grid-config.js';

const MAXENT = path.resolve(import.meta.dirname, '../../../experiments/maxent-nlu-en-US.json');

function grid(runs: unknown[]): GridConfig {
  return gridConfigSchema.parse({ name: 'g', seeds: [0], baseline: 'maxent-en', runs });
}

describe('grid config: what each run is compared with', () => {
  const maxentEn = { name: 'maxent-en', config: MAXENT, evaluate: ['en-US'] };
  const maxentEs = { name: 'maxent-es', config: MAXENT, set: ['data.trainLocales=["es-ES"]'], evaluate: ['es-ES'] };
  const multilingual = { name: 'multi', config: MAXENT, set: ['data.trainLocales=["en-US", "es-ES"]'], evaluate: ['en-US', 'es-ES'] };

  it('is the grid baseline by default, one named run, or one run per test locale', () => {
    const g = grid([
      maxentEn,
      maxentEs,
      multilingual,
      { ...multilingual, name: 'multi-vs-es', compareTo: 'maxent-es' },
      { ...multilingual, name: 'multi-per-locale', compareTo: { 'es-ES': 'maxent-es' } },
    ]);
    const entry = (name: string) => g.runs.find((run) => run.name === name)!;
    expect(referenceRun(g, entry('multi'), 'es-ES')).to.equal('maxent-en');
    expect(referenceRun(g, entry('maxent-en'), 'en-US'), 'never itself').to.equal(null);
    expect(referenceRun(g, entry('multi-vs-es'), 'en-US')).to.equal('maxent-es');
    expect(referenceRun(g, entry('multi-per-locale'), 'es-ES')).to.equal('maxent-es');
    expect(referenceRun(g, entry('multi-per-locale'), 'en-US'), 'a locale the map leaves out has none').to.equal(null);
    expect(planGrid(g, '/tmp/g').map((run) => run.id)).to.deep.equal([
      'maxent-en-s0',
      'maxent-es-s0',
      'multi-s0',
      'multi-vs-es-s0',
      'multi-per-locale-s0',
    ]);
  });

  it('rejects a per-locale reference that names an unknown locale, a locale the run is not tested on, or a run not tested on that locale', () => {
    expect(() => grid([maxentEn, { ...multilingual, compareTo: { 'en-GB': 'maxent-en' } }])).to.throw(/compareTo/);
    expect(() => planGrid(grid([maxentEn, maxentEs, { ...maxentEs, name: 'x', compareTo: { 'en-US': 'maxent-en' } }]), '/tmp/g')).to.throw(
      'grid g: run "x", compareTo.en-US: the run is not evaluated on en-US (it is on es-ES)',
    );
    expect(() => planGrid(grid([maxentEn, maxentEs, { ...multilingual, compareTo: { 'es-ES': 'maxent-en' } }]), '/tmp/g')).to.throw(
      'grid g: run "multi", compareTo.es-ES: "maxent-en" is not evaluated on es-ES (it is on en-US)',
    );
    expect(() => planGrid(grid([maxentEn, { ...multilingual, compareTo: { 'es-ES': 'nope' } }]), '/tmp/g')).to.throw(
      '"nope" is not one of its runs (maxent-en, multi)',
    );
  });

  it('takes domains from one run for every test locale, from one per locale, or from the run itself', () => {
    const g = grid([
      maxentEn,
      maxentEs,
      { ...multilingual, domainFrom: { 'en-US': 'maxent-en', 'es-ES': 'maxent-es' } },
      { ...maxentEs, name: 'es', domainFrom: 'maxent-es' },
    ]);
    const entry = (name: string) => g.runs.find((run) => run.name === name)!;
    expect(domainRun(entry('multi'), 'es-ES')).to.equal('maxent-es');
    expect(domainRun(entry('es'), 'es-ES')).to.equal('maxent-es');
    expect(domainRun(entry('maxent-en'), 'en-US')).to.equal(null);
    expect(planGrid(g, '/tmp/g')).to.have.length(4);
    expect(() => planGrid(grid([maxentEn, maxentEs, { ...multilingual, domainFrom: 'maxent-es' }]), '/tmp/g')).to.throw(
      'grid g: run "multi", domainFrom.en-US: "maxent-es" is not evaluated on en-US (it is on es-ES)',
    );
    expect(() => planGrid(grid([maxentEn, { ...multilingual, domainFrom: { 'en-US': 'nope' } }]), '/tmp/g')).to.throw(
      '"nope" is not one of its runs (maxent-en, multi)',
    );
  });
});

describe('grid config: learning-curve labels', () => {
  const point = (name: string, series: string) => ({ name, config: MAXENT, evaluate: ['en-US'], curve: { series, size: 100 } });

  it('labels series that runs declare, and names the nearest series for one that none does', () => {
    const parse = (seriesLabels: Record<string, string>) =>
      gridConfigSchema.parse({ name: 'g', seeds: [0], seriesLabels, runs: [point('a', 'joint-vec'), point('b', 'mono')] });
    expect(planGrid(parse({ 'joint-vec': 'en-US + X + vectors' }), '/tmp/g')).to.have.length(2);
    expect(() => planGrid(parse({ 'joint-vecs': 'en-US + X + vectors' }), '/tmp/g')).to.throw(
      'grid g: seriesLabels names "joint-vecs", which no run\'s curve.series is (did you mean "joint-vec"?) (joint-vec, mono)',
    );
    expect(() => gridConfigSchema.parse({ name: 'g', seeds: [0], seriesLabels: { mono: '' }, runs: [point('b', 'mono')] })).to.throw();
  });
});

describe('grid config: seeds per run', () => {
  const entry = (name: string, extra: Record<string, unknown> = {}) => ({ name, config: MAXENT, evaluate: ['en-US'], ...extra });
  const parse = (runs: unknown[]) => gridConfigSchema.parse({ name: 'g', seeds: [0, 1, 2], runs });

  it('runs every grid seed by default, and only the seeds a run names', () => {
    const plan = planGrid(parse([entry('all'), entry('one', { seeds: [1] })]), '/tmp/g');
    expect(plan.map((run) => run.id)).to.deep.equal(['all-s0', 'all-s1', 'one-s1', 'all-s2']);
  });

  it('refuses a seed the grid lacks, and a transfer from a run that skips one of its seeds', () => {
    expect(() => planGrid(parse([entry('odd', { seeds: [5] })]), '/tmp/g')).to.throw(
      /asks for seeds 5, which the grid's seeds \(0, 1, 2\) lack/,
    );
    const transfer = { from: 'source', copy: ['embeddings'] };
    expect(() => planGrid(parse([entry('source', { seeds: [0] }), entry('target', { transfer })]), '/tmp/g')).to.throw(
      /"target" transfers from "source", which does not run seed 1, 2/,
    );
  });
});
