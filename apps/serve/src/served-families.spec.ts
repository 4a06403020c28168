import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { selectBackend } from '@xlnlu/compute';
import { trainRun } from '@xlnlu/training';
import { fixtureDataRoot, tinyNerModel } from '@xlnlu/training/testing';
import { NluService } from './nlu-service.js';
import { buildServer } from './server.js';

describe('serve: the max-ent and NER families answer too (fixture data)', function () {
  this.timeout(240_000);
  let service: NluService;
  let app: FastifyInstance;
  let base: string;
  const parse = async (payload: unknown) => {
    const response = await fetch(`${base}/parse`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  before(async () => {
    await selectBackend({ backend: 'wasm', log: () => undefined });
    const work = mkdtempSync(path.join(tmpdir(), 'xlnlu-serve-families-'));
    const runsDir = path.join(work, 'runs');
    const configs = {
      'maxent-en-US': {
        data: { trainLocales: ['en-US'] },
        model: { type: 'maxent-nlu', domain: { epochs: 5 }, intent: { epochs: 5 }, slots: { epochs: 5 } },
      },
      'ner-ja-JP': { data: { trainLocales: ['ja-JP'] }, model: tinyNerModel(25) },
    };
    for (const [name, config] of Object.entries(configs)) {
      const configFile = path.join(work, `${name}.json`);
      writeFileSync(configFile, JSON.stringify({ name, ...config }));
      await trainRun({ configFile, runsDir, dataRoot: fixtureDataRoot() });
    }
    service = await NluService.load(Object.keys(configs).map((name) => path.join(runsDir, name)));
    app = buildServer(service, { logLevel: 'silent' });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });

  after(async () => {
    await app.close();
    service.dispose();
  });

  it('a max-ent model answers domain, intent and slots', async () => {
    const { status, body } = await parse({ text: 'what is the weather in paris' });
    expect(status).to.equal(200);
    expect(body).to.deep.include({ locale: 'en-US', domain: 'weather', intent: 'weather_query' });
    expect(body['slots']).to.deep.equal([{ type: 'place_name', value: 'paris', start: 23, end: 28 }]);
  });

  it('an NER model answers slots only', async () => {
    const { status, body } = await parse({ text: '東京の天気は' });
    expect(status).to.equal(200);
    expect(body).to.include({ locale: 'ja-JP' });
    expect(body).not.to.have.any.keys('domain', 'intent');
    expect(body['slots']).to.deep.equal([{ type: 'place_name', value: '東京', start: 0, end: 2 }]);
    expect(body['scores']).to.deep.equal({});
  });

  it('lists both models with their load times in /metrics', async () => {
    const metrics = await (await fetch(`${base}/metrics`)).text();
    for (const name of ['maxent-en-US', 'ner-ja-JP'])
      expect(metrics).to.match(new RegExp(`^xlnlu_model_load_seconds\\{model="${name}"\\} \\d`, 'm'));
  });
});
