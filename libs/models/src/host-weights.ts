import { tf, type tfl } from '@xlnlu/compute';
import type { HostParameter } from './host-step.js';
import type { CrfLayer } from './layers/crf.js';

/** Where a native weight slot lives: the Layers model (index among the network's), the layer's name, the weight's index in it. */
export type SlotLocation = readonly [model: number, layer: string, weight: number];

interface Slot {
  variable: tfl.LayerVariable;
  values: Float32Array;
  /** null: frozen (transfer) or fixed (data such as the space vectors). */
  gradient: Float32Array | null;
}

/**
 * The weights of a network's Layers models as typed arrays, by the native core's slots (a slot
 * whose layer the network lacks is null): what a host network hands its kernels, its trainable
 * parameters (in the models' order of trainable weights) for the optimizer, and the copies between
 * the two (pull / push).
 */
export class HostWeights {
  readonly parameters: readonly HostParameter[];
  private readonly slots: (Slot | null)[];

  /** `fixed` slots never get a gradient; nor does a weight of a frozen layer. */
  constructor(models: readonly tfl.LayersModel[], locations: readonly SlotLocation[], fixed: ReadonlySet<number> = new Set()) {
    this.slots = locations.map(([modelIndex, layerName, index], slot) => {
      const model = models[modelIndex]!;
      if (!model.layers.some((layer) => layer.name === layerName)) return null;
      const layer = model.getLayer(layerName);
      const variable = layer.weights[index]!;
      const frozen = fixed.has(slot) || !layer.trainable || !variable.trainable;
      const values = new Float32Array((variable.shape as number[]).reduce((a, b) => a * b, 1));
      return { variable, values, gradient: frozen ? null : new Float32Array(values.length) };
    });
    const order = new Map(models.flatMap((model) => model.trainableWeights).map((weight, i) => [weight, i]));
    this.parameters = this.slots
      .filter((slot): slot is Slot & { gradient: Float32Array } => Boolean(slot?.gradient))
      .sort((a, b) => (order.get(a.variable) ?? 0) - (order.get(b.variable) ?? 0))
      .map(({ variable, values, gradient }) => ({ variable, values, gradient }));
    this.pull();
  }

  /** Each slot's values (null for an absent part), as the kernels take them. */
  values(): (Float32Array | null)[] {
    return this.slots.map((slot) => slot?.values ?? null);
  }

  /** Each slot's gradient (null for an absent, frozen or fixed one), as the kernels take them. */
  gradients(): (Float32Array | null)[] {
    return this.slots.map((slot) => slot?.gradient ?? null);
  }

  /** A slot's weight shape, or undefined where the network lacks it. */
  shape(slot: number): number[] | undefined {
    return this.slots[slot]?.variable.shape as number[] | undefined;
  }

  pull(): void {
    for (const slot of this.slots) if (slot) slot.values.set(slot.variable.read().dataSync() as Float32Array);
  }

  push(): void {
    for (const slot of this.slots) {
      if (!slot?.gradient) continue;
      // a copy: the cpu backend keeps the array it is given as the tensor's storage
      const tensor = tf.tensor(slot.values.slice(), slot.variable.shape as number[]);
      slot.variable.write(tensor);
      tensor.dispose();
    }
  }
}

/** A CRF layer's constraints as the kernels take them, or null. */
export function constraintArrays(crf: CrfLayer | undefined): { allowed: Float32Array; allowedStart: Float32Array } | null {
  return crf?.constraints
    ? { allowed: Float32Array.from(crf.constraints.allowed), allowedStart: Float32Array.from(crf.constraints.allowedStart) }
    : null;
}
