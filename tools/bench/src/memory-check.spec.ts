import { expect } from 'chai';
import { memoryLeaks } from './memory-check.js';

const epochs = (tensors: number[], rss: number[]) => tensors.map((t, i) => ({ epoch: i + 1, tensors: t, rssMiB: rss[i]! }));

describe('memoryLeaks', () => {
  it('accepts a flat tensor count and RSS within 5 % of epoch 2', () => {
    expect(memoryLeaks(epochs([43, 43, 43, 43, 43], [600, 650, 660, 670, 680]))).to.deep.equal([]);
  });
  it('reports a tensor count that grows', () => {
    expect(memoryLeaks(epochs([43, 43, 44, 45, 46], [600, 600, 600, 600, 600]))[0]).to.match(
      /tensor count changes across epochs: epoch 1: 43, .*epoch 5: 46/,
    );
  });
  it('reports RSS growing more than 5 % between epoch 2 and the last', () => {
    expect(memoryLeaks(epochs([43, 43, 43, 43, 43], [600, 600, 620, 640, 700]))[0]).to.match(
      /RSS grew 16\.7 % from epoch 2 \(600 MiB\) to epoch 5 \(700 MiB\)/,
    );
  });
});
