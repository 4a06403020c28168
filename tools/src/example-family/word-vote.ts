/**
 * An example model family in one folder, registered from outside the toolkit through
 * $XLNLU_FAMILIES (see example-family.spec.ts): each word votes for the intents and slot tags it
 * was seen with in training. Small on purpose: it shows what a family provides (a config schema,
 * training into a run directory, loading, prediction, and here a transfer of another run's votes),
 * and the commands train, evaluate, serve and the grid use it with no other change.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { NluRecord } from '@xlnlu/data';
import { registerFamily, writeJsonAtomic, type ModelFamily, type TrainedModel } from '@xlnlu/training';

const config = z.strictObject({
  type: z.literal('word-vote'),
  /** Votes of a transfer source count this much against the run's own. */
  transferWeight: z.number().min(0).default(1),
});
type WordVoteConfig = z.infer<typeof config>;

/** word → label → votes */
type Votes = Record<string, Record<string, number>>;
interface Saved {
  format: 'xlnlu.word-vote/1';
  intents: Votes;
  tags: Votes;
  domains: Record<string, string>;
}

const FILE = 'word-vote.json';
const words = (record: Pick<NluRecord, 'tokens'>) => record.tokens.map((token) => token.text.toLowerCase());
const vote = (votes: Votes, word: string, label: string, weight = 1) =>
  ((votes[word] ??= {})[label] = (votes[word]?.[label] ?? 0) + weight);
const best = (tally: Record<string, number>, fallback: string) =>
  Object.entries(tally).sort(([a, x], [b, y]) => y - x || a.localeCompare(b))[0]?.[0] ?? fallback;

class WordVote implements TrainedModel {
  constructor(private readonly saved: Saved) {}

  predictRecords(records: readonly Pick<NluRecord, 'tokens'>[]): { intent: string; domain: string; tags: string[] }[] {
    return records.map((record) => {
      const tally: Record<string, number> = {};
      for (const word of words(record))
        for (const [intent, n] of Object.entries(this.saved.intents[word] ?? {})) tally[intent] = (tally[intent] ?? 0) + n;
      const intent = best(tally, Object.keys(this.saved.domains)[0] ?? 'unknown');
      return {
        intent,
        domain: this.saved.domains[intent] ?? 'unknown',
        tags: words(record).map((word) => best(this.saved.tags[word] ?? {}, 'O')),
      };
    });
  }
}

export const wordVote: ModelFamily<WordVoteConfig> = {
  type: 'word-vote',
  schema: config,
  resumes: false,
  transfers: true,
  needsIntents: true,
  train: async ({ train, config: settings, transfer, run, log }) => {
    const saved: Saved = { format: 'xlnlu.word-vote/1', intents: {}, tags: {}, domains: {} };
    for (const record of train) {
      saved.domains[record.intent] = record.domain;
      words(record).forEach((word, i) => {
        vote(saved.intents, word, record.intent);
        vote(saved.tags, word, record.tags[i]!);
      });
    }
    if (transfer) {
      // the whole model is the one block there is: the source run's votes, weighted
      const source = JSON.parse(readFileSync(path.join(transfer.from, 'model', FILE), 'utf8')) as Saved;
      for (const [key, votes] of [
        ['intents', source.intents],
        ['tags', source.tags],
      ] as const) {
        for (const [word, tally] of Object.entries(votes))
          for (const [label, n] of Object.entries(tally)) vote(saved[key], word, label, n * settings.transferWeight);
      }
      Object.assign(saved.domains, { ...source.domains, ...saved.domains });
      writeJsonAtomic(path.join(run.root, 'transfer.json'), { from: transfer.from, words: Object.keys(source.intents).length });
      log(`transfer from ${transfer.from}: votes of ${Object.keys(source.intents).length} words`);
    }
    writeJsonAtomic(path.join(run.modelDirectory, FILE), saved);
  },
  load: async (directory) => new WordVote(JSON.parse(readFileSync(path.join(directory, FILE), 'utf8')) as Saved),
};

registerFamily(wordVote);
