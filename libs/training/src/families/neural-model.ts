import type { z } from 'zod';
import path from 'node:path';
import type { Locale, NluRecord } from '@xlnlu/data';
import { nativeNetworkKernels, tf, type NativeKernels } from '@xlnlu/compute';
import { layersArtifacts, type DeclaredAxes, type HostNetwork, type IndexSpace } from '@xlnlu/models';
import {
  alignSpaces,
  applyTransfer,
  recordTransfer,
  sourceModelDirectory,
  type AppliedTransfer,
  type IndexSpaces,
} from '../apply-transfer.js';
import { writeJsonAtomic } from '../atomic-files.js';
import { lengthOrderedBatches } from '../batching.js';
import type { EpochRecord } from '../loop-state.js';
import type { TrainContext, TrainedModel } from '../model-family.js';
import { readLayersArtifacts, readModelMetadata, replaceDirectory, writeLayersArtifacts } from '../model-files.js';
import type { NluPrediction } from '../nlu-evaluation.js';
import { trainNetwork } from '../train-network.js';
import type { Views } from '../views.js';

/** The training settings every neural family's config has. */
export interface NeuralTrainingConfig {
  type: string;
  batchSize: number;
  learningRate: number;
  maxEpochs: number;
  patience: number;
}

/** What a neural model's dev evaluation reports after an epoch: the score early stopping follows. */
export interface DevScore {
  score: number;
  summary: string;
  details: Record<string, number>;
}

/**
 * A family's network on the host (the native core), with what turns encoded examples into its
 * batches and its predictions into the family's (see NeuralModel.hostSide).
 */
export interface HostSide<E, H, P> {
  network: HostNetwork<H, P>;
  /** Encoded examples as the host network reads them; with gold labels, and an epoch for per-epoch noise, in training. */
  batch(examples: readonly E[], withGold: boolean, epoch?: number): H;
  /** The family's predictions from the network's. */
  read(predicted: P, examples: readonly E[]): NluPrediction[];
}

/** A network as the base class drives it: its Layers models, a loss, and what it is made of on disk. */
export interface NeuralNetwork<B> {
  /** Its TensorFlow.js Layers models (one, or the NER network's two): checkpoints, transfer and saving go through them. */
  readonly layersModels: readonly tf.LayersModel[];
  loss(batch: B, training: boolean): tf.Scalar;
  dispose(): void;
}

/**
 * What the neural families share (joint BiLSTM-CRF, NER BiLSTM): encoding records once, padded
 * batches, batched prediction, the training skeleton (transfer, the epoch loop with checkpoints and
 * early stopping, keeping the best epoch), and format-checked saving and loading. A family writes
 * only what differs: its network and vocabularies, encoding, batch tensors, reading a prediction,
 * and its dev score.
 *
 * `E` is an encoded example (its word ids first), `B` a batch of tensors, `N` the network.
 */
export abstract class NeuralModel<
  E extends { words: ArrayLike<number> },
  B extends object,
  N extends NeuralNetwork<B>,
> implements TrainedModel {
  /** The host side (hostSide), once asked for: null when the family has none. */
  private host: HostSide<E, unknown, unknown> | null | undefined;

  protected constructor(
    readonly network: N,
    protected readonly views: Views,
    /** The network's declared axes, and the file names of its Layers models in the order of `layersModels` (`<name>.json` + `<name>.bin` each, beside metadata.json). */
    private readonly layout: { indexedAxes: DeclaredAxes; artifacts: readonly string[] },
  ) {}

  /** The example as the network reads it: ids computed once per record, not per epoch. */
  abstract encode(record: Pick<NluRecord, 'tokens' | 'locale'> & Partial<Pick<NluRecord, 'tags' | 'intent'>>): E;
  /** Padded tensors of examples; with `withGold`, their labels; `epoch` for per-epoch noise such as word dropout. */
  abstract batch(examples: readonly E[], withGold: boolean, epoch?: number): B;
  /** Predictions of a batch (the batch is disposed by the caller). */
  protected abstract predictBatch(batch: B, examples: readonly E[]): NluPrediction[];
  /** The vocabularies and label sets that transfer aligns and loading checks, by index-space name. */
  abstract get spaces(): IndexSpaces;
  /** What metadata.json holds (format, config, vocabularies, labels), as JSON. */
  protected abstract metadataJson(): Record<string, unknown>;
  /** The dev score after an epoch (higher is better). */
  protected abstract devScore(dev: readonly NluRecord[], predictions: NluPrediction[]): DevScore;
  /** The family's network on the host, where it has one; without, TensorFlow.js trains and predicts. */
  protected hostSide?(kernels: NativeKernels): HostSide<E, unknown, unknown>;

  /** The host side once made, used for training and prediction alike (they see the same weights); undefined where the core cannot run it. */
  private onHost(): { side: HostSide<E, unknown, unknown>; kernels: NativeKernels } | undefined {
    const kernels = nativeNetworkKernels();
    if (!kernels) return undefined;
    if (this.host === undefined) this.host = this.hostSide?.(kernels) ?? null;
    return this.host ? { side: this.host, kernels } : undefined;
  }

  /** Prepares the romanizers of the locales about to be predicted. */
  prepare(locales: Iterable<Locale>): Promise<void> {
    return this.views.prepare(locales);
  }

  predictRecords(records: readonly Pick<NluRecord, 'tokens' | 'locale'>[]): NluPrediction[] {
    return this.predictEncoded(records.map((record) => this.encode(record)));
  }

  // 64–128 was fastest on wasm for en-US test (~1,300 utterances/s); 256 pads more and was ~40 % slower
  predictEncoded(examples: readonly E[], batchSize = 128): NluPrediction[] {
    const predictions = new Array<NluPrediction>(examples.length);
    const host = this.onHost()?.side;
    for (const indices of lengthOrderedBatches(
      examples.map((e) => e.words.length),
      batchSize,
    )) {
      const chosen = indices.map((i) => examples[i]!);
      if (host) {
        host
          .read(host.network.predict(host.batch(chosen, false)), chosen)
          .forEach((prediction, b) => (predictions[indices[b]!] = prediction));
        continue;
      }
      const batch = this.batch(chosen, false);
      try {
        this.predictBatch(batch, chosen).forEach((prediction, b) => (predictions[indices[b]!] = prediction));
      } finally {
        tf.dispose(Object.values(batch) as tf.Tensor[]);
      }
    }
    return predictions;
  }

  dispose(): void {
    this.network.dispose();
  }

  /** Writes the Layers artifacts and metadata.json into a fresh directory, then swaps it in. */
  async save(directory: string): Promise<void> {
    const artifacts = await Promise.all(this.network.layersModels.map((model) => layersArtifacts(model)));
    await replaceDirectory(directory, (fresh) => {
      this.layout.artifacts.forEach((name, i) => writeLayersArtifacts(fresh, name, artifacts[i]!));
      writeJsonAtomic(path.join(fresh, 'metadata.json'), this.metadataJson());
    });
  }

  /**
   * Starts from another model of the family (blocks copied through the aligned index spaces,
   * some frozen), when the context asks for it; writes the run's transfer.json, with the row
   * origins the family reports (`rowOrigins`) when it gives them.
   */
  protected async applyTransferFrom(
    context: TrainContext<unknown>,
    load: (directory: string) => Promise<NeuralModel<E, B, N>>,
    rowOrigins?: (source: NeuralModel<E, B, N>, applied: AppliedTransfer) => Record<string, unknown>,
  ): Promise<void> {
    const { transfer } = context;
    if (!transfer) return;
    const source = await load(sourceModelDirectory(transfer.from));
    try {
      const applied = applyTransfer(transfer, source.network.layersModels, this.network.layersModels, this.layout.indexedAxes, (space) =>
        alignSpaces(space as IndexSpace, source.spaces, this.spaces, transfer.labelMap),
      );
      if (rowOrigins) applied.rowOrigins = rowOrigins(source, applied);
      recordTransfer(applied, context.run, context.log);
    } finally {
      source.dispose();
    }
  }

  /**
   * Trains with Adam through the epoch loop (checkpoints, resume, early stopping on the dev score),
   * keeping the best epoch's model in the run's model directory, then frees this network.
   */
  protected async fit(context: TrainContext<NeuralTrainingConfig>, stage: string): Promise<EpochRecord[]> {
    const { train, dev, config, seed, run, log, resume } = context;
    const encodedTrain = train.map((record) => this.encode(record));
    const encodedDev = dev.map((record) => this.encode(record));
    const host = this.onHost();
    try {
      return await trainNetwork({
        models: this.network.layersModels,
        learningRate: config.learningRate,
        resume,
        batch: (indices, epoch) =>
          this.batch(
            indices.map((i) => encodedTrain[i]!),
            true,
            epoch,
          ),
        loss: (batch) => this.network.loss(batch, true),
        host: host && {
          step: host.side.network,
          kernels: host.kernels,
          batch: (indices, epoch) =>
            host.side.batch(
              indices.map((i) => encodedTrain[i]!),
              true,
              epoch,
            ),
        },
        stage,
        seed,
        maxEpochs: config.maxEpochs,
        patience: config.patience,
        batchSize: config.batchSize,
        lengths: encodedTrain.map((e) => e.words.length),
        evaluate: () => this.devScore(dev, this.predictEncoded(encodedDev)),
        save: () => this.save(run.modelDirectory),
        run,
        log,
      });
    } finally {
      this.dispose();
    }
  }
}

/**
 * A neural model's saved files, checked: metadata.json of `format` with the listed fields, its
 * `config` resolved through the family's `schema` (a key added since the model was saved takes its
 * default, which is what the model did: docs/architecture.md, "Adding a config key"), then read by
 * `parse` (vocabularies and labels, whose errors name the file); the Layers artifacts, from which
 * `network` builds the network; and `check` of the two together (index-space sizes against the
 * weights). The network is freed again if the check fails.
 */
export async function loadNeuralFiles<M, P, N extends { dispose(): void }>(
  directory: string,
  load: {
    family: string;
    format: string;
    fields: Readonly<Record<string, 'array' | 'object' | 'object?'>>;
    schema: z.ZodType;
    artifacts: readonly string[];
    parse: (metadata: M, file: string) => P;
    network: (artifacts: tf.io.ModelArtifacts[], parsed: P) => Promise<N>;
    check: (network: N, parsed: P, file: string) => void;
  },
): Promise<{ parsed: P; network: N }> {
  const { metadata, file } = readModelMetadata<M & { config: unknown }>(directory, load.family, load.format, {
    ...load.fields,
    config: 'object',
  });
  const config = load.schema.safeParse(metadata.config);
  if (!config.success)
    throw new Error(`${file}: config: ${config.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  const parsed = load.parse({ ...metadata, config: config.data }, file);
  const network = await load.network(
    load.artifacts.map((name) => readLayersArtifacts(directory, name, load.family)),
    parsed,
  );
  try {
    load.check(network, parsed, file);
  } catch (error) {
    network.dispose();
    throw error;
  }
  return { parsed, network };
}
