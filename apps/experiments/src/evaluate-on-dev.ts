import path from 'node:path';
import { selectBackend } from '@xlnlu/compute';
import { resolveDataRoot, type Locale } from '@xlnlu/data';
import { DirectoryLock, evaluateRun, includeFamilies, recordsReader, terminalLog, type PlannedRun } from '@xlnlu/training';

/** Evaluates finished grid runs on a locale's dev set; one per command, for all the picks it makes. */
export type DevEvaluator = (runs: readonly PlannedRun[], gridDirectory: string, locale: Locale) => Promise<void>;

/**
 * Finished grid runs evaluated on a locale's dev set (their dev scores land in each run's
 * `metrics/`, beside the test ones), holding each run's lock: a grid worker still writing a run is
 * refused, not raced. What a pick on dev needs for runs that were only evaluated on test. The
 * backend is chosen once, and each locale's records are read once for every run and pick.
 */
export function devEvaluator(compute: { backend?: string; threads?: string }): DevEvaluator {
  const log = terminalLog();
  const dataRoot = resolveDataRoot();
  const readRecords = recordsReader(dataRoot);
  let ready: Promise<unknown> | undefined;
  return async (runs, gridDirectory, locale) => {
    if (runs.length === 0) return;
    ready ??= includeFamilies().then(() => selectBackend({ ...compute, log }));
    await ready;
    for (const [i, planned] of runs.entries()) {
      const runDir = path.join(gridDirectory, planned.id);
      log(`[${i + 1}/${runs.length}] ${planned.id}: evaluating on ${locale} dev`);
      const lock = DirectoryLock.acquire(runDir, 'evaluating on dev for a pick');
      try {
        await evaluateRun({ runDir, locale, partition: 'dev', dataRoot, readRecords, log: () => undefined });
      } finally {
        lock.release();
      }
    }
  };
}
