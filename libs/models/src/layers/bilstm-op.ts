import { hostKernels, tf, type NativeKernels } from '@xlnlu/compute';

type Tensor = tf.Tensor;

/**
 * A bidirectional LSTM over left-aligned, masked sequences as one differentiable op with a
 * hand-written backward pass. tfjs's RNN layers record ~40 small ops per time step on the tape and
 * differentiate them one by one, which made the encoder's backward pass ~15× slower than its
 * forward pass on cpu and wasm. Here both directions run in the same ops (batched over a leading
 * direction axis of 2) and the weight gradients are three large matrix products after the loop.
 *
 * x [B,T,D] float, mask [B,T] (1 = token, 0 = padding after the tokens),
 * kernel [2,D,4H], recurrent [2,H,4H], bias [2,4H] (direction 0 forward, 1 backward; gates in
 * Keras order input, forget, cell, output; sigmoid gates, tanh cell) → [B,T,2H] with
 * [forward states, backward states] on the last axis and zeros on padding.
 *
 * Padding needs no per-sequence reversal: states are multiplied by the mask at every step, so the
 * forward direction's state is zeroed after a sequence ends (and never read again) and the
 * backward direction, which walks from position T−1 down, stays at zero until it meets the last
 * real token.
 */
export function biLstm(x: Tensor, mask: Tensor, kernel: Tensor, recurrent: Tensor, bias: Tensor): Tensor {
  const native = hostKernels();
  return native ? biLstmNative(native, x, mask, kernel, recurrent, bias) : biLstmTensorOps(x, mask, kernel, recurrent, bias);
}

/**
 * `biLstm` on the native compute core: the forward pass and the backward pass are one call each.
 * Outside gradient recording (prediction) it keeps no cache for a backward pass.
 */
export function biLstmNative(native: NativeKernels, x: Tensor, mask: Tensor, kernel: Tensor, recurrent: Tensor, bias: Tensor): Tensor {
  const [B, T, D] = x.shape as [number, number, number];
  const H = recurrent.shape[1]!;
  const dims: [number, number, number, number] = [B, T, D, H];
  const maskValues = Float32Array.from(mask.dataSync());
  const values = (t: Tensor) => t.dataSync() as Float32Array;
  if (!(tf.engine() as unknown as { isTapeOn(): boolean }).isTapeOn()) {
    const { y } = native.biLstmForward(dims, values(x), maskValues, values(kernel), values(recurrent), values(bias), false);
    return tf.tensor3d(y, [B, T, 2 * H]);
  }
  const op = tf.customGrad((...args) => {
    const [input, w, u, b] = (args as unknown as Tensor[]).slice(0, 4).map(values) as [
      Float32Array,
      Float32Array,
      Float32Array,
      Float32Array,
    ];
    const { y, cache } = native.biLstmForward(dims, input, maskValues, w, u, b, true);
    return {
      value: tf.tensor3d(y, [B, T, 2 * H]),
      gradFunc: (dy: Tensor) => {
        const grads = native.biLstmBackward(dims, input, maskValues, w, u, cache!, values(dy));
        return [
          tf.tensor3d(grads.dx, [B, T, D]),
          tf.tensor3d(grads.dKernel, [2, D, 4 * H]),
          tf.tensor3d(grads.dRecurrent, [2, H, 4 * H]),
          tf.tensor2d(grads.dBias, [2, 4 * H]),
        ];
      },
    };
  });
  return op(x, kernel, recurrent, bias);
}

/** `biLstm` in TensorFlow.js ops: the path without the native core (and on libtensorflow, GPUs). */
export function biLstmTensorOps(x: Tensor, mask: Tensor, kernel: Tensor, recurrent: Tensor, bias: Tensor): Tensor {
  const [B, T, D] = x.shape as [number, number, number];
  const H = recurrent.shape[1]!;
  const stepMasks = tf.tidy(() => toSteps(tf.reshape(tf.cast(mask, 'float32'), [B, T, 1]), 1).map((m) => tf.keep(m)));
  const op = tf.customGrad((...args) => {
    const [input, w, u, b, save] = args as unknown as [Tensor, Tensor, Tensor, Tensor, (tensors: Tensor[]) => void];
    const inputRows = tf.reshape(input, [B * T, D]);
    const blockRecurrent = blockDiagonal(u);
    const projected = tf.add(tf.reshape(tf.matMul(inputRows, sideBySide(w)), [B, T, 8 * H]), tf.reshape(b, [8 * H]));
    const stepInputs = toSteps(projected, 4 * H); // T × [B,2,4H]
    let h: Tensor = tf.zeros([B, 2, H]);
    let c: Tensor = tf.zeros([B, 2, H]);
    const outputs: Tensor[] = [];
    const cache: Tensor[][] = [];
    for (let s = 0; s < T; s++) {
      const z = tf.add(stepInputs[s]!, tf.reshape(tf.matMul(tf.reshape(h, [B, 2 * H]), blockRecurrent), [B, 2, 4 * H]));
      const [zi, zf, zg, zo] = tf.split(z, 4, 2) as [Tensor, Tensor, Tensor, Tensor];
      const [i, f, g, o] = [tf.sigmoid(zi), tf.sigmoid(zf), tf.tanh(zg), tf.sigmoid(zo)];
      const cell = tf.add(tf.mul(f, c), tf.mul(i, g));
      const cellTanh = tf.tanh(cell);
      const m = stepMasks[s]!;
      cache.push([i, f, g, o, c, cellTanh, h]);
      h = tf.mul(tf.mul(o, cellTanh), m);
      c = tf.mul(cell, m);
      outputs.push(h);
    }
    save([inputRows, w, blockRecurrent, ...stepMasks, ...cache.flat()]);
    return {
      value: fromSteps(outputs),
      gradFunc: (dy: Tensor, saved: Tensor[]) => {
        const [savedInputRows, savedW, savedBlockRecurrent] = saved as [Tensor, Tensor, Tensor];
        const savedMasks = saved.slice(3, 3 + T);
        const steps = Array.from({ length: T }, (_, s) => saved.slice(3 + T + 7 * s, 10 + T + 7 * s));
        const dyStates = toSteps(dy, H); // T × [B,2,H]
        // tfjs's matMul with transposed operands is 10–60× slower on cpu and wasm than transposing first
        const recurrentTransposed = tf.transpose(savedBlockRecurrent);
        let dh: Tensor = tf.zeros([B, 2, H]);
        let dc: Tensor = tf.zeros([B, 2, H]);
        const dz: Tensor[] = new Array<Tensor>(T);
        for (let s = T - 1; s >= 0; s--) {
          const [i, f, g, o, cPrevious, cellTanh] = steps[s]! as [Tensor, Tensor, Tensor, Tensor, Tensor, Tensor];
          const m = savedMasks[s]!;
          const dhMasked = tf.mul(tf.add(dh, dyStates[s]!), m);
          const dCell = tf.add(tf.mul(dc, m), tf.mul(tf.mul(dhMasked, o), tf.sub(1, tf.square(cellTanh))));
          const dzi = tf.mul(tf.mul(dCell, g), tf.mul(i, tf.sub(1, i)));
          const dzf = tf.mul(tf.mul(dCell, cPrevious), tf.mul(f, tf.sub(1, f)));
          const dzg = tf.mul(tf.mul(dCell, i), tf.sub(1, tf.square(g)));
          const dzo = tf.mul(tf.mul(dhMasked, cellTanh), tf.mul(o, tf.sub(1, o)));
          dz[s] = tf.concat([dzi, dzf, dzg, dzo], 2);
          dh = tf.reshape(tf.matMul(tf.reshape(dz[s]!, [B, 8 * H]), recurrentTransposed), [B, 2, H]);
          dc = tf.mul(dCell, f);
        }
        const dzByPosition = tf.reshape(fromSteps(dz), [B * T, 8 * H]);
        const dInput = tf.reshape(tf.matMul(dzByPosition, tf.transpose(sideBySide(savedW))), [B, T, D]);
        const dSideBySide = tf.matMul(tf.transpose(savedInputRows), dzByPosition); // [D,8H]
        const dKernel = tf.transpose(tf.reshape(dSideBySide, [D, 2, 4 * H]), [1, 0, 2]);
        const previousStates = tf.reshape(
          tf.stack(
            steps.map((step) => step[6]!),
            1,
          ),
          [B * T, 2 * H],
        );
        const dBlock = tf.matMul(tf.transpose(previousStates), tf.reshape(tf.stack(dz, 1), [B * T, 8 * H])); // [2H,8H]
        const dRecurrent = tf.stack([tf.slice(dBlock, [0, 0], [H, 4 * H]), tf.slice(dBlock, [H, 4 * H], [H, 4 * H])]);
        const dBias = tf.reshape(tf.sum(dzByPosition, 0), [2, 4 * H]);
        return [dInput, dKernel, dRecurrent, dBias];
      },
    };
  });
  try {
    return op(x, kernel, recurrent, bias);
  } finally {
    tf.dispose(stepMasks);
  }
}

/** [2,D,4H] → [D,8H]: both directions' kernels side by side, for one input projection. */
function sideBySide(kernel: Tensor): Tensor {
  const [, D, G] = kernel.shape as [number, number, number];
  return tf.reshape(tf.transpose(kernel, [1, 0, 2]), [D, 2 * G]);
}

/** [2,H,4H] → [2H,8H] with each direction's recurrent kernel on the diagonal: one product per step. */
function blockDiagonal(recurrent: Tensor): Tensor {
  const [, H, G] = recurrent.shape as [number, number, number];
  const [forward, backward] = tf.unstack(recurrent) as [Tensor, Tensor];
  const zeros = tf.zeros([H, G]);
  return tf.concat([tf.concat([forward, zeros], 1), tf.concat([zeros, backward], 1)], 0);
}

/** [B,T,F] with the time axis reversed, by unstacking and restacking (tfjs's Reverse is slow on wasm). */
function reversedInTime(x: Tensor): Tensor {
  return tf.stack(tf.unstack(x, 1).reverse(), 1);
}

/**
 * [B,T,2F] by position (forward features, then backward) → T steps of [B,2,F]; step s holds the
 * forward direction at position s and the backward direction at position T−1−s. A fixed handful
 * of ops whatever T, so short utterances pay little per-op overhead.
 */
function toSteps(byPosition: Tensor, F: number): Tensor[] {
  const width = byPosition.shape[2]!;
  // a mask ([B,T,1]) serves both directions
  const [forward, backward] = width === F ? [byPosition, byPosition] : (tf.split(byPosition, [F, width - F], 2) as [Tensor, Tensor]);
  return tf.unstack(tf.stack([forward, reversedInTime(backward)], 2), 1);
}

/** The inverse of `toSteps`: T steps of [B,2,F] → [B,T,2F] by position. */
function fromSteps(steps: Tensor[]): Tensor {
  const [B, , F] = steps[0]!.shape as [number, number, number];
  const T = steps.length;
  const [forward, backward] = tf.split(tf.stack(steps, 1), 2, 2).map((half) => tf.reshape(half, [B, T, F])) as [Tensor, Tensor];
  return tf.concat([forward, reversedInTime(backward)], 2);
}
