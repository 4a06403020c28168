import { tf, type NativeKernels } from '@xlnlu/compute';
import type { HostTrainingStep } from '@xlnlu/models';
import { restoreCheckpoint, saveCheckpoint } from './checkpoint.js';
import { minimizeOn, runEpochs, type EpochLoopOptions } from './epoch-loop.js';
import { HostAdam } from './host-adam.js';
import type { EpochRecord } from './loop-state.js';

export interface TrainNetworkOptions<B extends object, H> extends Omit<EpochLoopOptions, 'step' | 'checkpoint' | 'resumeFrom'> {
  /** The network's Layers models: what a checkpoint saves and a resume restores. */
  models: readonly tf.LayersModel[];
  learningRate: number;
  /** Go on from the run's checkpoint instead of starting at epoch 1. */
  resume: boolean;
  /** The tensors of a batch of training examples (the loop disposes them after the step). */
  batch: (indices: number[], epoch: number) => B;
  loss: (batch: B) => tf.Scalar;
  /**
   * The network's training step in the native core, with its batches as typed arrays: when given,
   * it trains instead of TensorFlow.js (same loss, same Adam, same checkpoints).
   */
  host?: { step: HostTrainingStep<H>; batch: (indices: number[], epoch: number) => H; kernels: NativeKernels };
}

/**
 * Trains a network with Adam through the epoch loop, writing a checkpoint after every epoch and,
 * when resuming, restoring the last one first: what the neural families share. The step runs in
 * TensorFlow.js (`minimize`), or in the native core when the network offers a host step; either
 * way the Layers models hold the weights whenever the loop evaluates, saves or checkpoints.
 */
export async function trainNetwork<B extends object, H>(options: TrainNetworkOptions<B, H>): Promise<EpochRecord[]> {
  const { models, learningRate, resume, batch, loss, host, ...loop } = options;
  if (host) return trainOnHost({ models, learningRate, resume, host, loop });
  loop.log('training step: TensorFlow.js (optimizer.minimize)');
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

async function trainOnHost<H>(options: {
  models: readonly tf.LayersModel[];
  learningRate: number;
  resume: boolean;
  host: NonNullable<TrainNetworkOptions<object, H>['host']>;
  loop: Omit<EpochLoopOptions, 'step' | 'checkpoint' | 'resumeFrom'>;
}): Promise<EpochRecord[]> {
  const { models, learningRate, resume, host, loop } = options;
  const { step, kernels } = host;
  loop.log('training step: native core (loss, gradients and Adam in C++)');
  const adam = new HostAdam(step.parameters, learningRate, kernels);
  let resumeFrom;
  if (resume) {
    const restored = tf.train.adam(learningRate);
    try {
      resumeFrom = await restoreCheckpoint(loop.run.checkpointDirectory, models, restored, loop.maxEpochs);
      step.pull();
      await adam.fromOptimizer(restored);
    } finally {
      restored.dispose();
    }
  }
  return runEpochs({
    ...loop,
    step: async (indices, epoch) => {
      const value = step.lossAndGradients(host.batch(indices, epoch));
      adam.apply();
      return value;
    },
    // the loop evaluates, then saves and checkpoints: the models get the weights first
    evaluate: () => {
      step.push();
      return loop.evaluate();
    },
    checkpoint: async (state) => {
      const optimizer = await adam.toOptimizer();
      try {
        await saveCheckpoint(loop.run.checkpointDirectory, state, models, optimizer);
      } finally {
        optimizer.dispose();
      }
    },
    resumeFrom,
  });
}
