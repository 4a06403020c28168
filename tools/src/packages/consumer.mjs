// A project outside the workspace that installed the packed libs (packages.spec.ts copies this file
// there): it trains a joint model on a MASSIVE-format file of its own, loads it back and parses a text,
// printing the parse as JSON on its last line. Plain JavaScript: what a team's own service would write.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { selectBackend } from '@xlnlu/compute';
import { createTextPipeline } from '@xlnlu/data';
import { familyOf, includeFamilies, textParse, trainRun } from '@xlnlu/training';

await selectBackend({ backend: 'wasm', log: (line) => console.log(line) });
await includeFamilies();

const work = mkdtempSync(path.join(tmpdir(), 'xlnlu-consumer-'));
const templates = [
  ['alarm', 'alarm_set', (x) => `wake me up at [time : ${x}]`, ['five am', 'six pm', 'seven am', 'noon', 'nine thirty']],
  ['weather', 'weather_query', (x) => `what is the weather in [place_name : ${x}]`, ['rome', 'paris', 'new york', 'tokyo', 'delhi']],
  ['music', 'play_music', (x) => `play something by [artist_name : ${x}]`, ['adele', 'the beatles', 'queen', 'madonna', 'prince']],
];
const lines = [];
for (let round = 0; round < 3; round++)
  for (const [scenario, intent, make, values] of templates)
    for (const value of values) {
      const annotation = make(value);
      const id = lines.length;
      const utt = annotation.replace(/\[[^:]+: ([^\]]+)\]/g, '$1');
      lines.push(
        JSON.stringify({
          id: String(id),
          locale: 'en-US',
          partition: ['train', 'train', 'dev', 'test'][id % 4],
          scenario,
          intent,
          utt,
          annot_utt: annotation,
        }),
      );
    }
const dataFile = path.join(work, 'our-utterances.jsonl');
writeFileSync(dataFile, `${lines.join('\n')}\n`);
const configFile = path.join(work, 'joint.json');
const model = {
  type: 'joint-bilstm-crf',
  embeddingDim: 16,
  encoderUnits: 16,
  intentHidden: 16,
  batchSize: 8,
  learningRate: 0.02,
  maxEpochs: 25,
  patience: 25,
};
writeFileSync(
  configFile,
  JSON.stringify({ name: 'ours', data: { dataset: { path: dataFile, format: 'massive', locale: 'en-US' } }, model }),
);

const runsDir = path.join(work, 'runs');
await trainRun({ configFile, runsDir, log: () => undefined });
const trained = await familyOf('joint-bilstm-crf').load(path.join(runsDir, 'ours', 'model'));
const pipeline = await createTextPipeline('en-US');
const text = 'wake me up at seven am';
const tokens = pipeline.tokenizer.tokenize(text);
console.log(JSON.stringify(textParse(text, tokens, trained.predictRecords([{ tokens, locale: 'en-US' }])[0])));
