/**
 * npx tsx tools/bench/src/profile-evaluate.ts <model directory> [passes]
 *
 * Where evaluation's time goes for a joint model on en-US test (native networks): encoding,
 * batching, the native prediction call, reading labels back. Prints milliseconds per part per
 * pass and the utterances per second of predictRecords as JSON.
 */
import { selectBackend } from '@xlnlu/compute';
import { resolveDataRoot } from '@xlnlu/data';
import { JointBilstmCrf, loadMassive, partition } from '@xlnlu/training';

await selectBackend({ backend: 'wasm', log: () => undefined });
const model = await JointBilstmCrf.load(process.argv[2]!);
const passes = Number(process.argv[3] ?? 5);
const massive = await loadMassive(resolveDataRoot(), ['en-US'], () => undefined);
const test = partition(massive.get('en-US')!, 'test');
// the parts predictEncoded runs, reached through the model's protected members
const parts = model as unknown as {
  encode(record: unknown): { words: unknown[] };
  onHost(): {
    side: { network: { predict(b: unknown): unknown }; batch(e: unknown[], g: boolean): unknown; read(p: unknown, e: unknown[]): unknown };
  };
};
for (let pass = 0; pass < passes; pass++) {
  const ms = { encode: 0, batch: 0, network: 0, read: 0 };
  const time = <T>(part: keyof typeof ms, f: () => T): T => {
    const started = performance.now();
    const value = f();
    ms[part] += performance.now() - started;
    return value;
  };
  const encoded = time('encode', () => test.map((r) => parts.encode(r)));
  const host = parts.onHost().side;
  for (let at = 0; at < encoded.length; at += 128) {
    const chosen = encoded.slice(at, at + 128);
    const batch = time('batch', () => host.batch(chosen, false));
    const predicted = time('network', () => host.network.predict(batch));
    time('read', () => host.read(predicted, chosen));
  }
  const t0 = performance.now();
  model.predictRecords(test);
  const whole = performance.now() - t0;
  console.log(
    JSON.stringify({
      pass,
      ...Object.fromEntries(Object.entries(ms).map(([k, v]) => [k, +v.toFixed(1)])),
      predictRecordsMs: +whole.toFixed(1),
      perSecond: Math.round((test.length / whole) * 1000),
    }),
  );
}
