import { expect } from 'chai';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { selectBackend } from '@xlnlu/compute';
import { chooseLocale, createTextPipeline, type Locale } from '@xlnlu/data';
import { familyOf, includeFamilies, textParse, trainRun } from '@xlnlu/training';
import { fixtureDataRoot, tinyJointModel } from '@xlnlu/training/testing';
import { bundleDemo } from './bundle.js';
import { CHROMIUM, runChromium, screenshot } from './chromium.js';
import { demoServer } from './demo-server.js';

/** Texts of the fixture data's kinds, in both locales, and one the model has not seen. */
const TEXTS = [
  'wake me up at seven am',
  'what is the weather in rome',
  'play something by the beatles',
  '東京の天気は',
  '午前五時に起こして',
  'cancel my alarm for ten am please',
];

describe('browser: the joint model parses in headless Chromium as in Node (fixture model)', function () {
  this.timeout(300_000);
  let run: string;
  let bundle: { directory: string; bytes: number };
  let app: FastifyInstance;
  let base: string;
  let results: ((value: unknown) => void) | undefined;

  before(async function () {
    if (!CHROMIUM) {
      // CI installs Debian's chromium (.ci/run): there a missing browser is a failure, not a skip
      if (process.env['CI']) throw new Error('no chromium on this CI machine: .ci/run installs Debian’s chromium');
      console.log('      (skipped: no chromium; apt-get install chromium)');
      this.skip();
    }
    await selectBackend({ backend: 'wasm', log: () => undefined });
    await includeFamilies();
    const work = mkdtempSync(path.join(tmpdir(), 'xlnlu-browser-'));
    const configFile = path.join(work, 'joint.json');
    writeFileSync(
      configFile,
      JSON.stringify({ name: 'joint-en-ja', data: { trainLocales: ['en-US', 'ja-JP'] }, model: tinyJointModel(25) }),
    );
    await trainRun({ configFile, runsDir: path.join(work, 'runs'), dataRoot: fixtureDataRoot() });
    run = path.join(work, 'runs', 'joint-en-ja');
    bundle = await bundleDemo(path.join(work, 'bundle'));
    app = demoServer({ bundle: bundle.directory, run, onResults: (value) => results?.(value) });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });

  after(async () => {
    await app?.close();
  });

  it('bundles without any Node module (a node: import would fail the build)', () => {
    expect(bundle.bytes).to.be.within(500_000, 8_000_000);
    expect(readFileSync(path.join(bundle.directory, 'demo.js'), 'utf8')).not.to.match(/from"node:|require\("node:/);
  });

  it('the page loads the saved model with plain tf.loadLayersModel and parses every text as the Node service does', async () => {
    const parsed = new Promise<unknown>((resolve) => (results = resolve));
    const url = `${base}/?texts=${encodeURIComponent(JSON.stringify(TEXTS))}`;
    // --dump-dom: chromium loads the page, lets it run (virtual time: until nothing is pending), prints the DOM and exits
    const { code, stderr } = await runChromium(['--virtual-time-budget=60000', '--dump-dom', url]);
    expect(code, stderr).to.equal(0);
    const fromBrowser = await Promise.race([parsed, new Promise((resolve) => setImmediate(() => resolve('no parses posted by the page')))]);
    expect(fromBrowser, JSON.stringify(fromBrowser)).to.be.an('array').with.length(TEXTS.length);
    // the Node parse: the family's model (native networks where built) and the same tokenizers
    const locales: Locale[] = ['en-US', 'ja-JP'];
    const model = await familyOf('joint-bilstm-crf').load(path.join(run, 'model'));
    await model.prepare?.(locales);
    const pipelines = new Map(await Promise.all(locales.map(async (locale) => [locale, await createTextPipeline(locale)] as const)));
    try {
      for (const [i, text] of TEXTS.entries()) {
        const locale = chooseLocale(text, locales)!.locale;
        const tokens = pipelines.get(locale)!.tokenizer.tokenize(text);
        const { scores: nodeScores, ...node } = { locale, ...textParse(text, tokens, model.predictRecords([{ tokens, locale }])[0]!) };
        const { scores: pageScores, ...page } = (fromBrowser as Record<string, unknown>[])[i]! as { scores: { intent: number } };
        expect(page, text).to.deep.equal(node);
        expect(pageScores.intent, text).to.be.closeTo(nodeScores.intent!, 1e-4);
      }
    } finally {
      model.dispose?.();
    }
  });

  it('takes a screenshot of the demo page showing a parse', async () => {
    const png = path.join(bundle.directory, 'demo.png');
    const url = `${base}/?text=${encodeURIComponent('wake me up at seven am')}`;
    await screenshot(url, png);
    expect(existsSync(png)).to.equal(true);
    const image = readFileSync(png);
    expect(image.subarray(1, 4).toString()).to.equal('PNG');
    expect(image.length).to.be.above(10_000); // a blank page is ~3 KB
    console.log(`      screenshot: ${png} (${(image.length / 1024).toFixed(0)} KiB)`);
  });
});
