import { accessSync, appendFileSync, constants, mkdirSync, rmSync } from 'node:fs';
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

  metricsFile(locale: string): string {
    return path.join(this.root, 'metrics', `${locale}.json`);
  }

  log(entry: Record<string, unknown>): void {
    appendFileSync(path.join(this.root, 'train-log.jsonl'), `${JSON.stringify({ time: new Date().toISOString(), ...entry })}\n`);
  }
}
