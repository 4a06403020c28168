import { readFileSync, readlinkSync } from 'node:fs';

/** What Linux's /proc/<pid>/stat says of a live process (fields 3, 4 and 22). */
export interface ProcessStat {
  state: string;
  ppid: number;
  /** Clock ticks after boot: with the pid, names one process even after the pid is reused. */
  startTime: number;
}

/**
 * A process's /proc/<pid>/stat, undefined when it is gone or a zombie; null where there is no
 * /proc at all (not Linux), so callers can fall back to what they can know otherwise.
 */
export function processStat(pid: number): ProcessStat | null | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    try {
      readFileSync('/proc/self/stat');
      return undefined;
    } catch {
      return null;
    }
  }
  // the command name (field 2) may hold spaces and parentheses: count fields after its last ')'
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  if (fields[0] === 'Z' || fields[0] === 'X') return undefined;
  return { state: fields[0]!, ppid: Number(fields[1]), startTime: Number(fields[19]) };
}

/** A process's executable and arguments (what /proc says), undefined when it cannot be read. */
export function processCommand(pid: number): { executable: string; argv: string[] } | undefined {
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').slice(0, -1);
    return { executable: readlinkSync(`/proc/${pid}/exe`), argv };
  } catch {
    return undefined;
  }
}
