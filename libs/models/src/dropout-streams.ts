import type { tfl } from '@xlnlu/compute';
import { SeededDropout } from './layers/seeded-dropout.js';

/**
 * The dropout streams a native network draws its masks from: each SeededDropout layer's seed and
 * call count (seed · 1,000,003 + calls, as the layer seeds tf.dropout), advanced as the layer
 * advances it, so a checkpoint's counts resume the same stream.
 */
export class DropoutStreams {
  readonly rate: number;
  private readonly layers: SeededDropout[];

  constructor(model: tfl.LayersModel, names: readonly string[]) {
    this.layers = names.map((name) => {
      const layer = model.getLayer(name);
      if (!(layer instanceof SeededDropout)) throw new Error(`the network's layer ${name} is not a seeded dropout layer`);
      return layer;
    });
    this.rate = this.layers[0]!.rate;
  }

  /** The streams of one training call (zeros without dropout, which draws nothing). */
  next(): number[] {
    if (this.rate === 0) return this.layers.map(() => 0);
    return this.layers.map((layer) => layer.seed * 1_000_003 + layer.calls++);
  }
}
