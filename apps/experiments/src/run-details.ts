import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { readJsonFile, RunDirectory, type GridConfig, type PlannedRun } from '@xlnlu/training';

/** What the report shows of one run of a grid besides its scores: where, when and how it trained. */
export interface RunDetails {
  id: string;
  run: string;
  seed: number;
  /** The grid entry's overrides of its base config, and its transfer. */
  changes: string[];
  commit?: string;
  backend?: string;
  /** When training started (its log's first line). */
  date?: string;
  trainingSeconds?: number;
  bestEpoch?: number;
  /** Dev score per epoch (the number that chooses the epoch). */
  curve: { epoch: number; score: number }[];
  /** Per evaluated locale: F1 per slot type, and gold → predicted intent pairs where predictions were written. */
  slotF1PerType: Record<string, Record<string, number>>;
  intents: Record<string, { gold: string; predicted: string }[]>;
}

/** Reads each planned run's directory for the report; a run not trained yet has only its changes. */
export function runDetails(grid: GridConfig, plan: readonly PlannedRun[], gridDirectory: string): RunDetails[] {
  return plan.map((planned) => {
    const run = new RunDirectory(path.join(gridDirectory, planned.id));
    const entry = grid.runs.find((e) => e.name === planned.run)!;
    const changes = [
      ...grid.set,
      ...entry.set,
      ...(entry.transfer ? [`transfer from ${entry.transfer.from}: ${entry.transfer.copy.join(', ')}`] : []),
    ];
    const compute = existsSync(run.computeFile)
      ? (readJsonFile(run.computeFile, 'compute record') as { backend?: string; commit?: string })
      : {};
    const log = run.readLog() as { time?: string; stage?: string; seconds?: number }[];
    const curve = run.epochScores();
    const best = curve.reduce<{ epoch: number; score: number } | undefined>(
      (b, p) => (b === undefined || p.score > b.score ? p : b),
      undefined,
    );
    const slotF1PerType: RunDetails['slotF1PerType'] = {};
    const intents: RunDetails['intents'] = {};
    for (const locale of planned.evaluate) {
      const metricsFile = run.evaluationFile(locale, planned.partition, 'report');
      if (existsSync(metricsFile)) {
        const perType = (readJsonFile(metricsFile, 'metrics') as { metrics?: { slotF1PerType?: Record<string, { f1: number }> } }).metrics
          ?.slotF1PerType;
        if (perType) slotF1PerType[locale] = Object.fromEntries(Object.entries(perType).map(([type, scores]) => [type, scores.f1]));
      }
      const predictionsFile = run.evaluationFile(locale, planned.partition, 'predictions');
      if (existsSync(predictionsFile))
        intents[locale] = readFileSync(predictionsFile, 'utf8')
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line) as { gold: { intent: string }; predicted: { intent?: string } })
          .filter((p) => p.predicted.intent !== undefined)
          .map((p) => ({ gold: p.gold.intent, predicted: p.predicted.intent! }));
    }
    return {
      id: planned.id,
      run: planned.run,
      seed: planned.seed,
      changes,
      commit: compute.commit,
      backend: compute.backend,
      date: log[0]?.time,
      trainingSeconds: log.find((l) => l.stage === 'done')?.seconds,
      bestEpoch: best?.epoch,
      curve,
      slotF1PerType,
      intents,
    };
  });
}
