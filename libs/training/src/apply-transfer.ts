import type { tf } from '@xlnlu/compute';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Vocabulary } from '@xlnlu/data';
import type { IndexSpace } from '@xlnlu/models';
import {
  bioRename,
  blocksOf,
  freezeBlocks,
  indexMap,
  transferWeights,
  type Alignment,
  type IndexedAxes,
  type IndexMap,
  type TransferReport,
} from '@xlnlu/transfer';
import type { TransferConfig } from './transfer-config.js';
import type { RunDirectory } from './run-directory.js';
import { writeJsonAtomic } from './atomic-files.js';

export interface AppliedTransfer extends TransferReport {
  from: string;
  frozen: string[];
  /** Where the target's input rows came from (the family says: e.g. words from the source, from pre-trained vectors, initialised). */
  rowOrigins?: Record<string, unknown>;
}

/** A model's index spaces (see the networks' declared axes): its vocabularies and label sets. */
export interface IndexSpaces extends Partial<Record<IndexSpace, Vocabulary | readonly string[] | null>> {
  words: Vocabulary;
  charBigrams: Vocabulary | null;
  spaceWords?: Vocabulary | null;
  tags: readonly string[];
  intents?: readonly string[];
}

/** Rows of two vocabularies for the same tokens; padding and UNK are carried over but do not count as shared. */
function vocabularyAlignment(space: string, source: Vocabulary, target: Vocabulary): IndexMap {
  const sourceTokens = source.toJSON().tokens;
  return indexMap(space, sourceTokens, target.toJSON().tokens, undefined, { uncounted: sourceTokens.slice(0, 2) });
}

/**
 * How the target's entries of an index space line up with the source's: vocabularies by shared
 * token, tags and intents by name through `labelMap` (B-/I- tags follow their entity type).
 */
export function alignSpaces(
  space: IndexSpace,
  from: IndexSpaces,
  to: IndexSpaces,
  labelMap: Readonly<Record<string, string>>,
): IndexMap | undefined {
  switch (space) {
    case 'words':
      return vocabularyAlignment('words', from.words, to.words);
    case 'charBigrams':
      if (!from.charBigrams || !to.charBigrams)
        throw new Error('transfer: char-bigram features must be on in both the source and the target to copy them');
      return vocabularyAlignment('charBigrams', from.charBigrams, to.charBigrams);
    case 'spaceWords':
      if (!from.spaceWords || !to.spaceWords)
        throw new Error('transfer: fixed space vectors must be on in both the source and the target to copy them');
      return vocabularyAlignment('spaceWords', from.spaceWords, to.spaceWords);
    case 'tags':
      return indexMap('tags', from.tags, to.tags, bioRename(labelMap));
    case 'intents':
      return from.intents && to.intents ? indexMap('intents', from.intents, to.intents, (intent) => labelMap[intent] ?? intent) : undefined;
    default: {
      const unknown: never = space;
      throw new Error(`transfer: no alignment for index space ${JSON.stringify(unknown)}`);
    }
  }
}

/** The model directory of a transfer source: a run directory's model/, or a model directory itself. */
export function sourceModelDirectory(from: string): string {
  const modelDirectory = path.join(from, 'model');
  if (existsSync(path.join(modelDirectory, 'metadata.json'))) return modelDirectory;
  if (existsSync(path.join(from, 'metadata.json'))) return from;
  throw new Error(`transfer.from: ${from} is neither a run directory with a trained model/ nor a model directory (no metadata.json)`);
}

/**
 * Copies and freezes the configured blocks. A network may be several Layers models (the NER
 * network's char and word models); each block goes to the model that has it. Call after the
 * target network is built and before the optimizer is made.
 */
export function applyTransfer(
  config: TransferConfig,
  source: readonly tf.LayersModel[],
  target: readonly tf.LayersModel[],
  indexedAxes: IndexedAxes,
  alignment: Alignment,
): AppliedTransfer {
  const holderOf = (block: string) => {
    const index = target.findIndex((model) => blocksOf(model).includes(block));
    if (index < 0)
      throw new Error(
        `transfer: the target model has no block "${block}"; its blocks are ${[...new Set(target.flatMap(blocksOf))].sort().join(', ')}`,
      );
    return index;
  };
  const applied: AppliedTransfer = { from: config.from, blocks: [...config.copy], layers: [], carriedOver: {}, frozen: [] };
  for (const block of config.copy) {
    const i = holderOf(block);
    const report = transferWeights(source[i]!, target[i]!, [block], indexedAxes, alignment);
    applied.layers.push(...report.layers);
    Object.assign(applied.carriedOver, report.carriedOver);
  }
  for (const block of config.freeze) applied.frozen.push(...freezeBlocks(target[holderOf(block)]!, [block]));
  return applied;
}

/** Logs a transfer in the run (train-log.jsonl and transfer.json) and in one progress line. */
export function recordTransfer(applied: AppliedTransfer, run: RunDirectory, log: (line: string) => void): void {
  run.log({ stage: 'transfer', ...applied });
  writeJsonAtomic(path.join(run.root, 'transfer.json'), applied);
  const carried = Object.entries(applied.carriedOver)
    .map(([space, { matched, of }]) => `${matched} of ${of} ${space}`)
    .join(', ');
  log(
    `transfer from ${applied.from}: ${applied.layers.map((l) => l.layer).join(', ')} (carried over ${carried || 'whole weights'}); frozen: ${applied.frozen.join(', ') || 'none'}`,
  );
}
