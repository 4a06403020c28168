import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The headless browser on this machine (Debian's chromium; `apt-get install chromium`), undefined without one. */
export const CHROMIUM = ['chromium', 'chromium-browser', 'google-chrome'].find((name) => spawnSync('which', [name]).status === 0);

/**
 * Runs headless chromium on `args` to its end (at most `timeoutMs`, then its process group is
 * killed): exit code and standard error without its D-Bus noise. Asynchronous on purpose: the
 * page's server usually runs on this process's event loop. Each run has a profile directory of its
 * own (with a shared one, chromium hands the page to the running browser and exits), and its own
 * process group (Debian's chromium is a script that starts the binary: killing the script alone
 * leaves the browser running).
 */
export function runChromium(args: string[], timeoutMs = 120_000): Promise<{ code: number | null; stderr: string }> {
  if (!CHROMIUM) return Promise.reject(new Error('no headless browser found (chromium): apt-get install chromium'));
  const profile = mkdtempSync(path.join(tmpdir(), 'xlnlu-chromium-'));
  const browser = spawn(
    CHROMIUM,
    ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', `--user-data-dir=${profile}`, ...args],
    { stdio: ['ignore', 'ignore', 'pipe'], detached: true },
  );
  let stderr = '';
  browser.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => process.kill(-browser.pid!, 'SIGKILL'), timeoutMs);
  return new Promise((resolve) =>
    browser.once('exit', (code) => {
      clearTimeout(timer);
      resolve({
        code,
        stderr: stderr
          .split('\n')
          .filter((line) => !/dbus|unexpected operator/.test(line))
          .join('\n'),
      });
    }),
  );
}

/** A PNG of `url` once its scripts have run (virtual time: until nothing is pending, at most 30 s of it). */
export async function screenshot(url: string, png: string, size = { width: 900, height: 420 }): Promise<void> {
  const { code, stderr } = await runChromium([
    `--window-size=${size.width},${size.height}`,
    '--virtual-time-budget=30000',
    `--screenshot=${png}`,
    url,
  ]);
  if (code !== 0) throw new Error(`chromium could not take a screenshot of ${url}: ${stderr}`);
}
