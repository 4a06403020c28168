import { tf } from '@xlnlu/compute';
import { bucketedBatches } from './batching.js';
import type { EpochRecord, LoopState } from './loop-state.js';
import { formatDuration, timeLeft } from './progress.js';
import type { RunDirectory } from './run-directory.js';

export interface EpochLoopOptions {
  stage: string;
  seed: number;
  maxEpochs: number;
  /** Stop after this many epochs without a better dev score. */
  patience: number;
  batchSize: number;
  /** Length of every training example, for bucketing. */
  lengths: readonly number[];
  /** Trains on one batch of example indices in an epoch; returns its loss. */
  step: (indices: number[], epoch: number) => Promise<number>;
  /** Scores the model on dev after an epoch: higher is better. */
  evaluate: () => { score: number; summary: string; details: Record<string, number> };
  /** Saves the current model as the best so far. */
  save: () => Promise<void>;
  run: RunDirectory;
  log: (line: string) => void;
  /** Called after every epoch with the loop's state, to write a checkpoint. */
  checkpoint?: (state: LoopState) => Promise<void>;
  /** The state of an interrupted run to go on from (its checkpoint, restored). */
  resumeFrom?: LoopState;
}

/** One optimizer step on a batch of tensors; disposes the batch and returns the loss. */
export async function minimizeOn<B extends object>(optimizer: tf.Optimizer, batch: B, loss: (batch: B) => tf.Scalar): Promise<number> {
  const cost = optimizer.minimize(() => loss(batch), true)!;
  const value = (await cost.data())[0]!;
  tf.dispose([cost, ...(Object.values(batch) as tf.Tensor[])]);
  return value;
}

/** What is recorded about memory after every epoch: it must stay flat. */
const memoryProbe = () => ({ tensors: tf.memory().numTensors, rssMiB: process.memoryUsage().rss / 2 ** 20 });

/**
 * The training loop shared by the neural families: per epoch, length-bucketed batches in a seeded
 * order, a progress line every 10 % (epoch k/N, loss, utterances/s, elapsed, time left at most), a
 * dev score, a log line in the run, a checkpoint when the score improves, early stopping after
 * `patience` epochs without improvement.
 * A non-finite loss stops training and names the epoch, the batch and the best checkpoint.
 */
export async function runEpochs(options: EpochLoopOptions): Promise<EpochRecord[]> {
  const { log, run } = options;
  const resumed = options.resumeFrom;
  const epochs: EpochRecord[] = resumed ? [...resumed.epochs] : [];
  let best = resumed?.best ?? -Infinity;
  let bestEpoch = resumed?.bestEpoch;
  let sinceBest = resumed?.sinceBest ?? 0;
  if (resumed) {
    log(`resuming after epoch ${resumed.epoch} (best dev score ${best.toFixed(4)} at epoch ${bestEpoch})`);
    run.log({ stage: options.stage, resumedAfterEpoch: resumed.epoch });
    if (sinceBest >= options.patience) return epochs;
  }
  const firstEpoch = (resumed?.epoch ?? 0) + 1;
  const runStarted = performance.now();
  for (let epoch = firstEpoch; epoch <= options.maxEpochs; epoch++) {
    const batches = bucketedBatches(options.lengths, options.batchSize, `${options.seed}:${epoch}`);
    const started = performance.now();
    let lossSum = 0;
    let seen = 0;
    let reported = 0;
    for (const [b, indices] of batches.entries()) {
      const loss = await options.step(indices, epoch);
      if (!Number.isFinite(loss)) {
        throw new Error(
          `loss is ${loss} at epoch ${epoch}, batch ${b + 1} of ${batches.length}; training stopped. ` +
            (bestEpoch === undefined
              ? 'No checkpoint was written yet.'
              : `The best checkpoint (epoch ${bestEpoch}) is in ${run.modelDirectory}.`),
        );
      }
      lossSum += loss;
      seen += indices.length;
      const done = (b + 1) / batches.length;
      if (done - reported >= 0.1 || b + 1 === batches.length) {
        reported = done;
        const seconds = (performance.now() - started) / 1000;
        // the run's epochs so far at this epoch's pace; early stopping may end it sooner, hence "at most"
        const epochsDone = epoch - firstEpoch + done;
        const left = timeLeft(epochsDone, options.maxEpochs - firstEpoch + 1, performance.now() - runStarted);
        log(
          `epoch ${epoch}/${options.maxEpochs} ${String(Math.round(done * 100)).padStart(3)}%  loss ${(lossSum / (b + 1)).toFixed(4)}  ` +
            `${(seen / seconds).toFixed(0)} utterances/s  elapsed ${formatDuration(performance.now() - runStarted)}` +
            (left === undefined ? '' : `  left at most ${formatDuration(left)}`),
        );
      }
    }
    const trainSeconds = (performance.now() - started) / 1000;
    const dev = options.evaluate();
    const record: EpochRecord = {
      epoch,
      meanLoss: lossSum / batches.length,
      trainUtterancesPerSecond: options.lengths.length / trainSeconds,
      score: dev.score,
      dev: dev.details,
      ...memoryProbe(),
    };
    epochs.push(record);
    run.log({ stage: options.stage, ...record });
    log(
      `epoch ${epoch}: ${dev.summary}; ${Object.entries(memoryProbe())
        .map(([k, v]) => `${k} ${v.toFixed(0)}`)
        .join(', ')}`,
    );
    let stop = false;
    if (dev.score > best) {
      best = dev.score;
      bestEpoch = epoch;
      sinceBest = 0;
      await options.save();
      log(`  best so far: saved to ${run.modelDirectory}`);
    } else if (++sinceBest >= options.patience) {
      log(`  no better dev score for ${options.patience} epochs: stopping`);
      stop = true;
    }
    await options.checkpoint?.({ epoch, best, bestEpoch, sinceBest, epochs });
    if (stop) break;
  }
  return epochs;
}
