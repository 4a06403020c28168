import {
  getKernel,
  registerKernel,
  unregisterKernel,
  util,
  type KernelFunc,
  type TensorInfo,
  type TypedArray,
} from '@tensorflow/tfjs-core';

/**
 * Rows of `x` (as [outer, axisSize, inner]) picked by `indices`: out[o, i, :] = x[o, indices[i], :],
 * one contiguous run per row. Throws on an index outside [0, axisSize).
 */
export function gatherRows(
  x: TypedArray,
  outer: number,
  axisSize: number,
  inner: number,
  indices: ArrayLike<number>,
  out: TypedArray,
): void {
  const n = indices.length;
  for (let i = 0; i < n; i++) {
    const index = indices[i]!;
    if (!(index >= 0 && index < axisSize)) throw new Error(`GatherV2: the index value ${index} is not in [0, ${axisSize - 1}]`);
  }
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < n; i++) {
      const from = (o * axisSize + indices[i]!) * inner;
      out.set(x.subarray(from, from + inner), (o * n + i) * inner);
    }
  }
}

interface WasmBackendLike {
  makeOutput(shape: number[], dtype: string): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): TypedArray;
}

let registered = false;

/**
 * wasm's GatherV2 spends ~50 ns per output element (6 ms to look up 1,280 embedding rows of 100;
 * it was the largest cost of evaluating the joint model). This one copies whole rows out of the
 * heap in place. Batched gathers (batchDims > 0) and string tensors keep the stock kernel.
 * Returns the kernel's name.
 */
export function registerWasmGatherKernel(): string[] {
  if (!registered) {
    const stock: KernelFunc = getKernel('GatherV2', 'wasm')!.kernelFunc;
    unregisterKernel('GatherV2', 'wasm');
    registerKernel({
      kernelName: 'GatherV2',
      backendName: 'wasm',
      kernelFunc: (args) => {
        const { x, indices } = args.inputs as { x: TensorInfo; indices: TensorInfo };
        const { axis, batchDims } = args.attrs as unknown as { axis: number; batchDims: number };
        if (batchDims || x.dtype === 'string') return stock(args);
        const backend = args.backend as unknown as WasmBackendLike;
        const $axis = util.parseAxisParam(axis, x.shape)[0]!;
        const outer = util.sizeFromShape(x.shape.slice(0, $axis));
        const inner = util.sizeFromShape(x.shape.slice($axis + 1));
        const outShape = [...x.shape.slice(0, $axis), ...indices.shape, ...x.shape.slice($axis + 1)];
        // makeOutput may grow the wasm heap, which detaches earlier views
        const out = backend.makeOutput(outShape, x.dtype);
        gatherRows(
          backend.typedArrayFromHeap(x),
          outer,
          x.shape[$axis]!,
          inner,
          backend.typedArrayFromHeap(indices),
          backend.typedArrayFromHeap(out),
        );
        return out;
      },
    });
    registered = true;
  }
  return ['GatherV2'];
}
