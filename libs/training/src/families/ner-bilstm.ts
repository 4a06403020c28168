import path from 'node:path';
import { charBigrams, Vocabulary, type Locale, type NluRecord } from '@xlnlu/data';
import { bioConstraints, NER_INDEXED_AXES, NerNetwork, tf, type NerBatch } from '@xlnlu/models';
import { checkIndexSpaces } from '@xlnlu/transfer';
import { alignSpaces, applyTransfer, recordTransfer, sourceModelDirectory, type IndexSpaces } from '../apply-transfer.js';
import type { EpochRecord } from '../loop-state.js';
import { lengthOrderedBatches } from '../batching.js';
import type { NerBilstmConfig, TransferConfig } from '../experiment-config.js';
import { readLayersArtifacts, readModelMetadata, replaceDirectory, writeLayersArtifacts } from '../model-files.js';
import { evaluateNlu, type NluPrediction } from '../nlu-evaluation.js';
import type { RunDirectory } from '../run-directory.js';
import { writeJsonAtomic } from '../atomic-files.js';
import { trainNetwork } from '../train-network.js';
import { Views, type Sentence } from '../views.js';

const FORMAT = 'xlnlu.ner-bilstm/1';

interface NerMetadata {
  format: typeof FORMAT;
  config: NerBilstmConfig;
  words: ReturnType<Vocabulary['toJSON']>;
  charBigrams: ReturnType<Vocabulary['toJSON']>;
  tags: string[];
}

/** A sentence as the network reads it. */
export interface EncodedSentence {
  words: Int32Array;
  /** Character-bigram ids of each word. */
  chars: Int32Array[];
  /** null for sentences without annotation (prediction only). */
  tags: Int32Array | null;
}

/**
 * The NER network with its vocabularies and input views, trained on MASSIVE slots as entities:
 * the word module reads `wordView` tokens, the char module the character bigrams of `charView`
 * tokens (romanized Japanese or Hindi where asked).
 */
export class NerBilstm {
  private readonly tagIndex: Map<string, number>;

  private constructor(
    readonly network: NerNetwork,
    private readonly metadata: Omit<NerMetadata, 'words' | 'charBigrams'> & { words: Vocabulary; charBigrams: Vocabulary },
    private readonly views: Views,
  ) {
    this.tagIndex = new Map(metadata.tags.map((tag, i) => [tag, i]));
  }

  static async train(
    train: readonly NluRecord[],
    dev: readonly NluRecord[],
    config: NerBilstmConfig,
    seed: number,
    run: RunDirectory,
    log: (line: string) => void,
    { transfer = null, resume = false }: { transfer?: TransferConfig | null; resume?: boolean } = {},
  ): Promise<{ model: NerBilstm; epochs: EpochRecord[] }> {
    const views = new Views();
    await views.prepare(new Set([...train, ...dev].map((r) => r.locale)));
    const words = Vocabulary.build(train.flatMap((r) => views.of(r, config.wordView)), { minCount: config.minCount });
    const bigrams = Vocabulary.build(train.flatMap((r) => views.of(r, config.charView).flatMap(charBigrams)), { minCount: config.minCount });
    const tags = [...new Set(['O', ...train.flatMap((r) => r.tags)])].sort();
    const network = NerNetwork.build({
      wordVocabularySize: words.size,
      charVocabularySize: bigrams.size,
      numTags: tags.length,
      wordDim: config.wordDim,
      charDim: config.charDim,
      charUnits: config.charUnits,
      wordUnits: config.wordUnits,
      dropout: config.dropout,
      decoder: config.decoder,
      seed,
      tagConstraints: config.bioConstraints && config.decoder === 'crf' ? bioConstraints(tags) : null,
    });
    const model = new NerBilstm(network, { format: FORMAT, config, words, charBigrams: bigrams, tags }, views);
    log(`word view ${config.wordView}: ${words.size} words; char view ${config.charView}: ${bigrams.size} bigrams; ${tags.length} tags`);
    if (transfer) {
      const source = await NerBilstm.load(sourceModelDirectory(transfer.from));
      try {
        const models = (ner: NerBilstm) => [ner.network.charModel, ner.network.wordModel];
        const applied = applyTransfer(transfer, models(source), models(model), NER_INDEXED_AXES, (space) => alignSpaces(space, source.spaces, model.spaces, transfer.labelMap));
        recordTransfer(applied, run, log);
      } finally {
        source.network.dispose();
      }
    }
    const encodedTrain = train.map((record) => model.encode(record));
    const encodedDev = dev.map((record) => model.encode(record));
    const epochs = await trainNetwork({
      models: [network.charModel, network.wordModel],
      learningRate: config.learningRate,
      resume,
      batch: (indices) => model.batch(indices.map((i) => encodedTrain[i]!), true),
      loss: (batch) => network.loss(batch, true),
      stage: 'ner',
      seed,
      maxEpochs: config.maxEpochs,
      patience: config.patience,
      batchSize: config.batchSize,
      lengths: train.map((r) => r.tokens.length),
      evaluate: () => {
        const f1 = evaluateNlu(dev, model.predictEncoded(encodedDev)).metrics.slotF1!.estimate;
        return { score: f1, summary: `dev span F1 ${f1.toFixed(4)}`, details: { spanF1: f1 } };
      },
      save: () => model.save(run.modelDirectory),
      run,
      log,
    });
    network.dispose();
    return { model: await NerBilstm.load(run.modelDirectory), epochs };
  }

  /** The vocabularies and label set transfer aligns (NER_INDEXED_AXES). */
  private get spaces(): IndexSpaces {
    const { words, charBigrams, tags } = this.metadata;
    return { words, charBigrams, tags };
  }

  /**
   * Word ids of the word view, character-bigram ids of the char view (romanizing where asked) and,
   * for annotated sentences, tag ids: computed once per sentence, not per epoch.
   */
  encode(sentence: Sentence & Partial<Pick<NluRecord, 'tags'>>): EncodedSentence {
    const { config } = this.metadata;
    const outside = this.tagIndex.get('O')!;
    return {
      words: Int32Array.from(this.metadata.words.encode(this.views.of(sentence, config.wordView))),
      chars: this.views.of(sentence, config.charView).map((word) => Int32Array.from(this.metadata.charBigrams.encode(charBigrams(word)))),
      tags: sentence.tags ? Int32Array.from(sentence.tags, (tag) => this.tagIndex.get(tag) ?? outside) : null,
    };
  }

  batch(examples: readonly EncodedSentence[], withGold: boolean): NerBatch {
    const T = Math.max(1, ...examples.map((e) => e.words.length));
    const C = Math.max(1, ...examples.flatMap((e) => e.chars.map((ids) => ids.length)));
    const words = new Int32Array(examples.length * T);
    const chars = new Int32Array(examples.length * T * C);
    const mask = new Float32Array(examples.length * T);
    const tags = new Int32Array(examples.length * T);
    examples.forEach((example, b) => {
      if (withGold && !example.tags) throw new Error('NerBilstm.batch: gold tags asked for a sentence that has none');
      example.words.forEach((id, t) => {
        words[b * T + t] = id;
        mask[b * T + t] = 1;
        chars.set(example.chars[t]!, (b * T + t) * C);
        if (withGold) tags[b * T + t] = example.tags![t]!;
      });
    });
    const batch: NerBatch = {
      words: tf.tensor2d(words, [examples.length, T], 'int32'),
      chars: tf.tensor3d(chars, [examples.length, T, C], 'int32'),
      mask: tf.tensor2d(mask, [examples.length, T]),
    };
    if (withGold) batch.tags = tf.tensor2d(tags, [examples.length, T], 'int32');
    return batch;
  }

  predictRecords(records: readonly Sentence[]): NluPrediction[] {
    return this.predictEncoded(records.map((record) => this.encode(record)));
  }

  // 64–128 was fastest on wasm for en-US test (~1,300 utterances/s); 256 pads more and was ~40 % slower
  predictEncoded(examples: readonly EncodedSentence[], batchSize = 128): NluPrediction[] {
    const predictions = new Array<NluPrediction>(examples.length);
    for (const indices of lengthOrderedBatches(examples.map((e) => e.words.length), batchSize)) {
      const batch = this.batch(indices.map((i) => examples[i]!), false);
      const paths = this.network.predict(batch);
      tf.dispose(Object.values(batch));
      indices.forEach((i, b) => (predictions[i] = { tags: paths[b]!.slice(0, examples[i]!.words.length).map((k) => this.metadata.tags[k]!) }));
    }
    return predictions;
  }

  /** Prepares the romanizers of the locales about to be predicted. */
  prepare(locales: Iterable<Locale>): Promise<void> {
    return this.views.prepare(locales);
  }

  async save(directory: string): Promise<void> {
    const artifacts = await this.network.artifacts();
    await replaceDirectory(directory, (fresh) => {
      writeLayersArtifacts(fresh, 'char-model', artifacts.char);
      writeLayersArtifacts(fresh, 'word-model', artifacts.word);
      writeJsonAtomic(path.join(fresh, 'metadata.json'), { ...this.metadata, words: this.metadata.words.toJSON(), charBigrams: this.metadata.charBigrams.toJSON() });
    });
  }

  static async load(directory: string): Promise<NerBilstm> {
    const { metadata, file } = readModelMetadata<NerMetadata>(directory, 'ner-bilstm', FORMAT, { config: 'object', words: 'object', charBigrams: 'object', tags: 'array' });
    const words = Vocabulary.fromJSON(metadata.words, `${file} (words)`);
    const bigrams = Vocabulary.fromJSON(metadata.charBigrams, `${file} (char bigrams)`);
    const network = await NerNetwork.fromArtifacts({
      char: readLayersArtifacts(directory, 'char-model', 'ner-bilstm'),
      word: readLayersArtifacts(directory, 'word-model', 'ner-bilstm'),
      decoder: metadata.config.decoder,
    });
    try {
      checkIndexSpaces([network.charModel, network.wordModel], NER_INDEXED_AXES, { words: words.size, charBigrams: bigrams.size, tags: metadata.tags.length }, file);
    } catch (error) {
      network.dispose();
      throw error;
    }
    return new NerBilstm(network, { ...metadata, words, charBigrams: bigrams }, new Views());
  }

}
