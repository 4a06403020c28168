import { registerKernel, unregisterKernel, util, type KernelConfig, type TensorInfo, type TypedArray } from '@tensorflow/tfjs-core';

/**
 * out[segmentIds[i]] += x[i] for every row i of x (a row is everything after the segment axes).
 * Negative ids are dropped, as in TensorFlow; an id ≥ numSegments is an error.
 */
export function segmentSumInto(x: TypedArray, segmentIds: TypedArray, numSegments: number, out: TypedArray): void {
  const rowSize = segmentIds.length === 0 ? 0 : x.length / segmentIds.length;
  for (let i = 0; i < segmentIds.length; i++) {
    const segment = segmentIds[i]!;
    if (segment < 0) continue;
    if (segment >= numSegments)
      throw new Error(`UnsortedSegmentSum: segment id ${segment} at ${i} is not below numSegments ${numSegments}`);
    const from = i * rowSize;
    const to = segment * rowSize;
    for (let k = 0; k < rowSize; k++) out[to + k]! += x[from + k]!;
  }
}

interface SegmentSumInputs {
  x: TensorInfo;
  segmentIds: TensorInfo;
}

const outputShape = (x: TensorInfo, segmentIds: TensorInfo, numSegments: number) => [
  numSegments,
  ...x.shape.slice(segmentIds.shape.length),
];

/** The wasm backend has no UnsortedSegmentSum, so embeddings (whose gradient needs it) cannot train there. */
interface WasmBackendLike {
  makeOutput(shape: number[], dtype: string): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): TypedArray;
}

const wasmKernel: KernelConfig = {
  kernelName: 'UnsortedSegmentSum',
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { x, segmentIds } = inputs as unknown as SegmentSumInputs;
    const numSegments = (attrs as { numSegments: number }).numSegments;
    const wasm = backend as unknown as WasmBackendLike;
    // makeOutput may grow the wasm heap, which detaches earlier views: take every view after it.
    const out = wasm.makeOutput(outputShape(x, segmentIds, numSegments), x.dtype);
    const outValues = wasm.typedArrayFromHeap(out);
    outValues.fill(0);
    segmentSumInto(wasm.typedArrayFromHeap(x), wasm.typedArrayFromHeap(segmentIds), numSegments, outValues);
    return out;
  },
};

interface CpuBackendLike {
  data: { get(dataId: object): { values: TypedArray } };
  makeTensorInfo(shape: number[], dtype: string, values: TypedArray): TensorInfo;
}

/** The stock cpu kernel builds one mask per segment: ~30 s for one 5,000-word embedding gradient. */
const cpuKernel: KernelConfig = {
  kernelName: 'UnsortedSegmentSum',
  backendName: 'cpu',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { x, segmentIds } = inputs as unknown as SegmentSumInputs;
    const numSegments = (attrs as { numSegments: number }).numSegments;
    const cpu = backend as unknown as CpuBackendLike;
    const shape = outputShape(x, segmentIds, numSegments);
    const out = util.getTypedArrayFromDType(x.dtype as 'float32', util.sizeFromShape(shape));
    segmentSumInto(cpu.data.get(x.dataId).values, cpu.data.get(segmentIds.dataId).values, numSegments, out);
    return cpu.makeTensorInfo(shape, x.dtype, out);
  },
};

const replacements: Record<string, KernelConfig> = { wasm: wasmKernel, cpu: cpuKernel };

/** Installs our UnsortedSegmentSum for `backendName` (wasm or cpu), replacing any registered one. */
export function registerSegmentSumKernel(backendName: string): boolean {
  const kernel = replacements[backendName];
  if (!kernel) return false;
  try {
    unregisterKernel(kernel.kernelName, backendName);
  } catch {
    // nothing registered yet (wasm)
  }
  registerKernel(kernel);
  return true;
}
