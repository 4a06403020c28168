import { charBigrams, Vocabulary, type NluRecord } from '@xlnlu/data';
import type { NativeKernels } from '@xlnlu/compute';
import {
  bioConstraints,
  NER_INDEXED_AXES,
  nerBatchTensors,
  NerHostNetwork,
  NerNetwork,
  type NerBatch,
  type NerHostBatch,
} from '@xlnlu/models';
import { checkIndexSpaces } from '@xlnlu/transfer';
import type { IndexSpaces } from '../../apply-transfer.js';
import type { EpochRecord } from '../../loop-state.js';
import type { TrainContext } from '../../model-family.js';
import { evaluateNlu, type NluPrediction } from '../../nlu-evaluation.js';
import { Views, type Sentence } from '../../views.js';
import { loadNeuralFiles, NeuralModel, type DevScore, type HostSide } from '../neural-model.js';
import { nerBilstmConfig, type NerBilstmConfig } from './config.js';

const FORMAT = 'xlnlu.ner-bilstm/1';
const ARTIFACTS = ['char-model', 'word-model'];

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
export class NerBilstm extends NeuralModel<EncodedSentence, NerBatch, NerNetwork> {
  private readonly tagIndex: Map<string, number>;

  private constructor(
    network: NerNetwork,
    private readonly metadata: Omit<NerMetadata, 'words' | 'charBigrams'> & { words: Vocabulary; charBigrams: Vocabulary },
    views: Views,
  ) {
    super(network, views, { indexedAxes: NER_INDEXED_AXES, artifacts: ARTIFACTS });
    this.tagIndex = new Map(metadata.tags.map((tag, i) => [tag, i]));
  }

  /** Trains on the context's records (see NeuralModel.fit), keeping the epoch with the best dev span F1. */
  static async train(context: TrainContext<NerBilstmConfig>): Promise<EpochRecord[]> {
    const { train, dev, config, seed, log } = context;
    const views = new Views();
    await views.prepare(new Set([...train, ...dev].map((r) => r.locale)));
    const words = Vocabulary.build(
      train.flatMap((r) => views.of(r, config.wordView)),
      { minCount: config.minCount },
    );
    const bigrams = Vocabulary.build(
      train.flatMap((r) => views.of(r, config.charView).flatMap(charBigrams)),
      { minCount: config.minCount },
    );
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
    await model.applyTransferFrom(context, (directory) => NerBilstm.load(directory));
    return model.fit(context, 'ner');
  }

  get spaces(): IndexSpaces {
    const { words, charBigrams, tags } = this.metadata;
    return { words, charBigrams, tags };
  }

  protected metadataJson(): Record<string, unknown> {
    return { ...this.metadata, words: this.metadata.words.toJSON(), charBigrams: this.metadata.charBigrams.toJSON() };
  }

  protected devScore(dev: readonly NluRecord[], predictions: NluPrediction[]): DevScore {
    const f1 = evaluateNlu(dev, predictions).metrics.slotF1!.estimate;
    return { score: f1, summary: `dev span F1 ${f1.toFixed(4)}`, details: { spanF1: f1 } };
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
    return nerBatchTensors(this.hostBatch(examples, withGold));
  }

  /** The same batch as typed arrays (what the native network reads). */
  hostBatch(examples: readonly EncodedSentence[], withGold: boolean): NerHostBatch {
    const B = examples.length;
    const T = Math.max(1, ...examples.map((e) => e.words.length));
    const C = Math.max(1, ...examples.flatMap((e) => e.chars.map((ids) => ids.length)));
    const words = new Int32Array(B * T);
    const chars = new Int32Array(B * T * C);
    const mask = new Float32Array(B * T);
    const tags = withGold ? new Int32Array(B * T) : null;
    examples.forEach((example, b) => {
      if (withGold && !example.tags) throw new Error('NerBilstm.batch: gold tags asked for a sentence that has none');
      example.words.forEach((id, t) => {
        words[b * T + t] = id;
        mask[b * T + t] = 1;
        chars.set(example.chars[t]!, (b * T + t) * C);
        if (tags) tags[b * T + t] = example.tags![t]!;
      });
    });
    return { B, T, C, words, chars, mask, tags };
  }

  protected override hostSide(kernels: NativeKernels): HostSide<EncodedSentence, NerHostBatch, number[][]> {
    return {
      network: new NerHostNetwork(this.network, kernels),
      batch: (examples, withGold) => this.hostBatch(examples, withGold),
      read: (paths, examples) => this.readPredictions(paths, examples),
    };
  }

  protected predictBatch(batch: NerBatch, examples: readonly EncodedSentence[]): NluPrediction[] {
    return this.readPredictions(this.network.predict(batch), examples);
  }

  private readPredictions(paths: number[][], examples: readonly EncodedSentence[]): NluPrediction[] {
    return examples.map((example, b) => ({ tags: paths[b]!.slice(0, example.words.length).map((k) => this.metadata.tags[k]!) }));
  }

  static async load(directory: string): Promise<NerBilstm> {
    const { parsed, network } = await loadNeuralFiles(directory, {
      family: 'ner-bilstm',
      format: FORMAT,
      fields: { words: 'object', charBigrams: 'object', tags: 'array' },
      schema: nerBilstmConfig,
      artifacts: ARTIFACTS,
      parse: (metadata: NerMetadata, file) => ({
        ...metadata,
        words: Vocabulary.fromJSON(metadata.words, `${file} (words)`),
        charBigrams: Vocabulary.fromJSON(metadata.charBigrams, `${file} (char bigrams)`),
      }),
      network: ([char, word], saved) => NerNetwork.fromArtifacts({ char: char!, word: word!, decoder: saved.config.decoder }),
      check: (built, saved, file) =>
        checkIndexSpaces(
          built.layersModels,
          NER_INDEXED_AXES,
          { words: saved.words.size, charBigrams: saved.charBigrams.size, tags: saved.tags.length },
          file,
        ),
    });
    return new NerBilstm(network, parsed, new Views());
  }
}
