import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const templates: Array<{ scenario: string; intent: string; make: (x: string) => string; values: string[] }> = [
  {
    scenario: 'alarm',
    intent: 'alarm_set',
    make: (x) => `wake me up at [time : ${x}]`,
    values: ['five am', 'six pm', 'seven am', 'noon', 'nine thirty'],
  },
  {
    scenario: 'alarm',
    intent: 'alarm_remove',
    make: (x) => `cancel the alarm for [time : ${x}]`,
    values: ['five am', 'eight pm', 'ten am', 'midnight'],
  },
  {
    scenario: 'weather',
    intent: 'weather_query',
    make: (x) => `what is the weather in [place_name : ${x}]`,
    values: ['rome', 'paris', 'new york', 'tokyo', 'delhi'],
  },
  {
    scenario: 'music',
    intent: 'play_music',
    make: (x) => `play something by [artist_name : ${x}]`,
    values: ['adele', 'the beatles', 'queen', 'madonna', 'prince'],
  },
];

const japaneseTemplates: typeof templates = [
  {
    scenario: 'alarm',
    intent: 'alarm_set',
    make: (x) => `[time : ${x}] に起こして`,
    values: ['午前五時', '午後六時', '正午', '午前九時', '午後三時'],
  },
  {
    scenario: 'weather',
    intent: 'weather_query',
    make: (x) => `[place_name : ${x}] の天気は`,
    values: ['東京', '大阪', 'ローマ', 'パリ', '京都'],
  },
  {
    scenario: 'music',
    intent: 'play_music',
    make: (x) => `[artist_name : ${x}] の曲をかけて`,
    values: ['クイーン', 'アデル', 'マドンナ', 'プリンス', 'ビートルズ'],
  },
];

function massiveLines(locale: string, fill: typeof templates, repeats: number): string[] {
  const lines: string[] = [];
  let id = 0;
  for (let repeat = 0; repeat < repeats; repeat++) {
    for (const template of fill) {
      for (const value of template.values) {
        const annotation = template.make(value);
        const partition = ['train', 'train', 'dev', 'test'][id % 4]!;
        const utterance = annotation.replace(/\[[^:]+: ([^\]]+)\]/gu, '$1');
        lines.push(
          JSON.stringify({
            id: String(id++),
            locale,
            partition,
            scenario: template.scenario,
            intent: template.intent,
            // ja-JP utterances are unsegmented: the annotation's spaces are not in utt
            utt: locale === 'ja-JP' ? utterance.replace(/ /gu, '') : utterance,
            annot_utt: annotation,
          }),
        );
      }
    }
  }
  return lines;
}

/**
 * A data root with small, easy MASSIVE-format files: en-US with four intents in three domains,
 * ja-JP with three; every template filled with each value, three times; partitions assigned round
 * robin (train, train, dev, test). Value counts are not multiples of 4, so every value reaches
 * both train and test.
 */
export function fixtureDataRoot(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'xlnlu-data-'));
  mkdirSync(path.join(root, 'massive-1.1', 'data'), { recursive: true });
  writeFileSync(path.join(root, 'massive-1.1', 'data', 'en-US.jsonl'), `${massiveLines('en-US', templates, 3).join('\n')}\n`);
  writeFileSync(path.join(root, 'massive-1.1', 'data', 'ja-JP.jsonl'), `${massiveLines('ja-JP', japaneseTemplates, 3).join('\n')}\n`);
  writeNerFixtures(root);
  return root;
}

const people = ['adele', 'madonna', 'prince', 'bono', 'sting'];
const places = ['rome', 'paris', 'tokyo', 'delhi'];
const japanesePeople = ['山田太郎', '鈴木花子', '佐藤健', '田中一郎', '高橋明'];
const japanesePlaces = ['東京都', '大阪府', '京都市', '札幌市'];

/** WNUT-17-style CoNLL files (person, location) and a ner.json with 人名 / 地名, in the shared layout. */
function writeNerFixtures(root: string): void {
  const conll = (repeat: number) =>
    Array.from({ length: repeat }, () => [
      ...people.map((p) => `i\tO\nmet\tO\n${p}\tB-person\ntoday\tO\n`),
      ...places.map((p) => `flying\tO\nto\tO\n${p}\tB-location\n`),
    ])
      .flat()
      .join('\n');
  const wnut = path.join(root, 'ner', 'en-wnut17');
  mkdirSync(wnut, { recursive: true });
  writeFileSync(path.join(wnut, 'wnut17train.conll'), conll(3));
  writeFileSync(path.join(wnut, 'emerging.dev.conll'), conll(1));
  writeFileSync(path.join(wnut, 'emerging.test.annotated'), conll(1));
  const sentences = Array.from({ length: 4 }, () => [
    ...japanesePeople.map((name) => ({ curid: '1', text: `${name}が来た。`, entities: [{ name, span: [0, name.length], type: '人名' }] })),
    ...japanesePlaces.map((name) => ({ curid: '2', text: `${name}へ行く。`, entities: [{ name, span: [0, name.length], type: '地名' }] })),
  ]).flat();
  const stockmark = path.join(root, 'ner', 'ja-wikipedia-stockmark');
  mkdirSync(stockmark, { recursive: true });
  writeFileSync(path.join(stockmark, 'ner.json'), JSON.stringify(sentences));
}
