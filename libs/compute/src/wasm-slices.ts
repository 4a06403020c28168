import {
  backend_util,
  getKernel,
  registerKernel,
  slice_util,
  unregisterKernel,
  util,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
  type TypedArray,
} from '@tensorflow/tfjs-core';

/**
 * Copies the block of `x` (of `shape`) that starts at `begin` and has `size` into `out`, one
 * innermost run at a time.
 */
export function copyBlock(
  x: TypedArray,
  shape: readonly number[],
  begin: readonly number[],
  size: readonly number[],
  out: TypedArray,
): void {
  const rank = shape.length;
  if (rank === 0) {
    out[0] = x[0]!;
    return;
  }
  const strides = util.computeStrides(shape as number[]);
  const run = size[rank - 1]!;
  const outer = size.slice(0, rank - 1);
  const count = outer.reduce((a, b) => a * b, 1);
  if (count === 0 || run === 0) return;
  const index = new Array<number>(rank - 1).fill(0);
  let outOffset = 0;
  for (let n = 0; n < count; n++) {
    let offset = begin[rank - 1]!;
    for (let d = 0; d < rank - 1; d++) offset += (begin[d]! + index[d]!) * strides[d]!;
    out.set(x.subarray(offset, offset + run), outOffset);
    outOffset += run;
    for (let d = rank - 2; d >= 0; d--) {
      if (++index[d]! < outer[d]!) break;
      index[d] = 0;
    }
  }
}

interface WasmBackendLike {
  makeOutput(shape: number[], dtype: string): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): TypedArray;
}

/** Slices of `x`, each given by its begin and size; outputs are allocated before any heap view is taken. */
function slices(backend: WasmBackendLike, x: TensorInfo, blocks: { begin: number[]; size: number[] }[]): TensorInfo[] {
  // makeOutput may grow the wasm heap, which detaches earlier views
  const outputs = blocks.map(({ size }) => backend.makeOutput(size, x.dtype));
  const values = backend.typedArrayFromHeap(x);
  blocks.forEach(({ begin, size }, i) => copyBlock(values, x.shape, begin, size, backend.typedArrayFromHeap(outputs[i]!)));
  return outputs;
}

/**
 * wasm's Slice (and Unpack and SplitV, which call it) copies the whole input out of the heap for
 * every slice it takes, so unstacking a [256,25,512] tensor copied it 25 times (~250 ms). These
 * read the heap in place. String tensors keep the stock kernels.
 */
function kernels(stock: Record<string, KernelFunc>): KernelConfig[] {
  const kernel = (kernelName: string, own: KernelFunc): KernelConfig => ({
    kernelName,
    backendName: 'wasm',
    kernelFunc: (args) =>
      (args.inputs as Record<string, TensorInfo>)[kernelName === 'Unpack' ? 'value' : 'x']!.dtype === 'string'
        ? stock[kernelName]!(args)
        : own(args),
  });
  return [
    kernel('Slice', ({ inputs, backend, attrs }) => {
      const x = (inputs as { x: TensorInfo }).x;
      const { begin, size } = attrs as unknown as { begin: number | number[]; size: number | number[] };
      const [begin_, size_] = slice_util.parseSliceParams(x, begin, size);
      return slices(backend as unknown as WasmBackendLike, x, [{ begin: begin_!, size: size_! }])[0]!;
    }),
    kernel('Unpack', ({ inputs, backend, attrs }) => {
      const value = (inputs as { value: TensorInfo }).value;
      const rank = value.shape.length;
      const axis = ((attrs as unknown as { axis: number }).axis + rank) % rank;
      const blocks = Array.from({ length: value.shape[axis]! }, (_, i) => ({
        begin: value.shape.map((_, d) => (d === axis ? i : 0)),
        size: value.shape.map((n, d) => (d === axis ? 1 : n)),
      }));
      const outShape = value.shape.filter((_, d) => d !== axis);
      return slices(backend as unknown as WasmBackendLike, value, blocks).map((out) => ({ ...out, shape: outShape }));
    }),
    kernel('SplitV', ({ inputs, backend, attrs }) => {
      const x = (inputs as { x: TensorInfo }).x;
      const { numOrSizeSplits, axis } = attrs as unknown as { numOrSizeSplits: number | number[]; axis: number };
      const $axis = util.parseAxisParam(axis, x.shape)[0]!;
      const sizes = backend_util.prepareSplitSize(x, numOrSizeSplits, $axis);
      let start = 0;
      const blocks = sizes.map((n) => {
        const block = { begin: x.shape.map((_, d) => (d === $axis ? start : 0)), size: x.shape.map((m, d) => (d === $axis ? n : m)) };
        start += n;
        return block;
      });
      return slices(backend as unknown as WasmBackendLike, x, blocks);
    }),
  ];
}

const REPLACED = ['Slice', 'Unpack', 'SplitV'];
let registered = false;

/** Replaces wasm's Slice, Unpack and SplitV with ones that read the heap in place. Returns their names. */
export function registerWasmSliceKernels(): string[] {
  if (!registered) {
    const stock = Object.fromEntries(REPLACED.map((name) => [name, getKernel(name, 'wasm')!.kernelFunc]));
    for (const config of kernels(stock)) {
      unregisterKernel(config.kernelName, 'wasm');
      registerKernel(config);
    }
    registered = true;
  }
  return REPLACED;
}
