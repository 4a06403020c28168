import path from 'node:path';
import { selectBackend } from '@xlnlu/compute';
import { resolveDataRoot, type Locale } from '@xlnlu/data';
import { DirectoryLock, evaluateRun, includeFamilies, terminalLog, type PlannedRun } from '@xlnlu/training';

/**
 * Evaluates finished grid runs on a locale's dev set (their dev scores land in each run's
 * `metrics/`, beside the test ones), holding each run's lock: a grid worker still writing a run is
 * refused, not raced. What a pick on dev needs for runs that were only evaluated on test.
 */
export async function evaluateOnDev(
  runs: readonly PlannedRun[],
  gridDirectory: string,
  locale: Locale,
  compute: { backend?: string; threads?: string },
): Promise<void> {
  if (runs.length === 0) return;
  const log = terminalLog();
  const dataRoot = resolveDataRoot();
  await includeFamilies();
  await selectBackend({ ...compute, log });
  for (const [i, planned] of runs.entries()) {
    const runDir = path.join(gridDirectory, planned.id);
    log(`[${i + 1}/${runs.length}] ${planned.id}: evaluating on ${locale} dev`);
    const lock = DirectoryLock.acquire(runDir, 'evaluating on dev for a pick');
    try {
      await evaluateRun({ runDir, locale, partition: 'dev', dataRoot, log: () => undefined });
    } finally {
      lock.release();
    }
  }
}
