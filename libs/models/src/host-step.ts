import type { tfl } from '@xlnlu/compute';

/** A trainable weight as a host training step holds it: its variable, its values and its last gradient. */
export interface HostParameter {
  readonly variable: tfl.LayerVariable;
  readonly values: Float32Array;
  readonly gradient: Float32Array;
}

/**
 * A network's training loss and gradients computed outside TensorFlow.js (the native core), on
 * weights it holds as typed arrays. The optimizer updates `values` in place; the Layers models stay
 * the network's format: `push` writes the values into them before evaluation, saving or a
 * checkpoint, `pull` reads them back after a restore. `H` is the network's batch as typed arrays.
 */
export interface HostTrainingStep<H> {
  /** The trainable weights, in the order of the models' trainable weights (frozen ones left out). */
  readonly parameters: readonly HostParameter[];
  /** The training loss of a batch (dropout on, as a training call); writes every parameter's gradient. */
  lossAndGradients(batch: H): number;
  /** Copies every parameter's variable into its values. */
  pull(): void;
  /** Copies every parameter's values into its variable. */
  push(): void;
}

/** A network on the host: its training step and its predictions of a batch (`P`: what the network predicts). */
export interface HostNetwork<H, P> extends HostTrainingStep<H> {
  predict(batch: H): P;
}
