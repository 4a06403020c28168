import { accessSync, appendFileSync, constants, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from './atomic-files.js';

/**
 * A run's directory: `config.json` (the resolved config), `train-log.jsonl` (one line per epoch or
 * stage), `model/` and `metrics/<locale>.json`. Creating it checks at once that it is writable.
 */
export class RunDirectory {
  constructor(readonly root: string) {}

  static create(root: string): RunDirectory {
    try {
      mkdirSync(root, { recursive: true });
      accessSync(root, constants.W_OK);
      const probe = path.join(root, `.write-check.${process.pid}`);
      writeFileAtomic(probe, 'ok');
      rmSync(probe);
    } catch (error) {
      throw new Error(`run directory ${root} is not writable: ${(error as Error).message}`);
    }
    return new RunDirectory(root);
  }

  get configFile(): string {
    return path.join(this.root, 'config.json');
  }

  /** What the run trained on: each data set's source, format, locale, size and content hash, and the labels it saw (run-data.ts). */
  get dataFile(): string {
    return path.join(this.root, 'data.json');
  }

  get modelDirectory(): string {
    return path.join(this.root, 'model');
  }

  /** The last epoch's training state (weights, optimizer, loop), for --resume. */
  get checkpointDirectory(): string {
    return path.join(this.root, 'checkpoint');
  }

  /**
   * A file of one evaluation under metrics/: named by the locale for the test set, by locale and
   * partition otherwise (`es-ES.dev`); the report, the per-utterance scores, the predictions, conlleval's input.
   */
  evaluationFile(locale: string, partition: string, kind: 'report' | 'items' | 'predictions' | 'conlleval'): string {
    const name = partition === 'test' ? locale : `${locale}.${partition}`;
    const suffix = { report: '.json', items: '.items.json', predictions: '.predictions.jsonl', conlleval: '.conlleval.txt' }[kind];
    return path.join(this.root, 'metrics', `${name}${suffix}`);
  }

  /** What computed the run (backend, native core, Node, commit), written when training starts. */
  get computeFile(): string {
    return path.join(this.root, 'compute.json');
  }

  get logFile(): string {
    return path.join(this.root, 'train-log.jsonl');
  }

  log(entry: Record<string, unknown>): void {
    appendFileSync(this.logFile, `${JSON.stringify({ time: new Date().toISOString(), ...entry })}\n`);
  }

  /**
   * The dev score of each epoch trained, from the log, in epoch order: the number that chose the
   * epoch (epoch-loop.ts). An epoch logged twice, by a run resumed from a checkpoint before it, counts once (its last line).
   */
  epochScores(): { epoch: number; score: number }[] {
    const byEpoch = new Map<number, number>();
    for (const entry of this.readLog())
      if (typeof entry['epoch'] === 'number' && typeof entry['score'] === 'number') byEpoch.set(entry['epoch'], entry['score']);
    return [...byEpoch].sort(([a], [b]) => a - b).map(([epoch, score]) => ({ epoch, score }));
  }

  /** The log's entries so far; a line cut by a crash is left out (it says nothing). */
  readLog(): Record<string, unknown>[] {
    if (!existsSync(this.logFile)) return [];
    return readFileSync(this.logFile, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .flatMap((line) => {
        try {
          return [JSON.parse(line) as Record<string, unknown>];
        } catch {
          return [];
        }
      });
  }
}
