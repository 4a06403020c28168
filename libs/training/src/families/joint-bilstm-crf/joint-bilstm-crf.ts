import {
  charBigrams,
  readWordVectors,
  resolveWordVectorsFile,
  seededRandom,
  Vocabulary,
  wordsOf,
  type Locale,
  type NluRecord,
} from '@xlnlu/data';
import type { NativeKernels } from '@xlnlu/compute';
import {
  bioConstraints,
  JOINT_INDEXED_AXES,
  JOINT_LAYERS,
  jointBatchTensors,
  JointHostNetwork,
  JointNetwork,
  type JointBatch,
  type JointHostBatch,
  type JointPrediction,
} from '@xlnlu/models';
import { checkIndexSpaces } from '@xlnlu/transfer';
import type { AppliedTransfer, IndexSpaces } from '../../apply-transfer.js';
import type { EpochRecord } from '../../loop-state.js';
import type { TrainContext } from '../../model-family.js';
import { evaluateNlu, type NluPrediction } from '../../nlu-evaluation.js';
import { Views } from '../../views.js';
import { loadNeuralFiles, NeuralModel, type DevScore, type HostSide } from '../neural-model.js';
import { jointBilstmCrfConfig, type JointBilstmCrfConfig } from './config.js';
import { trainIntentExpert } from './intent-expert.js';
import {
  JOINT_FORMAT,
  JointReader,
  jointVocabularies,
  type EncodedUtterance,
  type JointMetadata,
  type JointVocabularies,
} from './joint-reader.js';

export type { EncodedUtterance } from './joint-reader.js';

const ARTIFACTS = ['model'];

/** The joint intent + slot model with what it needs to read text and name its outputs. */
export class JointBilstmCrf extends NeuralModel<EncodedUtterance, JointBatch, JointNetwork> {
  private readonly reader: JointReader;
  /** While training: the word-dropout stream of the current epoch (one per epoch, so a resumed run draws what an uninterrupted one would). */
  private wordDropout: { rate: number; seed: number | string; epoch: number; random: () => number } | undefined;

  private constructor(network: JointNetwork, metadata: JointVocabularies, views: Views) {
    super(network, views, { indexedAxes: JOINT_INDEXED_AXES, artifacts: ARTIFACTS });
    this.reader = new JointReader(metadata, views);
  }

  /** Vocabularies, labels and config: the reader's (one copy). */
  private get metadata(): JointVocabularies {
    return this.reader.metadata;
  }

  /**
   * Trains on the context's records (see NeuralModel.fit), scoring dev frame accuracy after every
   * epoch and keeping the best epoch's model in the run directory. Starts the embeddings from
   * pre-trained vectors and from another joint model's blocks where the config asks.
   */
  static async train(context: TrainContext<JointBilstmCrfConfig>): Promise<EpochRecord[]> {
    const { train, dev, config, seed, run, log, sharedSpace } = context;
    if (config.pretrainedVectors && sharedSpace)
      throw new Error('model.pretrainedVectors and data.sharedSpace both give word vectors: keep one');
    const vectorsSource = config.pretrainedVectors ?? sharedSpace;
    if (config.fixedVectors && !vectorsSource)
      throw new Error('model.fixedVectors needs word vectors to read: model.pretrainedVectors or data.sharedSpace');
    const vectorsFile = vectorsSource ? resolveWordVectorsFile(vectorsSource, { log }) : null;
    const trainWords = new Set(train.flatMap(wordsOf));
    // fixed: every word of the space; otherwise only the training words' vectors are needed
    const pretrained = vectorsFile ? await readWordVectors(vectorsFile, config.fixedVectors ? undefined : trainWords) : null;
    if (pretrained && pretrained.dimension !== config.embeddingDim)
      throw new Error(`${vectorsSource}: vectors have ${pretrained.dimension} dimensions but model.embeddingDim is ${config.embeddingDim}`);
    const spaceVocabulary = config.fixedVectors ? Vocabulary.build(pretrained!.vectors.keys()) : null;
    // with fixed vectors, a word of the space is read through the space only (a trainable row beside
    // it would let the encoder lean on rows that words unseen in training lack); the others learn rows
    const vocabulary = Vocabulary.build(
      train.flatMap(wordsOf).filter((word) => !spaceVocabulary?.has(word)),
      { minCount: config.minCount },
    );
    const views = new Views();
    await views.prepare(new Set([...train, ...dev].map((r) => r.locale)));
    const bigrams =
      config.charBigramDim > 0
        ? Vocabulary.build(
            train.flatMap((r) => views.of(r, config.charView).flatMap(charBigrams)),
            { minCount: config.minCount },
          )
        : null;
    const tags = [...new Set(['O', ...train.flatMap((r) => r.tags)])].sort();
    if (config.intentNgramWide && config.intentNgramBuckets === 0)
      throw new Error(
        'model.intentNgramWide: the wide intent table reads the intent n-grams; set model.intentNgramBuckets > 0 (e.g. 16384)',
      );
    const intents = [...new Set(train.map((r) => r.intent))].sort();
    const intentDomains = Object.fromEntries(train.map((r) => [r.intent, r.domain]));
    const started = performance.now();
    const intentExpert = config.intentExpert
      ? trainIntentExpert(train, seed, (epoch, meanLoss) => run.log({ stage: 'intent-expert', epoch, meanLoss }))
      : null;
    if (intentExpert) {
      const seconds = (performance.now() - started) / 1000;
      run.log({ stage: 'intent-expert', done: true, seconds });
      log(`intent expert (max-ent over word uni- and bigrams) trained in ${seconds.toFixed(1)} s`);
    }
    const network = JointNetwork.build({
      vocabularySize: vocabulary.size,
      numTags: tags.length,
      numIntents: intents.length,
      embeddingDim: config.embeddingDim,
      encoderUnits: config.encoderUnits,
      intentHidden: config.intentHidden,
      dropout: config.dropout,
      seed,
      tagConstraints: config.bioConstraints ? bioConstraints(tags) : null,
      intentLossWeight: config.intentLossWeight,
      intentLabelSmoothing: config.intentLabelSmoothing,
      charBigrams: bigrams ? { vocabularySize: bigrams.size, dim: config.charBigramDim } : null,
      spaceVectors: spaceVocabulary ? { vocabularySize: spaceVocabulary.size, dim: pretrained!.dimension } : null,
      intentNgrams:
        config.intentNgramBuckets > 0
          ? { buckets: config.intentNgramBuckets, dim: config.intentNgramDim, wide: config.intentNgramWide }
          : null,
    });
    const model = new JointBilstmCrf(
      network,
      { format: JOINT_FORMAT, config, vocabulary, charBigrams: bigrams, spaceVocabulary, tags, intents, intentDomains, intentExpert },
      views,
    );
    log(
      `vocabulary ${vocabulary.size} words${bigrams ? ` and ${bigrams.size} char bigrams` : ''}, ${tags.length} tags, ${intents.length} intents`,
    );
    // which trainable word rows start from a vector (for transfer.json: where each row came from)
    const vectorRows = new Set<number>();
    if (pretrained && spaceVocabulary) {
      const written = network.setSpaceVectors(
        new Map([...pretrained.vectors].map(([word, vector]) => [spaceVocabulary.indexOf(word), vector])),
      );
      const covered = [...trainWords].filter((word) => spaceVocabulary.has(word)).length;
      run.log({
        stage: 'joint',
        pretrainedVectors: vectorsSource,
        fixedVectors: true,
        spaceWords: written,
        wordsCovered: covered,
        vocabulary: vocabulary.size,
      });
      log(
        `fixed space vectors for ${written} words; ${covered} of the ${trainWords.size} training words among them (the others learn rows)`,
      );
    } else if (pretrained) {
      const rows = new Map([...pretrained.vectors].map(([word, vector]) => [vocabulary.indexOf(word), vector]));
      const covered = network.setEmbeddingRows(rows);
      for (const row of rows.keys()) vectorRows.add(row);
      run.log({ stage: 'joint', pretrainedVectors: vectorsSource, wordsCovered: covered, vocabulary: vocabulary.size });
      log(`pre-trained vectors for ${covered} of ${vocabulary.size} words`);
    }
    await model.applyTransferFrom(
      context,
      (directory) => JointBilstmCrf.load(directory),
      (source, applied) => model.rowOrigins(source as JointBilstmCrf, applied, vectorRows),
    );
    if (config.wordDropout > 0) model.dropWords(config.wordDropout, seed);
    return model.fit(context, 'joint');
  }

  get spaces(): IndexSpaces {
    const { vocabulary, charBigrams, spaceVocabulary, tags, intents } = this.metadata;
    return { words: vocabulary, charBigrams, spaceWords: spaceVocabulary, tags, intents };
  }

  /**
   * Where this (target) model's input rows come from after a transfer from `source`: trainable word
   * rows from the source (a word both vocabularies have), from the pre-trained vectors, or from the
   * initialiser; and the fixed space rows, which are always the target's own space.
   */
  private rowOrigins(source: JointBilstmCrf, applied: AppliedTransfer, vectorRows: ReadonlySet<number>): Record<string, unknown> {
    const words = this.metadata.vocabulary.toJSON().tokens;
    const copied = applied.layers.some(({ layer }) => layer === JOINT_LAYERS.embeddings);
    let fromSource = 0;
    let fromVectors = 0;
    for (let row = 2; row < words.length; row++) {
      if (copied && source.metadata.vocabulary.has(words[row]!)) fromSource++;
      else if (vectorRows.has(row)) fromVectors++;
    }
    const origins: Record<string, unknown> = {
      words: { fromSource, fromVectors, initialised: words.length - 2 - fromSource - fromVectors },
    };
    const space = this.metadata.spaceVocabulary;
    if (space) origins.spaceWords = { fromSpace: space.size - 2 };
    return origins;
  }

  protected metadataJson(): Record<string, unknown> {
    const { vocabulary, charBigrams, spaceVocabulary, intentExpert } = this.metadata;
    return {
      ...this.metadata,
      vocabulary: vocabulary.toJSON(),
      charBigrams: charBigrams?.toJSON() ?? null,
      spaceVocabulary: spaceVocabulary?.toJSON() ?? null,
      intentExpert: intentExpert?.toJSON() ?? null,
    };
  }

  protected devScore(dev: readonly NluRecord[], predictions: NluPrediction[]): DevScore {
    const { metrics } = evaluateNlu(dev, predictions);
    const [intent, slotF1, frame] = [metrics.intentAccuracy!.estimate, metrics.slotF1!.estimate, metrics.frameAccuracy!.estimate];
    return {
      score: frame,
      summary: `dev intent ${intent.toFixed(4)}, slot F1 ${slotF1.toFixed(4)}, frame ${frame.toFixed(4)}`,
      details: { intent, slotF1, frame },
    };
  }

  /** Word ids and, for annotated records, tag and intent ids: computed once per record, not per epoch. */
  encode(record: Pick<NluRecord, 'tokens'> & Partial<Pick<NluRecord, 'tags' | 'intent' | 'locale'>>): EncodedUtterance {
    return this.reader.encode(record);
  }

  /**
   * Padded tensors for encoded records; with `withGold`, their tags and intents. In training (an
   * `epoch` given), each token id becomes UNK with the config's word-dropout probability.
   */
  batch(examples: readonly EncodedUtterance[], withGold: boolean, epoch?: number): JointBatch {
    return jointBatchTensors(this.hostBatch(examples, withGold, epoch));
  }

  /** The same batch as typed arrays (what the native training step reads). */
  hostBatch(examples: readonly EncodedUtterance[], withGold: boolean, epoch?: number): JointHostBatch {
    const wordDropout = epoch === undefined ? undefined : this.wordDropoutOf(epoch);
    const rate = this.wordDropout?.rate ?? 0;
    return this.reader.hostBatch(examples, withGold, wordDropout && (() => wordDropout() < rate));
  }

  protected override hostSide(kernels: NativeKernels): HostSide<EncodedUtterance, JointHostBatch, JointPrediction> {
    return {
      network: new JointHostNetwork(this.network, kernels, () => this.reader.wordFeatures()),
      batch: (examples, withGold, epoch) => this.hostBatch(examples, withGold, epoch),
      read: (predicted, examples) => this.reader.readPredictions(predicted, examples),
    };
  }

  /** Prepares the romanizers of the locales about to be predicted (romanized char features only). */
  override async prepare(locales: Iterable<Locale>): Promise<void> {
    await this.reader.prepare(locales);
  }

  /** From now on, training batches (an epoch given) replace each token id by UNK with probability `rate`, drawn from streams seeded by `seed` and the epoch. */
  dropWords(rate: number, seed: number | string): void {
    this.wordDropout = { rate, seed, epoch: 0, random: seededRandom(`${seed}:word-dropout:0`) };
  }

  /** The word-dropout draws of an epoch of training; none without word dropout. */
  private wordDropoutOf(epoch: number): (() => number) | undefined {
    const stream = this.wordDropout;
    if (!stream) return undefined;
    if (stream.epoch !== epoch) this.wordDropout = { ...stream, epoch, random: seededRandom(`${stream.seed}:word-dropout:${epoch}`) };
    return this.wordDropout!.random;
  }

  /** Viterbi slots, argmax intent, domain read off the intent. */
  protected predictBatch(batch: JointBatch, examples: readonly EncodedUtterance[]): NluPrediction[] {
    return this.reader.readPredictions(this.network.predict(batch), examples);
  }

  static async load(directory: string): Promise<JointBilstmCrf> {
    const { parsed, network } = await loadNeuralFiles(directory, {
      family: 'joint-bilstm-crf',
      format: JOINT_FORMAT,
      fields: {
        vocabulary: 'object',
        charBigrams: 'object?',
        spaceVocabulary: 'object?',
        tags: 'array',
        intents: 'array',
        // intentExpert is not listed: models saved before it existed lack it (jointVocabularies checks it)
        intentDomains: 'object',
      },
      schema: jointBilstmCrfConfig,
      artifacts: ARTIFACTS,
      parse: (metadata: JointMetadata, file) => jointVocabularies(metadata, file),
      network: ([artifacts]) => JointNetwork.fromArtifacts(artifacts!),
      check: (built, saved, file) => {
        if (Boolean(saved.charBigrams) !== built.reads('bigrams'))
          throw new Error(`${directory}: metadata.json and the model disagree on character-bigram word features`);
        if (Boolean(saved.spaceVocabulary) !== built.reads('space_tokens'))
          throw new Error(`${directory}: metadata.json and the model disagree on fixed space vectors`);
        if (saved.config.intentNgramBuckets > 0 !== built.reads('intent_ngrams'))
          throw new Error(`${directory}: metadata.json and the model disagree on intent n-gram features`);
        if (saved.config.intentNgramWide !== built.hasLayer(JOINT_LAYERS.intentWide))
          throw new Error(`${directory}: metadata.json and the model disagree on the wide intent table (intentNgramWide)`);
        const sizes = {
          words: saved.vocabulary.size,
          tags: saved.tags.length,
          intents: saved.intents.length,
          ...(saved.charBigrams ? { charBigrams: saved.charBigrams.size } : {}),
          ...(saved.spaceVocabulary ? { spaceWords: saved.spaceVocabulary.size } : {}),
        };
        checkIndexSpaces(built.layersModels, JOINT_INDEXED_AXES, sizes, file);
      },
    });
    return new JointBilstmCrf(network, parsed, new Views());
  }
}
