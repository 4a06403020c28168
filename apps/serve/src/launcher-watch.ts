import path from 'node:path';
import { processCommand, processStat } from '@xlnlu/training';

/** A process between the user's command and the server: npx, nx, tsx (all Node). */
export interface Launcher {
  pid: number;
  startTime: number;
  command: string;
}

const SHELLS = new Set(['sh', 'dash', 'bash', 'zsh']);

/**
 * The Node processes that launched this one, nearest first: walking up the parents, every Node
 * process is a launcher (`npm exec`, `nx`, `tsx`), a shell running a command string (`sh -c`, how
 * nx and npm start a target) is passed over, and anything else (an interactive shell, systemd, a
 * container's init) ends the chain. Empty where /proc is missing.
 */
export function launcherChain(pid = process.pid): Launcher[] {
  const chain: Launcher[] = [];
  for (let stat = processStat(pid); stat && stat.ppid > 1;) {
    const parent = stat.ppid;
    const parentStat = processStat(parent);
    const command = processCommand(parent);
    if (!parentStat || !command) break;
    const program = path.basename(command.executable);
    if (program === path.basename(process.execPath))
      chain.push({ pid: parent, startTime: parentStat.startTime, command: command.argv.join(' ').trim() });
    else if (!(SHELLS.has(program) && command.argv[1] === '-c')) break;
    stat = parentStat;
  }
  return chain;
}

/**
 * Calls `onGone` once, when any launcher of this process has exited. `npx` (npm exec 11) exits on
 * SIGTERM without passing the signal on, which left nx, tsx and the server running (README,
 * "Serving"); watching the launchers makes the server close however its launcher was stopped,
 * SIGKILL included. Returns a function that stops watching.
 */
export function watchLaunchers(onGone: (launcher: Launcher) => void, intervalMs = 250): () => void {
  const chain = launcherChain();
  const timer = setInterval(() => {
    const gone = chain.find((launcher) => processStat(launcher.pid)?.startTime !== launcher.startTime);
    if (!gone) return;
    clearInterval(timer);
    onGone(gone);
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
