import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const templates: Array<{ scenario: string; intent: string; make: (x: string) => string; values: string[] }> = [
  { scenario: 'alarm', intent: 'alarm_set', make: (x) => `wake me up at [time : ${x}]`, values: ['five am', 'six pm', 'seven am', 'noon', 'nine thirty'] },
  { scenario: 'alarm', intent: 'alarm_remove', make: (x) => `cancel the alarm for [time : ${x}]`, values: ['five am', 'eight pm', 'ten am', 'midnight'] },
  { scenario: 'weather', intent: 'weather_query', make: (x) => `what is the weather in [place_name : ${x}]`, values: ['rome', 'paris', 'new york', 'tokyo', 'delhi'] },
  { scenario: 'music', intent: 'play_music', make: (x) => `play something by [artist_name : ${x}]`, values: ['adele', 'the beatles', 'queen', 'madonna', 'prince'] },
];

/**
 * A data root with a small, easy MASSIVE-format en-US file: four intents in three domains, every
 * template filled with each value; partitions assigned round robin (train, train, dev, test).
 */
export function fixtureDataRoot(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'xlnlu-data-'));
  const lines: string[] = [];
  let id = 0;
  for (let repeat = 0; repeat < 3; repeat++) {
    for (const template of templates) {
      for (const value of template.values) {
        const annotation = template.make(value);
        const partition = ['train', 'train', 'dev', 'test'][id % 4]!;
        lines.push(JSON.stringify({
          id: String(id++), locale: 'en-US', partition, scenario: template.scenario, intent: template.intent,
          utt: annotation.replace(/\[[^:]+: ([^\]]+)\]/gu, '$1'), annot_utt: annotation,
        }));
      }
    }
  }
  mkdirSync(path.join(root, 'massive-1.1', 'data'), { recursive: true });
  writeFileSync(path.join(root, 'massive-1.1', 'data', 'en-US.jsonl'), `${lines.join('\n')}\n`);
  return root;
}
