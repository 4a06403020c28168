/**
 * Writes the Study 3 grids (issue 17: does English → X transfer pay off with shared-space vectors,
 * from zero target utterances to all of them): `experiments/grids/study3.json` and its CI-size
 * version `study3-quick.json`. The grids are data; this file only saves writing ~150 run entries
 * by hand, and a spec (study3-grid.spec.ts) keeps the committed files equal to what it writes.
 *
 * npx tsx apps/experiments/src/study3-grid.ts
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import prettier from 'prettier';
import type { Locale } from '@xlnlu/data';

const JOINT = 'experiments/joint-bilstm-crf-en-US.json';
const MAXENT = 'experiments/maxent-nlu-en-US.json';
const TARGETS: Locale[] = ['es-ES', 'it-IT', 'hi-IN', 'ja-JP'];

export interface Study3Options {
  quick: boolean;
}

interface RunEntry {
  name: string;
  config: string;
  set: string[];
  evaluate: Locale[];
  transfer?: { from: string; copy: string[] };
  compareTo?: string;
  seeds?: number[];
  curve?: { series: string; size: number | null };
}

const json = (value: unknown) => JSON.stringify(value);

/** The learning curves' legend in the README's words (its Study 3 tables); X is the target language. */
const SERIES_LABELS = {
  maxent: 'max-ent',
  mono: 'mono',
  'mono-vec': 'mono + vec',
  joint: 'en-US + X',
  'joint-vec': 'en-US + X + vec',
  xfer: 'transfer',
  'xfer-vec': 'transfer + vec',
  'xfer-vec-texts': 'transfer + vec, texts',
  'xfer-vec-ft4': 'transfer + vec, fine-tuned on 4',
};

/**
 * The shared-space settings, chosen on dev (README, Study 3): English GloVe with X words composed
 * from their translations, kept fixed, and (for runs with English records) those records
 * code-switched into X through the same lexicons. `parallelTexts: all` is the
 * translations-without-annotations setting.
 */
function space(locales: readonly Locale[], parallelTexts: 'sampled' | 'all' = 'sampled', { english = true } = {}): string[] {
  const vectors = [`data.sharedSpace=${json({ locales, parallelTexts })}`, 'model.fixedVectors=true'];
  return english ? [...vectors, `data.codeSwitch=${json({ locales, parallelTexts })}`] : vectors;
}

export function study3Grid({ quick }: Study3Options) {
  const targets: Locale[] = quick ? ['es-ES'] : TARGETS;
  const sizes: (number | 'all')[] = quick ? [200] : [100, 500, 1000, 2000, 'all'];
  // the quick grid caps English too and trains a few epochs: it checks the pipeline, not the method
  const common = quick ? ['data.trainLimits={"en-US":1000}'] : [];
  const epochs = quick ? ['model.maxEpochs=3', 'model.patience=3'] : [];
  const runs: RunEntry[] = [];
  const add = (entry: RunEntry) => runs.push({ ...entry, set: [...common, ...(entry.config === JOINT ? epochs : []), ...entry.set] });
  /** A run of one target size, on that size's learning curve of its setting. */
  const addSized = (setting: string, size: number | 'all', entry: Omit<RunEntry, 'curve'>) =>
    add({ ...entry, curve: { series: setting, size: size === 'all' ? null : size } });

  // English sources, and zero-shot: an en-US model read on every target's test set
  // (the sources are where the transfer curves start: 0 target utterances)
  add({ name: 'en', config: JOINT, set: [], evaluate: ['en-US', ...targets], curve: { series: 'xfer', size: 0 } });
  add({
    name: 'en-vec',
    config: JOINT,
    set: space(targets),
    evaluate: ['en-US', ...targets],
    compareTo: 'en',
    curve: { series: 'xfer-vec', size: 0 },
  });
  add({
    name: 'en-vec-texts',
    config: JOINT,
    set: space(targets, 'all'),
    evaluate: targets,
    compareTo: 'en-vec',
    curve: { series: 'xfer-vec-texts', size: 0 },
  });

  for (const X of targets) {
    for (const size of sizes) {
      const suffix = `${X}-${size}`;
      const limit = size === 'all' ? [] : [`data.trainLimits=${json(quick ? { 'en-US': 1000, [X]: size } : { [X]: size })}`];
      const seeds = size === 'all' ? { seeds: [0] } : {};
      const mono = [`data.trainLocales=${json([X])}`, ...limit];
      const joint = [`data.trainLocales=${json(['en-US', X])}`, ...limit, `data.devLocales=${json([X])}`];
      const evaluate = [X];
      addSized('maxent', size, { name: `maxent-${suffix}`, config: MAXENT, set: mono, evaluate, ...seeds });
      addSized('mono', size, { name: `mono-${suffix}`, config: JOINT, set: mono, evaluate, compareTo: `maxent-${suffix}`, ...seeds });
      addSized('mono-vec', size, {
        name: `mono-vec-${suffix}`,
        config: JOINT,
        set: [...mono, ...space([X], 'sampled', { english: false })],
        evaluate,
        compareTo: `mono-${suffix}`,
        ...seeds,
      });
      addSized('joint', size, { name: `joint-${suffix}`, config: JOINT, set: joint, evaluate, compareTo: `mono-${suffix}`, ...seeds });
      addSized('joint-vec', size, {
        name: `joint-vec-${suffix}`,
        config: JOINT,
        set: [...joint, ...space([X])],
        evaluate,
        compareTo: `joint-${suffix}`,
        ...seeds,
      });
      const transfer = (from: string) => ({ from, copy: ['embeddings', 'encoder'] });
      addSized('xfer', size, {
        name: `xfer-${suffix}`,
        config: JOINT,
        set: joint,
        transfer: transfer('en'),
        evaluate,
        compareTo: `joint-${suffix}`,
        ...seeds,
      });
      addSized('xfer-vec', size, {
        name: `xfer-vec-${suffix}`,
        config: JOINT,
        set: [...joint, ...space([X])],
        transfer: transfer('en-vec'),
        evaluate,
        compareTo: `joint-vec-${suffix}`,
        ...seeds,
      });
      addSized('xfer-vec-texts', size, {
        name: `xfer-vec-texts-${suffix}`,
        config: JOINT,
        set: [...joint, ...space([X], 'all')],
        transfer: transfer('en-vec-texts'),
        evaluate,
        compareTo: `xfer-vec-${suffix}`,
        ...seeds,
      });
      if (!quick) {
        // the article's second stage: the transferred model fine-tuned on English and all four targets (each capped alike)
        const all = [`data.trainLocales=${json(['en-US', ...TARGETS])}`, `data.devLocales=${json([X])}`];
        const limits = size === 'all' ? [] : [`data.trainLimits=${json(Object.fromEntries(TARGETS.map((t) => [t, size])))}`];
        addSized('xfer-vec-ft4', size, {
          name: `xfer-vec-ft4-${suffix}`,
          config: JOINT,
          set: [...all, ...limits, ...space(TARGETS)],
          transfer: { from: `xfer-vec-${suffix}`, copy: ['embeddings', 'encoder', 'decoder'] } as RunEntry['transfer'],
          evaluate,
          compareTo: `xfer-vec-${suffix}`,
          ...seeds,
        });
      }
    }
  }
  return {
    name: quick ? 'study3-quick' : 'study3',
    description: quick
      ? 'Study 3 in CI size: en-US (1,000 utterances) → es-ES with 200 target utterances and 3 epochs; every setting of the full grid but the fine-tuning on all four targets. Checks the pipeline; its figures are not the study.'
      : 'Study 3 (issue 17): English → es-ES, it-IT, hi-IN, ja-JP with 0 (zero-shot), 100, 500, 1,000, 2,000 and all target utterances (seeded, stratified): max-ent; monolingual BiLSTM-CRF without and with shared-space vectors; en-US + X trained together from scratch without and with vectors (the control for the transferred blocks); en-US → en-US + X transfer of embeddings + encoder without and with vectors, and with the translations-without-annotations lexicon; the article’s fine-tuning of the transferred model on English and all four targets. Vectors: English GloVe with X words composed from their English translations (FreeDict + a lexicon induced from the run’s own X records), fixed, and the English records code-switched into X through the same lexicons (CoSDA-ML; not in the monolingual runs, which have none). Epochs on the target’s dev set. Three seeds up to 2,000 utterances, one with all of them.',
    seeds: [0, 1, 2].slice(0, quick ? 1 : 3),
    baseline: null,
    // the quick grid has no fine-tuning on four targets, and a label must name a series the grid has
    seriesLabels: Object.fromEntries(Object.entries(SERIES_LABELS).filter(([series]) => runs.some((r) => r.curve?.series === series))),
    runs,
  };
}

/** The grid file's text, formatted as the workspace formats JSON (so the format check passes). */
export async function study3GridText(options: Study3Options): Promise<{ file: string; text: string; runs: number }> {
  const grid = study3Grid(options);
  const file = `experiments/grids/${grid.name}.json`;
  // the schema first, as in every shipped grid (config-json-schemas.ts), for editors
  const withSchema = { $schema: '../schemas/grid.schema.json', ...grid };
  const text = await prettier.format(JSON.stringify(withSchema), { ...(await prettier.resolveConfig(file)), filepath: file });
  return { file, text, runs: grid.runs.length };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const quick of [false, true]) {
    const { file, text, runs } = await study3GridText({ quick });
    writeFileSync(file, text);
    console.log(`wrote ${file}: ${runs} runs`);
  }
}
