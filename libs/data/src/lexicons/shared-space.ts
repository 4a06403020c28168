import type { Locale } from '@xlnlu/text';
import { wordsOf, type NluRecord } from '../nlu-record.js';
import { resolveWordVectorsFile } from '../packaged-word-vectors.js';
import { readWordVectors } from '../word-vectors.js';
import { withoutTranslations } from './bli.js';
import { composeVectors, invertLexicons, type CompositionReport } from './composed-vectors.js';
import { englishLexicons, type LexiconSource } from './english-lexicons.js';

export interface SharedSpaceInput {
  root: string;
  /** English word vectors: a fastText .vec file or `npm:<package>` (GloVe by default in the commands). */
  vectors: string;
  lexicons: readonly LexiconSource[];
  /** English train records (the source side of the parallel pairs, and English words of the space). */
  english: readonly NluRecord[];
  /** Per target locale: the records a run trains on (their words enter the space), and the texts the induced lexicon may read. */
  targets: ReadonlyMap<Locale, { records: readonly NluRecord[]; parallelTexts: readonly NluRecord[] }>;
  /** X words kept out of the dictionary (FreeDict) translations, per target: the held-out pairs of a BLI measurement. */
  withheld?: ReadonlyMap<Locale, ReadonlySet<string>>;
  log?: (line: string) => void;
}

export interface SharedSpaceReport {
  englishWords: number;
  dimension: number;
  /** Per target: how its words got their vectors, and the number of its words with English translations. */
  targets: Record<Locale, CompositionReport & { lexiconWords: number }>;
}

/**
 * English and target words in one vector space (method (a) of issue 17): English words keep their
 * vectors; a target word spelled like an English word keeps that vector, any other takes the mean
 * of its English translations' (composeVectors), through FreeDict and a lexicon induced from the
 * given parallel texts only. Target words are those of the given records and of the lexicons.
 */
export async function buildSharedSpace(
  input: SharedSpaceInput,
): Promise<{ vectors: Map<string, Float32Array>; english: Map<string, Float32Array>; report: SharedSpaceReport }> {
  const log = input.log ?? (() => undefined);
  const toEnglish = new Map<Locale, Map<string, string[]>>();
  for (const [target, { parallelTexts }] of input.targets) {
    const withheld = input.withheld?.get(target);
    // held-out pairs leave the dictionary only: a lexicon induced from parallel text may still translate them
    const lexicons = englishLexicons(input.root, target, input.lexicons, input.english, parallelTexts).map(({ source, lexicon }) =>
      withheld && source === 'freedict' ? withoutTranslations(lexicon, withheld) : lexicon,
    );
    toEnglish.set(target, invertLexicons(...lexicons));
  }
  const englishWords = new Set([
    ...input.english.flatMap(wordsOf),
    ...[...toEnglish.values()].flatMap((lexicon) => [...lexicon.values()].flat()),
  ]);
  const { dimension, vectors: english } = await readWordVectors(resolveWordVectorsFile(input.vectors, { log }), englishWords);
  const all = new Map(english);
  const report: SharedSpaceReport = { englishWords: english.size, dimension, targets: {} };
  for (const [target, { records }] of input.targets) {
    const lexicon = toEnglish.get(target)!;
    const { vectors, report: composed } = composeVectors(new Set([...records.flatMap(wordsOf), ...lexicon.keys()]), english, lexicon);
    for (const [word, vector] of vectors) if (!all.has(word)) all.set(word, vector);
    report.targets[target] = { ...composed, lexiconWords: lexicon.size };
  }
  return { vectors: all, english, report };
}
