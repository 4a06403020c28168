/** A duration as h:mm:ss, or m:ss under an hour. */
export function formatDuration(milliseconds: number): string {
  const total = Math.max(0, Math.round(milliseconds / 1000));
  const [hours, minutes, seconds] = [Math.floor(total / 3600), Math.floor((total % 3600) / 60), total % 60];
  const two = (n: number) => String(n).padStart(2, '0');
  return hours > 0 ? `${hours}:${two(minutes)}:${two(seconds)}` : `${minutes}:${two(seconds)}`;
}

/**
 * The time left at the pace so far: `done` of `total` units took `elapsed` ms. Undefined before
 * the first unit (no pace yet).
 */
export function timeLeft(done: number, total: number, elapsed: number): number | undefined {
  if (done <= 0) return undefined;
  return (elapsed / done) * Math.max(0, total - done);
}

/** A line of the epoch loop's progress: "epoch 3/20  40%  …" (epoch-loop.ts). */
const PROGRESS_LINE = /^epoch \d+\/\d+ +(\d+)%/u;

/** A log line's level: "warn" for the lines that say "warning:", else "info". */
const levelOf = (line: string) => (line.startsWith('warning:') ? 'warn' : 'info');

export interface TerminalLogOptions {
  /** Prefix lines with the time and level (default: when the output is not a terminal, i.e. a log file or CI). */
  timestamps?: boolean;
  now?: () => Date;
}

/**
 * A log for a command's output: on a terminal, the epoch loop's progress lines redraw one line
 * in place behind a bar (each epoch leaves its last line); everything else, and everything when
 * the output is a file or a CI log, is printed as lines, there with an ISO time and a level
 * ("2026-11-26T18:50:02.123Z info  epoch 3/20 …").
 */
export function terminalLog(
  stream: Pick<NodeJS.WriteStream, 'write' | 'isTTY'> = process.stdout,
  options: TerminalLogOptions = {},
): (line: string) => void {
  let open = false;
  const timestamps = options.timestamps ?? !stream.isTTY;
  const now = options.now ?? (() => new Date());
  return (line: string) => {
    const percent = stream.isTTY ? PROGRESS_LINE.exec(line)?.[1] : undefined;
    if (percent === undefined) {
      const prefix = timestamps ? `${now().toISOString()} ${levelOf(line).padEnd(5)} ` : '';
      stream.write(`${open ? '\n' : ''}${prefix}${line}\n`);
      open = false;
      return;
    }
    const filled = Math.round(Number(percent) / 5);
    stream.write(`\r\x1b[2K[${'#'.repeat(filled)}${'.'.repeat(20 - filled)}] ${line}${percent === '100' ? '\n' : ''}`);
    open = percent !== '100';
  };
}
