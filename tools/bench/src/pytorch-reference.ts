import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

/** The PyTorch reference of the joint network (../shared/reference, run by Debian's python3-torch). */
export const REFERENCE_SCRIPT = path.join('..', 'shared', 'reference', 'massive_bilstm_crf.py');

export type ReferenceFigures =
  | { available: false; reason: string }
  | {
      available: true;
      utterances: number;
      epochs: number;
      /** Per thread count: the best epoch's training and evaluation speed. */
      byThreads: Record<string, { trainUtterancesPerSecond: number; evaluateUtterancesPerSecond: number }>;
      best: { trainUtterancesPerSecond: number; evaluateUtterancesPerSecond: number };
    };

/** Debian's python3 first: python3-torch installs there, while a python3 earlier on PATH (pyenv) may lack torch. */
function python(): string {
  return existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
}

/**
 * Trains the PyTorch reference on `utterances` en-US utterances for `epochs` epochs with 1 and with
 * 2 threads (the protocol: take the faster), reading its per-epoch lines. Unavailable (with
 * the reason) where the script, python3 or torch is missing: the bench reports it and goes on.
 */
export function measurePyTorchReference(dataRoot: string, utterances: number, epochs = 2): ReferenceFigures {
  if (!existsSync(REFERENCE_SCRIPT)) return { available: false, reason: `${REFERENCE_SCRIPT} not found` };
  const probe = spawnSync(python(), ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.status !== 0)
    return {
      available: false,
      reason: `${python()} cannot import torch (apt-get install python3-torch): ${(probe.stderr ?? probe.error?.message ?? '').trim().split('\n').pop()}`,
    };
  const byThreads: Record<string, { trainUtterancesPerSecond: number; evaluateUtterancesPerSecond: number }> = {};
  for (const threads of [1, 2]) {
    const run = spawnSync(
      python(),
      [REFERENCE_SCRIPT, path.join(dataRoot, 'massive-1.1', 'data'), 'en-US', String(epochs), String(utterances)],
      { env: { ...process.env, THREADS: String(threads) }, encoding: 'utf8' },
    );
    if (run.status !== 0)
      return { available: false, reason: `the reference failed with ${threads} thread(s): ${run.stderr.trim().split('\n').pop()}` };
    // "epoch 1 train 96 utt/s | test … | eval 149 utt/s"
    const epochsSeen = [...run.stdout.matchAll(/train (\d+) utt\/s .* eval (\d+) utt\/s/g)].map((m) => [Number(m[1]), Number(m[2])]);
    if (epochsSeen.length === 0)
      return { available: false, reason: `no epoch lines in the reference's output: ${run.stdout.slice(0, 200)}` };
    byThreads[threads] = {
      trainUtterancesPerSecond: Math.max(...epochsSeen.map(([train]) => train!)),
      evaluateUtterancesPerSecond: Math.max(...epochsSeen.map(([, evaluate]) => evaluate!)),
    };
  }
  const all = Object.values(byThreads);
  return {
    available: true,
    utterances,
    epochs,
    byThreads,
    best: {
      trainUtterancesPerSecond: Math.max(...all.map((f) => f.trainUtterancesPerSecond)),
      evaluateUtterancesPerSecond: Math.max(...all.map((f) => f.evaluateUtterancesPerSecond)),
    },
  };
}
