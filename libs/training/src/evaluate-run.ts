import { existsSync } from 'node:fs';
import type { Locale, NluRecord, Partition } from '@xlnlu/data';
import type { ConfidenceInterval } from '@xlnlu/metrics';
import { readExperimentConfig } from './train-run.js';
import { familyOf } from './families/registry.js';
import { loadDataset, type DatasetRef } from './load-dataset.js';
import { checkTestLabels, readRunData } from './run-data.js';
import { partition } from './massive-data.js';
import { evaluateNlu, type NluMetrics, type NluPrediction } from './nlu-evaluation.js';
import { RunDirectory } from './run-directory.js';
import { writeFileAtomic, writeJsonAtomic } from './atomic-files.js';
import { conllevalLines, predictionLines } from './prediction-files.js';

export interface EvaluateRunOptions {
  runDir: string;
  locale: Locale;
  partition: Partition;
  dataRoot: string;
  /** Another data set than the run's own (`data.dataset` of its config): a built-in name or a file. */
  dataset?: DatasetRef;
  /**
   * How a data set's records of a locale are read: from `dataRoot` each time by default; a caller
   * that evaluates many runs on one data set passes `recordsReader(dataRoot)` to read them once.
   */
  readRecords?: RecordsReader;
  /** Also write one line per utterance (metrics/<name>.predictions.jsonl) and, where tags are predicted, conlleval's input (<name>.conlleval.txt). */
  predictions?: boolean;
  log?: (line: string) => void;
}

export interface EvaluationReport {
  run: string;
  locale: Locale;
  partition: Partition;
  modelType: string;
  seed: number;
  utterancesPerSecond: number;
  metrics: NluMetrics;
}

/** Reads a data set's records of one locale (every partition). */
export type RecordsReader = (dataset: DatasetRef, locale: Locale, log: (line: string) => void) => Promise<NluRecord[]>;

/**
 * A reader that keeps what it read, per data set and locale: for evaluating many runs of a grid
 * (evaluate-on-dev.ts), where reading MASSIVE again for each run took longer than the evaluation.
 */
export function recordsReader(dataRoot: string): RecordsReader {
  const read = new Map<string, Promise<NluRecord[]>>();
  return (dataset, locale, log) => {
    const key = JSON.stringify([dataset, locale]);
    if (!read.has(key)) read.set(key, readRecords(dataRoot, dataset, locale, log));
    return read.get(key)!;
  };
}

async function readRecords(dataRoot: string, dataset: DatasetRef, locale: Locale, log: (line: string) => void): Promise<NluRecord[]> {
  return (await loadDataset(dataRoot, dataset, [locale], log)).byLocale.get(locale)!;
}

/**
 * Evaluates a trained run on one locale's partition and writes `metrics/<locale>.json` in the run,
 * and the per-utterance scores to `metrics/<locale>.items.json` (the report last: it marks completion).
 */
export async function evaluateRun(options: EvaluateRunOptions): Promise<EvaluationReport> {
  const log = options.log ?? (() => undefined);
  const run = new RunDirectory(options.runDir);
  if (!existsSync(run.configFile))
    throw new Error(`${options.runDir} is not a run directory: it has no config.json (train one with nx run train:train)`);
  const config = readExperimentConfig(run.configFile);
  // the run's own data unless told otherwise; a file given by path is read in its own locale
  const dataset = options.dataset ?? config.data.dataset;
  if (typeof dataset !== 'string' && dataset.locale !== options.locale)
    throw new Error(
      `${options.runDir} reads ${dataset.path}, which is ${dataset.locale}: evaluate it as ${dataset.locale}, not ${options.locale}`,
    );
  const all = options.readRecords
    ? await options.readRecords(dataset, options.locale, log)
    : await readRecords(options.dataRoot, dataset, options.locale, log);
  const records = partition(all, options.partition);
  if (records.length === 0)
    throw new Error(`no ${options.partition} records of ${options.locale} in ${typeof dataset === 'string' ? dataset : dataset.path}`);
  const runData = readRunData(run);
  const warning = runData && checkTestLabels(runData, records, `${typeof dataset === 'string' ? dataset : dataset.path} ${options.locale}`);
  if (warning) log(warning);
  log(`evaluating ${config.model.type} on ${records.length} ${options.locale} ${options.partition} utterances`);
  const started = performance.now();
  const model = await familyOf(config.model.type).load(run.modelDirectory);
  let predictions: NluPrediction[];
  try {
    await model.prepare?.([options.locale]);
    predictions = model.predictRecords(records);
  } finally {
    model.dispose?.();
  }
  const seconds = (performance.now() - started) / 1000;
  const { metrics, items } = evaluateNlu(records, predictions);
  const report: EvaluationReport = {
    run: options.runDir,
    locale: options.locale,
    partition: options.partition,
    modelType: config.model.type,
    seed: config.seed,
    utterancesPerSecond: records.length / seconds,
    metrics,
  };
  const file = (kind: Parameters<RunDirectory['evaluationFile']>[2]) => run.evaluationFile(options.locale, options.partition, kind);
  // per-utterance scores, in record order, for paired significance tests between runs
  writeJsonAtomic(file('items'), { recordIds: records.map((r) => r.id), ...items });
  if (options.predictions) {
    writeFileAtomic(file('predictions'), `${predictionLines(records, predictions).join('\n')}\n`);
    if (predictions.every((p) => p.tags)) writeFileAtomic(file('conlleval'), `${conllevalLines(records, predictions).join('\n')}\n`);
  }
  writeJsonAtomic(file('report'), report);
  return report;
}

/**
 * The headline metrics as the commands print them, one line each with its 95 % CI; the scores on
 * character offsets (which differ from the token ones only where annotations cut tokens, ja-JP) when asked.
 */
export function metricLines(metrics: NluMetrics, options: { characterScores?: boolean } = {}): string[] {
  const rows: [string, ConfidenceInterval | undefined][] = [
    ['domain accuracy', metrics.domainAccuracy],
    ['intent accuracy', metrics.intentAccuracy],
    ['slot F1 (micro)', metrics.slotF1],
    ['frame accuracy', metrics.frameAccuracy],
  ];
  if (options.characterScores) rows.push(['slot F1 (chars)', metrics.slotF1Chars], ['frame (chars)', metrics.frameAccuracyChars]);
  return rows.flatMap(([name, ci]) =>
    ci ? [`${name.padEnd(16)} ${ci.estimate.toFixed(4)}  (95 % CI ${ci.low.toFixed(4)}–${ci.high.toFixed(4)})`] : [],
  );
}
