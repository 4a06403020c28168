/**
 * `npx nx run data:lexicon [-- --targets=es-ES,it-IT,hi-IN,ja-JP] [--min-links=2] [--json]`
 *
 * For each target locale, against English: the lexicon induced from MASSIVE's parallel train
 * utterances (competitive linking over Dice, induced-lexicon.ts) and the FreeDict eng-<x>
 * dictionary: the induced lexicon's precision at 1 with FreeDict as the reference, and how much of
 * the locale's train vocabulary (word types) each lexicon translates.
 */
import { parseCommandLine } from '../command-line.js';
import { parseLocale } from '@xlnlu/text';
import { resolveDataRoot } from '../data-root.js';
import { readMassiveLocale } from '../massive-locale.js';
import { freedictEnglishTo, readFreeDictLexicon, type BilingualLexicon } from './bilingual-lexicon.js';
import { induceLexicon, parallelPairs, precisionAt1 } from './induced-lexicon.js';

const { values } = parseCommandLine({
  usage: 'npx nx run data:lexicon -- [--targets=es-ES,it-IT,hi-IN,ja-JP] [--min-links=2] [--json]',
  summary:
    'For each target locale: the English → X lexicon induced from MASSIVE’s parallel train utterances, its precision at 1 against ' +
    'FreeDict, and how much of the locale’s train vocabulary each lexicon translates.',
  options: {
    targets: { type: 'string', default: 'es-ES,it-IT,hi-IN,ja-JP', help: 'comma-separated target locales' },
    'min-links': { type: 'string', default: '2', help: 'pairs seen fewer times are left out of the induced lexicon' },
    json: { type: 'boolean', default: false, help: 'print JSON instead of a table' },
  },
});

/** The share of `vocabulary` that appears among the translations of `lexicon`. */
function coverage(vocabulary: ReadonlySet<string>, lexicon: BilingualLexicon): number {
  const translated = new Set([...lexicon.values()].flat().map((t) => t.toLowerCase()));
  return [...vocabulary].filter((word) => translated.has(word)).length / vocabulary.size;
}

async function main(): Promise<void> {
  const root = resolveDataRoot();
  const english = await readMassiveLocale(root, 'en-US');
  const rows = [];
  for (const target of values.targets!.split(',').map((l) => parseLocale(l, '--targets'))) {
    const dictionaryBase = freedictEnglishTo(root, target);
    if (!dictionaryBase) throw new Error(`--targets: FreeDict has no English dictionary for ${target}`);
    const records = await readMassiveLocale(root, target);
    const pairs = parallelPairs(english, records, 'train');
    const induced = induceLexicon(pairs, { minLinks: Number(values['min-links']) });
    const dictionary = readFreeDictLexicon(dictionaryBase);
    const vocabulary = new Set(pairs.flatMap((p) => p.target));
    const score = precisionAt1(induced, dictionary);
    rows.push({
      pair: `en-US → ${target}`,
      parallelTrainPairs: pairs.length,
      inducedEntries: induced.size,
      precisionAt1: score.precisionAt1,
      evaluated: score.evaluated,
      trainVocabulary: vocabulary.size,
      coverageInduced: coverage(vocabulary, induced),
      coverageFreeDict: coverage(vocabulary, dictionary),
    });
  }
  if (values.json) console.log(JSON.stringify(rows, null, 2));
  else {
    console.log('pair              pairs  induced  P@1 vs FreeDict (n)   train vocab  coverage induced  coverage FreeDict');
    for (const r of rows) {
      console.log(
        `${r.pair.padEnd(16)} ${String(r.parallelTrainPairs).padStart(6)} ${String(r.inducedEntries).padStart(8)}  ${r.precisionAt1.toFixed(3)} (${r.evaluated})`.padEnd(
          59,
        ) +
          `${String(r.trainVocabulary).padStart(10)}  ${(100 * r.coverageInduced).toFixed(1).padStart(15)} %  ${(100 * r.coverageFreeDict).toFixed(1).padStart(15)} %`,
      );
    }
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
