import {
  getKernel,
  registerKernel,
  unregisterKernel,
  type KernelBackend,
  type KernelConfig,
  type NamedAttrMap,
  type TensorInfo,
} from '@tensorflow/tfjs-core';

const BACKENDS = ['wasm', 'cpu'];
const wrapped = new Set<string>();

interface MatMulAttrs {
  transposeA: boolean;
  transposeB: boolean;
}

/**
 * Makes the backend's BatchMatMul transpose a flagged operand first and multiply plain matrices.
 * On cpu and wasm a product with a transposed operand is 10–60× slower than the same product after
 * an explicit transpose (wasm's XNNPACK path is taken only without the flags), and every gradient of
 * a matrix product (dense layers, our LSTM) asks for transposed operands. Returns whether it applies.
 */
export function registerTransposeFirstMatMul(backendName: string): boolean {
  if (!BACKENDS.includes(backendName)) return false;
  if (wrapped.has(backendName)) return true;
  const original = getKernel('BatchMatMul', backendName);
  const transpose = getKernel('Transpose', backendName);
  if (!original || !transpose) return false;
  const kernel: KernelConfig = {
    kernelName: 'BatchMatMul',
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { transposeA, transposeB } = attrs as unknown as MatMulAttrs;
      if (!transposeA && !transposeB) return original.kernelFunc({ inputs, backend, attrs });
      const temporaries: TensorInfo[] = [];
      const lastTwoSwapped = (x: TensorInfo): TensorInfo => {
        const rank = x.shape.length;
        const perm = [...Array.from({ length: rank - 2 }, (_, i) => i), rank - 1, rank - 2];
        const swapped = transpose.kernelFunc({ inputs: { x }, backend, attrs: { perm } as unknown as NamedAttrMap }) as TensorInfo;
        temporaries.push(swapped);
        return swapped;
      };
      const { a, b } = inputs as { a: TensorInfo; b: TensorInfo };
      const plain = { a: transposeA ? lastTwoSwapped(a) : a, b: transposeB ? lastTwoSwapped(b) : b };
      const out = original.kernelFunc({ inputs: plain, backend, attrs: { ...attrs, transposeA: false, transposeB: false } });
      for (const temporary of temporaries) (backend as KernelBackend).disposeData(temporary.dataId);
      return out;
    },
  };
  unregisterKernel('BatchMatMul', backendName);
  registerKernel(kernel);
  wrapped.add(backendName);
  return true;
}
