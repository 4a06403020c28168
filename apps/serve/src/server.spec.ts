import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import type { FastifyInstance } from 'fastify';
import { selectBackend, tf } from '@xlnlu/compute';
import { trainRun } from '@xlnlu/training';
import { fixtureDataRoot, tinyJointModel } from '@xlnlu/training/testing';
import { NluService } from './nlu-service.js';
import { buildServer } from './server.js';

describe('serve: HTTP server on loopback (models trained on fixture data)', function () {
  this.timeout(300_000);
  let service: NluService;
  let app: FastifyInstance;
  let base: string;
  let runDirectories: string[];
  const post = (body: string, type = 'application/json') =>
    fetch(`${base}/parse`, { method: 'POST', headers: { 'content-type': type }, body });
  const parse = async (payload: unknown) => {
    const response = await post(JSON.stringify(payload));
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  before(async () => {
    await selectBackend({ backend: 'wasm', log: () => undefined });
    const dataRoot = fixtureDataRoot();
    const work = mkdtempSync(path.join(tmpdir(), 'xlnlu-serve-'));
    const runs = ['en-US', 'ja-JP'].map((locale) => {
      const file = path.join(work, `${locale}.json`);
      writeFileSync(
        file,
        JSON.stringify({
          name: `joint-${locale}`,
          data: { trainLocales: [locale] },
          model: tinyJointModel(25, { dropout: 0.1 }),
        }),
      );
      return { file, run: path.join(work, 'runs', `joint-${locale}`) };
    });
    for (const { file } of runs) await trainRun({ configFile: file, runsDir: path.join(work, 'runs'), dataRoot });
    runDirectories = runs.map((r) => r.run);
    service = await NluService.load(runDirectories);
    app = buildServer(service, { bodyLimit: 4096, maxTextLength: 200, logLevel: 'silent' });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });

  after(async () => {
    await app.close();
    service.dispose();
  });

  it('answers /health and /models', async () => {
    expect(await (await fetch(`${base}/health`)).json()).to.deep.equal({ status: 'ok', locales: ['en-US', 'ja-JP'] });
    const { models } = (await (await fetch(`${base}/models`)).json()) as { models: { name: string; locales: string[] }[] };
    expect(models).to.deep.equal([
      { name: 'joint-en-US', locales: ['en-US'] },
      { name: 'joint-ja-JP', locales: ['ja-JP'] },
    ]); // no paths on the server
  });

  it('parses, choosing the locale from the script when none is given, with slot offsets into the text', async () => {
    const english = await parse({ text: 'wake me up at seven am' });
    expect(english.status).to.equal(200);
    expect(english.body).to.deep.include({ locale: 'en-US', localeFrom: 'script: latin', domain: 'alarm', intent: 'alarm_set' });
    expect(english.body['slots']).to.deep.equal([{ type: 'time', value: 'seven am', start: 14, end: 22 }]);
    expect((english.body['scores'] as { intent: number }).intent).to.be.within(0, 1);
    expect(english.body['latencyMs']).to.be.a('number');
    const japanese = await parse({ text: '東京の天気は' });
    expect(japanese.body).to.deep.include({ locale: 'ja-JP', localeFrom: 'script: han+hiragana', intent: 'weather_query' });
    expect(japanese.body['slots']).to.deep.equal([{ type: 'place_name', value: '東京', start: 0, end: 2 }]);
    expect((await parse({ text: 'what is the weather in rome', locale: 'en-US' })).body).to.deep.include({
      localeFrom: 'request',
      intent: 'weather_query',
    });
  });

  it('answers bad input with a 4xx and a message', async () => {
    const cases: [string, number, RegExp][] = [
      ['{"text": "unterminated', 400, /JSON/i],
      ['{}', 400, /text/],
      ['{"text": 42}', 400, /text/],
      ['{"text": ""}', 400, /fewer than 1 characters|text/],
      ['{"text": "hi", "extra": 1}', 400, /additional properties/i],
      ['{"text": "hello", "locale": "xx-XX"}', 400, /unknown locale "xx-XX"/],
      ['{"text": "hello", "locale": "hi-IN"}', 422, /no model serves hi-IN; served: en-US, ja-JP/],
      ['{"text": "कल का मौसम"}', 422, /no served locale is written in this text's script/],
      ['{"text": "   "}', 422, /no words to parse/],
      ['{"text": "?! ... ¿¡"}', 422, /no words to parse/],
      [JSON.stringify({ text: '🙂🎉👍' }), 422, /no words to parse/],
      [JSON.stringify({ text: '\u0000\u0001' }), 422, /no words to parse/],
      [JSON.stringify({ text: 'السلام عليكم' }), 422, /no served locale is written in this text's script/],
      [JSON.stringify({ text: 'включи музыку' }), 422, /no served locale is written in this text's script/],
      [JSON.stringify({ text: 'включи музыку', locale: 'en-US' }), 422, /written in a script the en-US model does not read/],
      ['{"text": "play music \\ud800 now"}', 400, /not well-formed Unicode: a lone surrogate at offset 11/],
      [JSON.stringify({ text: 'a'.repeat(201) }), 400, /more than 200 characters/],
      [JSON.stringify({ text: 'a'.repeat(5000) }), 413, /too large/i],
    ];
    for (const [body, status, message] of cases) {
      const response = await post(body);
      const answer = (await response.json()) as { error: string; message: string };
      expect(response.status, body.slice(0, 40)).to.equal(status);
      expect(answer.message, body.slice(0, 40)).to.match(message);
    }
    expect((await post('text=hello', 'application/x-www-form-urlencoded')).status).to.equal(415);
  });

  it('parses a batch: each item as /parse answers it, a refused item as {error, message, status}', async () => {
    const items = [{ text: 'wake me up at seven am' }, { text: '東京の天気は' }, { text: 'hello', locale: 'hi-IN' }, { text: '?!' }];
    const response = await fetch(`${base}/parse/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ items }),
    });
    expect(response.status).to.equal(200);
    const { results } = (await response.json()) as { results: Record<string, unknown>[] };
    const single = await Promise.all(items.slice(0, 2).map((item) => parse(item)));
    const withoutLatency = ({ latencyMs, ...answer }: Record<string, unknown>) => (expect(latencyMs).to.be.a('number'), answer);
    for (const [i, { body }] of single.entries()) expect(withoutLatency(results[i]!)).to.deep.equal(withoutLatency(body));
    expect(results[2]).to.deep.equal({ error: 'bad request', message: 'no model serves hi-IN; served: en-US, ja-JP', status: 422 });
    expect(results[3]).to.include({ status: 422 });
    const tooMany = await fetch(`${base}/parse/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ items: Array.from({ length: 65 }, () => ({ text: 'hi' })) }),
    });
    expect(tooMany.status).to.equal(400);
    expect(((await tooMany.json()) as { message: string }).message).to.match(/must NOT have more than 64 items/);
  });

  it('serves Prometheus metrics: requests by route and status, latency, texts by locale and outcome, model load', async () => {
    const metricsText = async () => (await fetch(`${base}/metrics`)).text();
    const counter = (text: string, line: string) =>
      Number(new RegExp(`^${line.replace(/[{}"]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
    const before = await metricsText();
    await parse({ text: 'play something by queen' });
    await parse({ text: 'hello', locale: 'hi-IN' });
    const response = await fetch(`${base}/metrics`);
    expect(response.headers.get('content-type')).to.match(/^text\/plain; version=0\.0\.4/);
    const after = await response.text();
    const grew = (line: string) => counter(after, line) - counter(before, line);
    expect(grew('xlnlu_http_requests_total{method="POST",route="/parse",status_code="200"}')).to.equal(1);
    expect(grew('xlnlu_http_requests_total{method="POST",route="/parse",status_code="422"}')).to.equal(1);
    expect(grew('xlnlu_parsed_texts_total{locale="en-US",outcome="ok"}')).to.equal(1);
    expect(grew('xlnlu_parsed_texts_total{locale="unknown",outcome="422"}')).to.equal(1); // hi-IN is not served: no label of its own
    expect(grew('xlnlu_http_request_duration_seconds_count{method="POST",route="/parse"}')).to.equal(2);
    for (const model of ['joint-en-US', 'joint-ja-JP']) expect(counter(after, `xlnlu_model_load_seconds{model="${model}"}`)).to.be.above(0);
    expect(counter(after, 'xlnlu_models_loaded')).to.equal(2);
    expect(after).to.match(/^process_resident_memory_bytes \d+/m);
  });

  it('describes itself in OpenAPI 3, generated from the schemas it validates with', async () => {
    const document = (await (await fetch(`${base}/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<
        string,
        Record<
          string,
          {
            requestBody?: { content: Record<string, { schema: { properties: Record<string, { maxLength?: number }> } }> };
            responses: Record<string, unknown>;
          }
        >
      >;
    };
    expect(document.openapi).to.equal('3.0.3');
    expect(Object.keys(document.paths).sort()).to.deep.equal([
      '/health',
      '/health/live',
      '/health/ready',
      '/metrics',
      '/models',
      '/parse',
      '/parse/batch',
    ]);
    const parseOperation = document.paths['/parse']!['post']!;
    // the limit the server was built with (maxTextLength 200), as validation applies it
    expect(parseOperation.requestBody!.content['application/json']!.schema.properties['text']!.maxLength).to.equal(200);
    expect(Object.keys(parseOperation.responses).sort()).to.deep.equal(['200', '400', '413', '422', '503']);
  });

  it('is live at once, and ready (and parsing) only once its models are loaded', async () => {
    let loaded!: (parser: NluService) => void;
    const loading = new Promise<NluService>((resolve) => (loaded = resolve));
    const early = buildServer(loading, { logLevel: 'silent' });
    const address = await early.listen({ port: 0, host: '127.0.0.1' });
    const status = async (route: string) =>
      (
        await fetch(
          `${address}${route}`,
          route === '/parse'
            ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"text":"wake me up at seven am"}' }
            : {},
        )
      ).status;
    try {
      expect(await status('/health/live')).to.equal(200);
      expect(await status('/health/ready')).to.equal(503);
      expect(await status('/parse')).to.equal(503);
      loaded(service);
      await new Promise((resolve) => setImmediate(resolve));
      expect(await status('/health/ready')).to.equal(200);
      expect(await status('/parse')).to.equal(200);
    } finally {
      await early.close();
    }
  });

  it('load: 2,000 requests, 8 at a time, no error, bounded p99, no tensor or memory growth', async () => {
    const texts = [
      'wake me up at five am',
      'what is the weather in paris',
      'play something by queen',
      'cancel the alarm for noon',
      '大阪の天気は',
      '正午に起こして',
    ];
    const send = async (i: number) => {
      const started = performance.now();
      const response = await post(JSON.stringify({ text: texts[i % texts.length] }));
      await response.json();
      return { ok: response.status === 200, ms: performance.now() - started };
    };
    for (let i = 0; i < 100; i++) await send(i); // warm-up
    // collect garbage before each reading, so RSS shows what is kept, not what awaits collection
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const rss = () => {
      gc();
      return process.memoryUsage().rss;
    };
    // what JavaScript keeps: the heap and array buffers (native kernels return their results in
    // array buffers, whose freed memory the allocator may keep in RSS for a while without a leak)
    const kept = () => {
      gc();
      const usage = process.memoryUsage();
      return usage.heapUsed + usage.arrayBuffers;
    };
    const [tensorsBefore, rssBefore] = [tf.memory().numTensors, rss()];
    const results: { ok: boolean; ms: number }[] = [];
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < 2000) results.push(await send(next++));
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const times = results.map((r) => r.ms).sort((a, b) => a - b);
    const p = (q: number) => times[Math.ceil((q / 100) * times.length) - 1]!;
    const rssAfter = rss();
    const keptAfter = kept();
    // a second round: growth that continues round after round would be a leak, not warm-up
    next = 0;
    const second: { ok: boolean; ms: number }[] = [];
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < 2000) second.push(await send(next++));
      }),
    );
    const rssSecond = rss();
    const keptSecond = kept();
    const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
    console.log(
      `      load: ${results.length} requests in ${seconds.toFixed(1)} s (${(results.length / seconds).toFixed(0)}/s), p50 ${p(50).toFixed(1)} ms, p99 ${p(99).toFixed(1)} ms, errors ${results.filter((r) => !r.ok).length}, RSS ${mib(rssBefore)} → ${mib(rssAfter)} MiB, after another 2,000 ${mib(rssSecond)} MiB (heap + array buffers ${mib(keptAfter)} → ${mib(keptSecond)} MiB)`,
    );
    expect(results.filter((r) => !r.ok)).to.have.length(0);
    expect(second.filter((r) => !r.ok)).to.have.length(0);
    expect(p(99)).to.be.below(250);
    expect(tf.memory().numTensors).to.equal(tensorsBefore);
    expect(rssAfter - rssBefore).to.be.below(100 * 2 ** 20);
    expect(rssSecond - rssAfter, 'RSS growth in the second round').to.be.below(50 * 2 ** 20);
    expect(keptSecond - keptAfter, 'heap and array buffer growth in the second round').to.be.below(10 * 2 ** 20);
  });

  it('fuzz: random bytes, huge and odd strings, emoji, mixed scripts, malformed JSON all get a parse or a clean 4xx', async () => {
    let seed = 12345;
    // a 32-bit LCG in integer arithmetic (in doubles, seed · 1103515245 loses the low bits and the draws collapse)
    const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
    const randomBytes = (n: number) => Buffer.from(Array.from({ length: n }, () => Math.floor(random() * 256)));
    const odd = [
      '🙂🎉',
      'play 🎵 by ビートルズ',
      'टाइमर set करो 5 min',
      '\u0000\u0001',
      '\ud800',
      'ＡＢＣ１２３',
      ' '.repeat(50),
      'a\u0301\u0301\u0301',
      'السلام عليكم',
      '👨‍👩‍👧‍👦'.repeat(20),
      '<script>alert(1)</script>',
      '"}{"',
    ];
    const bodies: (string | Buffer)[] = [];
    for (let i = 0; i < 150; i++) {
      const kind = i % 5;
      if (kind === 0) bodies.push(randomBytes(1 + Math.floor(random() * 300)));
      else if (kind === 1)
        bodies.push(
          JSON.stringify({
            text: pick(odd) + pick(odd),
            ...(random() < 0.3 ? { locale: pick(['en-US', 'ja-JP', 'hi-IN', '', 'EN-us', '../']) } : {}),
          }),
        );
      else if (kind === 2) bodies.push(JSON.stringify({ text: 'x'.repeat(Math.floor(random() * 6000)) }));
      else if (kind === 3) bodies.push(JSON.stringify(pick([null, [], 'text', 1, { text: null }, { text: ['a'] }, { text: { a: 1 } }])));
      else bodies.push(`{"text": "${pick(odd)}"`.slice(0, Math.floor(random() * 30)));
    }
    for (const body of bodies) {
      const response = await fetch(`${base}/parse`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      const answer = (await response.json()) as Record<string, unknown>;
      if (response.status === 200) expect(answer).to.include.keys('locale', 'intent', 'slots');
      else {
        expect(response.status, String(body).slice(0, 60)).to.be.within(400, 499);
        expect(answer['message']).to.be.a('string');
      }
    }
    expect((await fetch(`${base}/health`)).status).to.equal(200);
  });

  it('the serve command starts on the given models and shuts down gracefully on SIGTERM', async () => {
    const server = spawn(
      process.execPath,
      ['--import', 'tsx', 'apps/serve/src/main.ts', ...runDirectories.map((run) => `--model=${run}`), '--port=0', '--backend=wasm'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    server.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    server.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + 60_000;
    while (!/serving .* on (http:\/\/\S+)/.test(output) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    const address = /serving .* on (http:\/\/\S+)/.exec(output)![1]!;
    const answer = await fetch(`${address}/parse`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'play something by adele' }),
    });
    expect(((await answer.json()) as { intent: string }).intent).to.equal('play_music');
    server.kill('SIGTERM');
    const code = await new Promise((resolve) => server.once('exit', resolve));
    expect(code).to.equal(0);
    expect(output).to.include('SIGTERM: closing');
  });

  it('started the README way (npx nx run serve:serve), it closes when npx is sent SIGTERM, which npx does not pass on', async () => {
    // detached: npx leads a process group of its own, as in a terminal, and the test can kill what is left
    const npx = spawn(
      'npx',
      [
        'nx',
        'run',
        'serve:serve',
        '--',
        ...runDirectories.map((run) => `--model=${run}`),
        '--port=0',
        '--backend=wasm',
        '--parse-threads=0',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], detached: true, env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' } },
    );
    let output = '';
    npx.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    npx.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      const deadline = Date.now() + 120_000;
      while (!/serving .* on (http:\/\/\S+)/.test(output) && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 100));
      const address = /serving .* on (http:\/\/\S+)/.exec(output)?.[1];
      expect(address, output).to.be.a('string');
      const serverPid = Number(/"pid":(\d+)/.exec(output)![1]); // pino's first line names the server process
      expect((await fetch(`${address}/health`)).status).to.equal(200);
      npx.kill('SIGTERM');
      const gone = Date.now() + 10_000;
      let alive = true;
      while (alive && Date.now() < gone) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        try {
          process.kill(serverPid, 0);
        } catch {
          alive = false;
        }
      }
      expect(alive, 'server still running 10 s after npx got SIGTERM').to.equal(false);
      expect(output).to.match(/launcher gone \(pid \d+: npm exec nx run serve:serve/);
      expect(output).to.include(': closing');
    } finally {
      try {
        process.kill(-npx.pid!, 'SIGKILL');
      } catch {
        // already gone, as it should be
      }
    }
  });
});
