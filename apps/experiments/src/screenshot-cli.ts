/**
 * npx nx run experiments:screenshot -- --report=runs/grids/<grid>/report.html [--out=<file>.png] [--width=1000] [--height=4000]
 *
 * The report's check in a real browser: Debian's chromium, headless, loads the page, which must
 * hold its plots (the DOM chromium built is read back and its SVGs counted), and saves a screenshot.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseCommandLine } from '@xlnlu/data';

const { values } = parseCommandLine({
  usage: 'npx nx run experiments:screenshot -- --report=runs/grids/<grid>/report.html [options]',
  summary: 'Loads a grid report in headless chromium, checks that its plots rendered, and saves a PNG screenshot of it.',
  options: {
    report: { type: 'string', help: 'the report.html (required)' },
    out: { type: 'string', help: 'the PNG (default: beside the report, report.png)' },
    width: { type: 'string', default: '1000', help: 'window width in pixels' },
    height: { type: 'string', default: '4000', help: 'window height in pixels (the screenshot’s height)' },
  },
});

const BROWSERS = ['chromium', 'chromium-browser', 'google-chrome'];

function browser(): string {
  for (const name of BROWSERS) if (spawnSync('which', [name]).status === 0) return name;
  throw new Error(`no headless browser found (${BROWSERS.join(', ')}): install Debian's chromium (apt-get install chromium)`);
}

function main(): void {
  if (!values.report) throw new Error('--report=<report.html> is required');
  const report = path.resolve(values.report);
  if (!existsSync(report))
    throw new Error(`${values.report}: no such file (write it with npx nx run experiments:run -- --config=… --report-only)`);
  const out = path.resolve(values.out ?? path.join(path.dirname(report), 'report.png'));
  const chrome = browser();
  const common = ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', `--window-size=${values.width},${values.height}`];
  const dom = spawnSync(chrome, [...common, '--dump-dom', `file://${report}`], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (dom.status !== 0) throw new Error(`${chrome} could not load ${report}: ${dom.stderr.split('\n').slice(-3).join(' ')}`);
  const plots = (dom.stdout.match(/<svg[ >]/gu) ?? []).length;
  if (plots === 0) throw new Error(`${report}: the page holds no plot (no <svg> in the DOM chromium built)`);
  const shot = spawnSync(chrome, [...common, `--screenshot=${out}`, `file://${report}`], { encoding: 'utf8' });
  if (shot.status !== 0 || !existsSync(out) || statSync(out).size === 0)
    throw new Error(`${chrome} wrote no screenshot: ${shot.stderr.split('\n').slice(-3).join(' ')}`);
  console.log(`${report}: ${plots} plots rendered in ${chrome}; screenshot ${out} (${(statSync(out).size / 1024).toFixed(0)} KiB)`);
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
