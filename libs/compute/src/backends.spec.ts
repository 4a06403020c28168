import { expect } from 'chai';
import { tf } from './tfjs.js';
import { isInstalled as installed, selectBackend } from './backends.js';
import { nativeKernels, nativeStatus } from './native.js';

/** How the announcement ends: the native kernels in use, or why not. */
const nativePart = () => (nativeKernels() ? `; ${nativeStatus()}` : `; native compute core ${nativeStatus()}`);

describe('selectBackend', function () {
  this.timeout(60_000);

  it('loads a backend asked for by name and says which, once', async () => {
    const lines: string[] = [];
    const info = await selectBackend({ backend: 'cpu', env: {}, log: (line) => lines.push(line) });
    await selectBackend({ backend: 'cpu', env: {}, log: (line) => lines.push(line) });
    expect(info).to.deep.include({
      name: 'cpu',
      tfjsName: 'cpu',
      replacedKernels: ['UnsortedSegmentSum', 'BatchMatMul (transposed operands)'],
    });
    expect(tf.getBackend()).to.equal('cpu');
    expect(lines).to.deep.equal([`backend: cpu — plain JavaScript${nativePart()}`]);
    expect(info.native).to.equal(nativeStatus());
  });

  it('takes the backend from $XLNLU_BACKEND', async () => {
    const info = await selectBackend({ env: { XLNLU_BACKEND: 'wasm' }, log: () => undefined });
    expect(info.name).to.equal('wasm');
    expect(info.description).to.match(/^WebAssembly \((SIMD|no SIMD), (single thread|multi-threaded)\)$/);
  });

  it('auto picks the first backend that loads, and names those that did not', async () => {
    const lines: string[] = [];
    const info = await selectBackend({ env: {}, log: (line) => lines.push(line) });
    const expected = installed('@tensorflow/tfjs-node-gpu') ? 'node-gpu' : installed('@tensorflow/tfjs-node') ? 'node' : 'wasm';
    if (expected === 'node-gpu') return; // on a CUDA machine whether it loads depends on the drivers
    expect(info.name).to.equal(expected);
    if (expected === 'wasm')
      expect(lines[0])
        .to.match(/^backend: wasm — WebAssembly .* \(not available: node-gpu, node\)/)
        .and.to.have.string(nativePart());
  });

  it('a backend asked for by name that cannot load is an error saying why', async function () {
    if (installed('@tensorflow/tfjs-node-gpu')) this.skip();
    let error: unknown;
    await selectBackend({ backend: 'node-gpu', env: {}, log: () => undefined }).catch((caught: unknown) => (error = caught));
    expect(String(error)).to.match(
      /backend node-gpu cannot be used:\n {2}node-gpu: @tensorflow\/tfjs-node-gpu is not installed: .*downloads libtensorflow/,
    );
  });

  it('rejects an unknown backend name', async () => {
    let error: unknown;
    await selectBackend({ backend: 'gpu', log: () => undefined }).catch((caught: unknown) => (error = caught));
    expect(String(error)).to.match(/--backend: unknown backend "gpu"; expected auto, node-gpu, node, wasm, cpu/);
    await selectBackend({ env: { XLNLU_BACKEND: 'tpu' }, log: () => undefined }).catch((caught: unknown) => (error = caught));
    expect(String(error)).to.match(/\$XLNLU_BACKEND: unknown backend "tpu"/);
  });
});
