import { createRequire } from 'node:module';
import { registerSegmentSumKernel } from './segment-sum.js';
import { registerTransposeFirstMatMul } from './transpose-first-matmul.js';
import { registerWasmGatherKernel } from './wasm-gather.js';
import { registerWasmSliceKernels } from './wasm-slices.js';
import { hostKernels, nativeStatus, setNativeThreads } from './native.js';
import { tf } from './tfjs.js';

/** The backends we can run on, fastest first: the order `auto` tries them in. */
export const BACKENDS = ['node-gpu', 'node', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];
export const BACKEND_ENV = 'XLNLU_BACKEND';

export interface BackendInfo {
  name: BackendName;
  /** TensorFlow.js's own name for it (tensorflow, wasm, cpu). */
  tfjsName: string;
  description: string;
  /** Kernels we registered because the backend lacks them or runs them slowly. */
  replacedKernels: string[];
  /** The native compute core: in use, or why not. */
  native: string;
}

const require = createRequire(import.meta.url);

/** Whether an (optional) package is installed, without loading it. */
export function isInstalled(pkg: string): boolean {
  try {
    require.resolve(pkg);
    return true;
  } catch {
    return false;
  }
}

const NOT_INSTALLED = (pkg: string) =>
  `${pkg} is not installed: it is an optional dependency whose install step downloads libtensorflow, ` +
  'so npm leaves it out where that download fails (no internet)';

/** Loads one backend's package and makes it current; throws with the reason it cannot. */
async function load(name: BackendName): Promise<Omit<BackendInfo, 'replacedKernels' | 'native'>> {
  switch (name) {
    case 'node-gpu': {
      const pkg = '@tensorflow/tfjs-node-gpu';
      if (!isInstalled(pkg)) throw new Error(NOT_INSTALLED(pkg));
      try {
        await import(pkg);
      } catch (error) {
        throw new Error(`${pkg} cannot load; it needs CUDA 11.2 and cuDNN 8.1 at run time (${(error as Error).message})`);
      }
      await activate('tensorflow');
      return { name, tfjsName: 'tensorflow', description: 'libtensorflow with CUDA (tfjs-node-gpu)' };
    }
    case 'node': {
      const pkg = '@tensorflow/tfjs-node';
      if (!isInstalled(pkg)) throw new Error(NOT_INSTALLED(pkg));
      await import(pkg);
      await activate('tensorflow');
      return { name, tfjsName: 'tensorflow', description: 'libtensorflow on the CPU (tfjs-node)' };
    }
    case 'wasm': {
      await import('@tensorflow/tfjs-backend-wasm');
      await activate('wasm');
      const simd = tf.env().getBool('WASM_HAS_SIMD_SUPPORT') ? 'SIMD' : 'no SIMD';
      const threads = tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT') ? 'multi-threaded' : 'single thread';
      return { name, tfjsName: 'wasm', description: `WebAssembly (${simd}, ${threads})` };
    }
    case 'cpu': {
      await import('@tensorflow/tfjs-backend-cpu');
      await activate('cpu');
      // the CPU backend prints an "install tfjs-node" banner on its first write; the toolkit's own
      // backend line (selectBackend) says what runs and why, so the banner is marked as shown
      (tf.backend() as unknown as { firstUse?: boolean }).firstUse = false;
      return { name, tfjsName: 'cpu', description: 'plain JavaScript' };
    }
  }
}

async function activate(tfjsName: string): Promise<void> {
  if (!(await tf.setBackend(tfjsName))) throw new Error(`TensorFlow.js could not initialise its ${tfjsName} backend`);
  await tf.ready();
}

function parseBackend(value: string, where: string): BackendName | 'auto' {
  if (value === 'auto' || (BACKENDS as readonly string[]).includes(value)) return value as BackendName | 'auto';
  throw new Error(`${where}: unknown backend ${JSON.stringify(value)}; expected auto, ${BACKENDS.join(', ')}`);
}

let announced: string | undefined;

/**
 * Picks the TensorFlow.js backend: the one asked for (option, else $XLNLU_BACKEND), or with
 * `auto` (the default) the first of node-gpu, node, wasm, cpu that loads. A backend asked for by
 * name that cannot load is an error saying why. Registers the kernels the backend lacks, sets the
 * native core's threads (`threads`, else $XLNLU_THREADS, else the machine's cores), and prints the
 * choice once per process through `log`.
 */
export async function selectBackend(
  options: { backend?: string; threads?: string | number; env?: NodeJS.ProcessEnv; log?: (line: string) => void } = {},
): Promise<BackendInfo> {
  const env = options.env ?? process.env;
  if (options.threads !== undefined) setNativeThreads(options.threads);
  const requested =
    options.backend !== undefined
      ? parseBackend(options.backend, '--backend')
      : env[BACKEND_ENV]
        ? parseBackend(env[BACKEND_ENV]!, `$${BACKEND_ENV}`)
        : 'auto';
  const candidates = requested === 'auto' ? BACKENDS : [requested];
  const failures: string[] = [];
  for (const candidate of candidates) {
    let loaded: Omit<BackendInfo, 'replacedKernels' | 'native'>;
    try {
      loaded = await load(candidate);
    } catch (error) {
      failures.push(`${candidate}: ${(error as Error).message}`);
      continue;
    }
    const replacedKernels = [
      ...(registerSegmentSumKernel(loaded.tfjsName) ? ['UnsortedSegmentSum'] : []),
      ...(registerTransposeFirstMatMul(loaded.tfjsName) ? ['BatchMatMul (transposed operands)'] : []),
      ...(loaded.tfjsName === 'wasm' ? [...registerWasmSliceKernels(), ...registerWasmGatherKernel()] : []),
    ];
    const native = loaded.tfjsName === 'tensorflow' ? 'not used (libtensorflow has its own fused kernels)' : nativeStatus();
    const info: BackendInfo = { ...loaded, replacedKernels, native };
    const unavailable = failures.length ? ` (not available: ${failures.map((f) => f.split(':')[0]).join(', ')})` : '';
    const nativePart = loaded.tfjsName === 'tensorflow' ? '' : hostKernels() ? `; ${native}` : `; native compute core ${native}`;
    const line = `backend: ${info.name} — ${info.description}${unavailable}${nativePart}`;
    if (announced !== line) (options.log ?? ((text: string) => console.error(text)))(line);
    announced = line;
    return info;
  }
  throw new Error(`backend ${requested} cannot be used:\n  ${failures.join('\n  ')}`);
}
