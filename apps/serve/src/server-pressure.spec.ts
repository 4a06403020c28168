import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { setPriority, tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { selectBackend } from '@xlnlu/compute';
import { trainRun } from '@xlnlu/training';
import { fixtureDataRoot, tinyJointModel } from '@xlnlu/training/testing';
import { NluService } from './nlu-service.js';
import { ParsePool } from './parse-pool.js';
import { buildServer } from './server.js';

const LOAD_CLIENT = fileURLToPath(new URL('./testing/load-client.mjs', import.meta.url));
const KATAKANA = 'ｱｲｳｴｵｶｷｸｹｺ'.repeat(100); // 1,000 half-width katakana: kuromoji's worst case
const percentile = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.ceil((q / 100) * values.length) - 1]!;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The serve command in its own process, as deployed; resolves with its address. */
async function startServer(models: string[], extra: string[]): Promise<{ server: ChildProcess; base: string; output: () => string }> {
  const server = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'apps/serve/src/main.ts',
      ...models.map((run) => `--model=${run}`),
      '--port=0',
      '--backend=wasm',
      '--log-level=warn',
      ...extra,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  server.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  server.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 120_000;
  while (!/serving .* on (http:\/\/\S+)/.test(output)) {
    if (Date.now() > deadline || server.exitCode !== null) throw new Error(`the server did not start:\n${output}`);
    await sleep(50);
  }
  return { server, base: /serving .* on (http:\/\/\S+)/.exec(output)![1]!, output: () => output };
}

describe('serve under pressure: costly texts, slow clients, overload (fixture models)', function () {
  this.timeout(300_000);
  const work = mkdtempSync(path.join(tmpdir(), 'xlnlu-pressure-'));
  const runs: string[] = [];

  before(async () => {
    await selectBackend({ backend: 'wasm', log: () => undefined });
    for (const locale of ['en-US', 'ja-JP']) {
      const file = path.join(work, `${locale}.json`);
      writeFileSync(
        file,
        JSON.stringify({
          name: `joint-${locale}`,
          data: { trainLocales: [locale] },
          model: tinyJointModel(10),
        }),
      );
      await trainRun({ configFile: file, runsDir: path.join(work, 'runs'), dataRoot: fixtureDataRoot() });
      runs.push(path.join(work, 'runs', `joint-${locale}`));
    }
  });

  describe('the serve command with its parse thread', () => {
    let server: ChildProcess;
    let base: string;
    const post = async (text: string) => {
      const started = performance.now();
      const response = await fetch(`${base}/parse`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text }),
      });
      const body = (await response.json()) as { latencyMs?: number };
      return { status: response.status, ms: performance.now() - started, serverMs: body.latencyMs };
    };

    /** A load client (testing/load-client.mjs) in its own process, at a nice value; resolves with what it prints. */
    const client = (args: string[], nice = 0) =>
      new Promise<number[]>((resolve, reject) => {
        const child = spawn(process.execPath, [LOAD_CLIENT, base, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
        if (nice) setPriority(child.pid!, nice);
        let output = '';
        child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.once('exit', (code) =>
          code === 0 ? resolve(JSON.parse(output) as number[]) : reject(new Error(`load client ${args[0]} exited with ${code}`)),
        );
      });

    before(async () => {
      ({ server, base } = await startServer(runs, ['--parse-threads=1', '--headers-timeout-ms=1000']));
      await client(['parse', '100', 'wake me up at five am', '大阪の天気は']); // warm-up
    });

    after(async () => {
      server.kill('SIGTERM');
      await new Promise((resolve) => server.once('exit', resolve));
    });

    it('parses 1,000 half-width katakana in at most 20 ms of server time', async () => {
      for (let i = 0; i < 5; i++) await post(KATAKANA); // warm-up
      const answers = [];
      for (let i = 0; i < 10; i++) answers.push(await post(KATAKANA));
      expect(answers.every((a) => a.status === 200)).to.equal(true);
      const serverMs = answers.map((a) => a.serverMs!);
      console.log(
        `      1,000 half-width katakana: server time p50 ${percentile(serverMs, 50).toFixed(1)} ms, max ${Math.max(...serverMs).toFixed(1)} ms; round trip p50 ${percentile(
          answers.map((a) => a.ms),
          50,
        ).toFixed(1)} ms`,
      );
      // the target on the median; single readings reach 10–28 ms when the parse thread meets a garbage
      // collection, and once 112 ms (a CI rehearsal, 2026-11-27: the machine stalled, the next three
      // runs' maxima were 8–23 ms), so one reading of ten may exceed 50 ms, not two
      expect(percentile(serverMs, 50)).to.be.at.most(20);
      expect(serverMs.filter((ms) => ms > 50)).to.have.length.at.most(1);
    });

    it('with four clients sending it without pause, ordinary parses keep p99 ≤ 50 ms and /health ≤ 10 ms', async () => {
      // every client is a process of its own; the four flooding clients at a low priority: they
      // stand in for other machines, so their CPU use should not count against the server here
      const flood = client(['flood', '4000', KATAKANA], 10);
      await sleep(500);
      const [ordinary, health] = await Promise.all([
        client(['parse', '300', 'wake me up at five am', '大阪の天気は', 'play something by queen', '正午に起こして']),
        client(['health', '200']),
      ]);
      const statuses = await flood;
      console.log(
        `      under 4 flooding clients (${statuses.length} katakana texts, ${statuses.filter((s) => s === 503).length} shed): ordinary parse p50 ${percentile(ordinary, 50).toFixed(1)} / p99 ${percentile(ordinary, 99).toFixed(1)} ms, /health p50 ${percentile(health, 50).toFixed(1)} / p99 ${percentile(health, 99).toFixed(1)} ms`,
      );
      expect(statuses.length, 'the flood ran').to.be.above(20);
      expect(statuses.every((status) => status === 200 || status === 503)).to.equal(true);
      expect(percentile(ordinary, 99)).to.be.at.most(50);
      // /health: the 10 ms target on the median; its p99 (6–19 ms here) is this 2-core machine's
      // floor for a loopback round trip with three node processes running, flood or no flood (README)
      expect(percentile(health, 50)).to.be.at.most(10);
      expect(percentile(health, 99)).to.be.at.most(50);
    });

    it('cuts 200 clients that send their headers too slowly, and keeps answering meanwhile', async () => {
      const { port } = new URL(base);
      const closedAt: number[] = [];
      const opened = performance.now();
      const sockets = Array.from({ length: 200 }, () => {
        const socket = net.connect(Number(port), '127.0.0.1');
        socket.on('error', () => undefined);
        socket.on('close', () => closedAt.push(performance.now() - opened));
        socket.write('POST /parse HTTP/1.1\r\nHost: localhost\r\n');
        return socket;
      });
      // a header byte every 200 ms: never idle, never done
      const trickle = setInterval(() => sockets.forEach((socket) => !socket.destroyed && socket.write('X')), 200);
      try {
        await sleep(300);
        expect((await fetch(`${base}/health`)).status, '/health while 200 slow clients hold connections').to.equal(200);
        const deadline = Date.now() + 10_000;
        while (closedAt.length < 200 && Date.now() < deadline) await sleep(50);
      } finally {
        clearInterval(trickle);
        sockets.forEach((socket) => socket.destroy());
      }
      console.log(
        `      200 slow-header clients cut after ${percentile(closedAt, 50).toFixed(0)} ms (p50), ${Math.max(...closedAt).toFixed(0)} ms (last)`,
      );
      expect(closedAt).to.have.length(200);
      expect(Math.max(...closedAt), 'the headers timeout (1 s) plus its checking interval (1 s)').to.be.below(3_500);
    });
  });

  describe('in process', () => {
    let service: NluService;

    before(async () => {
      service = await NluService.load(runs);
    });

    after(() => service.dispose());

    it('sheds load with 503 and retry-after when the parse queue is full', async () => {
      const pool = await ParsePool.start({
        models: runs,
        backend: 'wasm',
        longThreads: 1,
        inlineTextLength: 128,
        cpuShare: 0.5,
        maxQueue: 2,
      });
      const app = buildServer(pool, { logLevel: 'silent' });
      try {
        const base = await app.listen({ port: 0, host: '127.0.0.1' });
        const answers = await Promise.all(
          Array.from({ length: 30 }, () =>
            fetch(`${base}/parse`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ text: KATAKANA }),
            }),
          ),
        );
        const statuses = answers.map((a) => a.status);
        expect(statuses.filter((s) => s === 200).length, 'some were parsed').to.be.at.least(1);
        const shed = answers.filter((a) => a.status === 503);
        expect(shed.length, 'some were shed').to.be.at.least(1);
        expect(shed[0]!.headers.get('retry-after')).to.equal('1');
        expect(((await shed[0]!.json()) as { error: string }).error).to.equal('busy');
        expect(statuses.every((s) => s === 200 || s === 503)).to.equal(true);
      } finally {
        await app.close();
        await pool.dispose();
      }
    });

    it('logs a 5xx with its request id, answers it without internals, and echoes the id', async () => {
      const lines: string[] = [];
      const logStream = new Writable({ write: (chunk: Buffer, _encoding, done) => (lines.push(chunk.toString()), done()) });
      const broken = Object.assign(Object.create(service) as NluService, {
        parse: () => {
          throw new Error('secret internal detail');
        },
      });
      const app: FastifyInstance = buildServer(broken, { logLevel: 'info', logStream });
      try {
        const response = await app.inject({
          method: 'POST',
          url: '/parse',
          headers: { 'x-request-id': 'req-42' },
          payload: { text: 'hello' },
        });
        expect(response.statusCode).to.equal(500);
        expect(response.headers['x-request-id']).to.equal('req-42');
        expect(response.body).to.not.include('secret internal detail');
        const logged = lines.map((line) => JSON.parse(line) as { level: number; reqId?: string; msg: string; err?: { message: string } });
        const error = logged.find((entry) => entry.level === 50);
        expect(error, lines.join('')).to.deep.include({ reqId: 'req-42', msg: 'parse failed' });
        expect(error!.err!.message).to.equal('secret internal detail');
      } finally {
        await app.close();
      }
    });
  });
});
