import { tf } from '@xlnlu/compute';
import { restoreCheckpoint, saveCheckpoint } from './checkpoint.js';
import { minimizeOn, runEpochs, type EpochLoopOptions } from './epoch-loop.js';
import type { EpochRecord } from './loop-state.js';

export interface TrainNetworkOptions<B extends object> extends Omit<EpochLoopOptions, 'step' | 'checkpoint' | 'resumeFrom'> {
  /** The network's Layers models: what a checkpoint saves and a resume restores. */
  models: readonly tf.LayersModel[];
  learningRate: number;
  /** Go on from the run's checkpoint instead of starting at epoch 1. */
  resume: boolean;
  /** The tensors of a batch of training examples (the loop disposes them after the step). */
  batch: (indices: number[], epoch: number) => B;
  loss: (batch: B) => tf.Scalar;
}

/**
 * Trains a network with Adam through the epoch loop, writing a checkpoint after every epoch and,
 * when resuming, restoring the last one first: what the neural families share.
 */
export async function trainNetwork<B extends object>(options: TrainNetworkOptions<B>): Promise<EpochRecord[]> {
  const { models, learningRate, resume, batch, loss, ...loop } = options;
  const optimizer = tf.train.adam(learningRate);
  try {
    const resumeFrom = resume ? await restoreCheckpoint(loop.run.checkpointDirectory, models, optimizer, loop.maxEpochs) : undefined;
    return await runEpochs({
      ...loop,
      step: (indices, epoch) => minimizeOn(optimizer, batch(indices, epoch), loss),
      checkpoint: (state) => saveCheckpoint(loop.run.checkpointDirectory, state, models, optimizer),
      resumeFrom,
    });
  } finally {
    optimizer.dispose();
  }
}
