/**
 * npx nx run browser:build -- [--out=dist/browser]
 *
 * Bundles the browser parse and its demo page (bundle.ts) into one ES module and the page.
 */
import path from 'node:path';
import { parseCommandLine } from '@xlnlu/data';
import { bundleDemo } from './bundle.js';

const { values } = parseCommandLine({
  usage: 'npx nx run browser:build -- [--out=dist/browser]',
  summary: 'Bundles the browser parse (tokenizers, the joint model on TensorFlow.js, Viterbi) and its demo page for a browser.',
  options: { out: { type: 'string', default: path.join('dist', 'browser'), help: 'directory for demo.js and index.html' } },
});

const { directory, bytes } = await bundleDemo(path.resolve(values.out!));
console.log(`${directory}: demo.js (${(bytes / 1024 / 1024).toFixed(1)} MiB) and index.html`);
