/**
 * npx nx run browser:demo -- [--model=runs/joint-bilstm-crf-en-US] [--port=8090] [--host=127.0.0.1]
 *   [--screenshot=<file>.png --text="…"]
 *
 * Bundles the demo page (bundle.ts) and serves it with a trained joint model: open the address it
 * prints, type an utterance, and the page parses it itself (nothing is sent to a server). With
 * --screenshot, headless chromium takes a picture of the page parsing --text instead, and it stops.
 */
import { parseCommandLine } from '@xlnlu/data';
import { bundleDemo } from './bundle.js';
import { screenshot } from './chromium.js';
import { demoServer } from './demo-server.js';

const { values } = parseCommandLine({
  usage: 'npx nx run browser:demo -- [--model=runs/joint-bilstm-crf-en-US] [--port=8090]',
  summary:
    'Serves the browser demo with a trained joint model: the page loads the model with TensorFlow.js and parses what is typed itself.',
  options: {
    model: { type: 'string', default: 'runs/joint-bilstm-crf-en-US', help: 'the run directory of a trained joint model' },
    port: { type: 'string', default: '8090', help: 'TCP port (0: any free one)' },
    host: { type: 'string', default: '127.0.0.1', help: 'interface to listen on' },
    screenshot: { type: 'string', help: 'save a PNG of the page parsing --text (headless chromium), then stop' },
    text: { type: 'string', default: 'wake me up at seven am tomorrow', help: 'the text the page starts with' },
  },
});

const { directory, bytes } = await bundleDemo();
const app = demoServer({ bundle: directory, run: values.model! });
const address = await app.listen({ port: Number(values.port), host: values.host! });
const page = `${address}/?text=${encodeURIComponent(values.text!)}`;
if (values.screenshot) {
  await screenshot(page, values.screenshot);
  console.log(`${values.screenshot}: the demo page parsing ${JSON.stringify(values.text)} with ${values.model}`);
  await app.close();
  process.exit(0);
}
console.log(`demo (bundle ${(bytes / 1024 / 1024).toFixed(1)} MiB, model ${values.model}) on ${page} — Ctrl-C stops it`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void app.close().then(() => process.exit(0)));
