import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { readJsonFile, type GridConfig, type PlannedRun } from '@xlnlu/training';

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

interface LogLine {
  time?: string;
  stage?: string;
  epoch?: number;
  score?: number;
  seconds?: number;
}

function readLog(file: string): LogLine[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as LogLine];
      } catch {
        return []; // a line cut by a crash says nothing
      }
    });
}

/** Reads each planned run's directory for the report; a run not trained yet has only its changes. */
export function runDetails(grid: GridConfig, plan: readonly PlannedRun[], gridDirectory: string): RunDetails[] {
  return plan.map((planned) => {
    const root = path.join(gridDirectory, planned.id);
    const entry = grid.runs.find((e) => e.name === planned.run)!;
    const changes = [
      ...grid.set,
      ...entry.set,
      ...(entry.transfer ? [`transfer from ${entry.transfer.from}: ${entry.transfer.copy.join(', ')}`] : []),
    ];
    const compute = existsSync(path.join(root, 'compute.json'))
      ? (readJsonFile(path.join(root, 'compute.json'), 'compute record') as { backend?: string; commit?: string })
      : {};
    const log = readLog(path.join(root, 'train-log.jsonl'));
    const curve = log
      .filter((l) => typeof l.epoch === 'number' && typeof l.score === 'number')
      .map((l) => ({ epoch: l.epoch!, score: l.score! }));
    const best = curve.reduce<{ epoch: number; score: number } | undefined>(
      (b, p) => (b === undefined || p.score > b.score ? p : b),
      undefined,
    );
    const slotF1PerType: RunDetails['slotF1PerType'] = {};
    const intents: RunDetails['intents'] = {};
    for (const locale of planned.evaluate) {
      const name = planned.partition === 'test' ? locale : `${locale}.${planned.partition}`;
      const metricsFile = path.join(root, 'metrics', `${name}.json`);
      if (existsSync(metricsFile)) {
        const perType = (readJsonFile(metricsFile, 'metrics') as { metrics?: { slotF1PerType?: Record<string, { f1: number }> } }).metrics
          ?.slotF1PerType;
        if (perType) slotF1PerType[locale] = Object.fromEntries(Object.entries(perType).map(([type, scores]) => [type, scores.f1]));
      }
      const predictionsFile = path.join(root, 'metrics', `${name}.predictions.jsonl`);
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
