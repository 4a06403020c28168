/** Where in an input file something went wrong. */
export interface DataLocation {
  file: string;
  /** 1-based line number, where the format has lines. */
  line?: number;
  recordId?: string;
}

/** An input error that names the file, the line and the record, and says what was expected. */
export class DataError extends Error {
  constructor(
    readonly location: DataLocation,
    readonly reason: string,
  ) {
    super(`${formatLocation(location)}: ${reason}`);
    this.name = 'DataError';
  }
}

export function formatLocation({ file, line, recordId }: DataLocation): string {
  return `${file}${line === undefined ? '' : `:${line}`}${recordId === undefined ? '' : ` (record ${recordId})`}`;
}

/** A record left out under `skipInvalid`, so that the caller can count and report it. */
export interface SkippedRecord {
  location: DataLocation;
  reason: string;
}

/**
 * Runs `parse`; on a DataError either rethrows (the default: nothing is dropped silently) or,
 * with `skipInvalid`, records it in `skipped` and returns undefined.
 */
export function parseOrSkip<T>(parse: () => T, skipInvalid: boolean, skipped: SkippedRecord[]): T | undefined {
  try {
    return parse();
  } catch (error) {
    if (!skipInvalid || !(error instanceof DataError)) throw error;
    skipped.push({ location: error.location, reason: error.reason });
    return undefined;
  }
}
