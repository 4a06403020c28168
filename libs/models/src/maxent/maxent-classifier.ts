import { adaGrad, decodeWeights, encodeWeights, epochOrders } from './adagrad.js';
import { FeatureIndex } from './feature-index.js';

export interface MaxEntTrainingOptions {
  epochs: number;
  /** AdaGrad step size. */
  learningRate: number;
  /** L2 penalty, applied to the weights of the features an example activates. */
  l2: number;
  seed: number;
}

export interface LabelledFeatures {
  features: readonly string[];
  label: string;
}

const FORMAT = 'xlnlu.maxent/1';

export interface MaxEntJson {
  format: typeof FORMAT;
  labels: string[];
  features: string[];
  /** Float32 weights, feature-major (feature × label), base64. */
  weights: string;
}

/**
 * Multinomial logistic regression (max-ent) over sparse binary features: the domain classifier and
 * the intent baseline. Trained by AdaGrad on the softmax cross-entropy, one example at a time in a
 * seeded order. Features never seen in training are ignored at prediction.
 */
export class MaxEntClassifier {
  private constructor(
    private readonly featureIndex: FeatureIndex,
    readonly labels: readonly string[],
    private readonly weights: Float32Array,
  ) {}

  static train(
    examples: readonly LabelledFeatures[],
    options: MaxEntTrainingOptions,
    onEpoch?: (epoch: number, meanLoss: number) => void,
  ): MaxEntClassifier {
    if (examples.length === 0) throw new Error('MaxEntClassifier.train: no training examples');
    const labels = [...new Set(examples.map((e) => e.label))].sort();
    const labelIndex = new Map(labels.map((label, i) => [label, i]));
    const featureIndex = new FeatureIndex();
    const encoded = examples.map((e) => ({
      ids: Int32Array.from(e.features.map((f) => featureIndex.add(f))),
      label: labelIndex.get(e.label)!,
    }));
    const classes = labels.length;
    const weights = new Float32Array(featureIndex.size * classes);
    const model = new MaxEntClassifier(featureIndex, labels, weights);
    const update = adaGrad(weights, options);
    const probabilities = new Float64Array(classes);
    let epoch = 0;
    for (const order of epochOrders(encoded.length, options.epochs, options.seed)) {
      epoch++;
      let loss = 0;
      for (const index of order) {
        const { ids, label } = encoded[index]!;
        model.probabilitiesOf(ids, probabilities);
        loss -= Math.log(Math.max(probabilities[label]!, 1e-12));
        for (const feature of ids) {
          const row = feature * classes;
          for (let c = 0; c < classes; c++) update(row + c, probabilities[c]! - (c === label ? 1 : 0));
        }
      }
      onEpoch?.(epoch, loss / order.length);
    }
    return model;
  }

  private probabilitiesOf(ids: Int32Array, out: Float64Array): void {
    const classes = this.labels.length;
    out.fill(0);
    for (const feature of ids) {
      const row = feature * classes;
      for (let c = 0; c < classes; c++) out[c]! += this.weights[row + c]!;
    }
    let max = -Infinity;
    for (let c = 0; c < classes; c++) max = Math.max(max, out[c]!);
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += out[c] = Math.exp(out[c]! - max);
    for (let c = 0; c < classes; c++) out[c]! /= sum;
  }

  /** Probability of each label (in `labels` order). */
  probabilities(features: readonly string[]): Float64Array {
    const out = new Float64Array(this.labels.length);
    this.probabilitiesOf(this.featureIndex.lookup(features), out);
    return out;
  }

  predict(features: readonly string[]): string {
    const probabilities = this.probabilities(features);
    let best = 0;
    for (let c = 1; c < probabilities.length; c++) if (probabilities[c]! > probabilities[best]!) best = c;
    return this.labels[best]!;
  }

  toJSON(): MaxEntJson {
    return {
      format: FORMAT,
      labels: [...this.labels],
      features: this.featureIndex.names(),
      weights: encodeWeights(this.weights),
    };
  }

  static fromJSON(json: unknown, where = 'max-ent model'): MaxEntClassifier {
    const value = json as Partial<MaxEntJson> | null;
    if (!value || value.format !== FORMAT) throw new Error(`${where}: expected format "${FORMAT}", got ${JSON.stringify(value?.format)}`);
    if (!Array.isArray(value.labels) || !Array.isArray(value.features) || typeof value.weights !== 'string') {
      throw new Error(`${where}: needs "labels", "features" and "weights"`);
    }
    const expected = value.labels.length * value.features.length;
    const weights = decodeWeights(value.weights, expected, `${where} (${value.features.length} features × ${value.labels.length} labels)`);
    return new MaxEntClassifier(FeatureIndex.fromNames(value.features), value.labels, weights);
  }
}
