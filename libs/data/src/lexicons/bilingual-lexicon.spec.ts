import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { sharedDataRootOrSkip } from '../testing/shared-data.js';
import { readFreeDictLexicon } from './bilingual-lexicon.js';
import { readDictd } from './dictd.js';
import { freedictTranslations } from './freedict-entry.js';

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const base64 = (n: number): string => (n < 64 ? BASE64[n]! : base64(Math.floor(n / 64)) + BASE64[n % 64]!);

/** A dictd dictionary of `entries` (headword → entry text) in a fresh directory; returns its base path. */
function dictd(entries: Record<string, string>, index?: (lines: string[]) => string[]): string {
  const base = path.join(mkdtempSync(path.join(tmpdir(), 'xlnlu-dictd-')), 'fixture');
  const lines: string[] = [];
  let text = Buffer.alloc(0);
  for (const [headword, entry] of Object.entries({ '00databaseshort': 'A fixture\n', ...entries })) {
    const bytes = Buffer.from(entry, 'utf8');
    lines.push(`${headword}\t${base64(text.length)}\t${base64(bytes.length)}`);
    text = Buffer.concat([text, bytes]);
  }
  writeFileSync(`${base}.index`, `${(index ? index(lines) : lines).join('\n')}\n`);
  writeFileSync(`${base}.dict.dz`, gzipSync(text));
  return base;
}

describe('FreeDict lexicons (dictd format)', () => {
  it('reads entries by their byte offsets, non-ASCII text included, without the database description', () => {
    const base = dictd({ alarm: 'alarm /əlɑːm/\n1. alarma\n2. preocupar\n', música: 'música /ˈmusika/\nmusic\n' });
    expect(readDictd(base)).to.deep.equal([
      { headword: 'alarm', text: 'alarm /əlɑːm/\n1. alarma\n2. preocupar\n' },
      { headword: 'música', text: 'música /ˈmusika/\nmusic\n' },
    ]);
  });

  it('takes the translations of numbered senses or of the first line, without glosses, examples and notes', () => {
    expect(freedictTranslations('alarm /ɐlˈɑːm/\n1. allarme\n2. sveglia\n')).to.deep.equal(['allarme', 'sveglia']);
    expect(freedictTranslations('play /plei/\n1. jugar, tocar\n')).to.deep.equal(['jugar', 'tocar']);
    expect(freedictTranslations('music /mjuːzik/\nmúsica\n')).to.deep.equal(['música']);
    // eng-jpn: an English gloss under each sense
    expect(
      freedictTranslations('alarm //əˈlɑɹm// <n>\n1. 目覚まし時計\nmechanical contrivance for awaking\n2. 注意\nnotice\n'),
    ).to.deep.equal(['目覚まし時計', '注意']);
    // eng-hin: indented example sentences
    expect(freedictTranslations('music /mjˈuːzɪk/ <N>\n1. संगीत\n      "Music is a way of expressing emotions."\n')).to.deep.equal(['संगीत']);
    expect(freedictTranslations('book /bʊk/\n1. libro (de texto), cuaderno\n')).to.deep.equal(['libro', 'cuaderno']);
    expect(freedictTranslations('weather /x/ <V>\n1. खुली~हवा~के~प्रभाव~को~झेलना\n2. कल{आनेवाला}\n')).to.deep.equal([
      'खुली हवा के प्रभाव को झेलना',
      'कल',
    ]);
    expect(freedictTranslations('nothing /x/\n')).to.deep.equal([]);
  });

  it('builds a lower-cased lexicon, merging headwords that differ in case', () => {
    const lexicon = readFreeDictLexicon(dictd({ Play: 'Play /x/\n1. obra\n', play: 'play /x/\n1. jugar, tocar\n', none: 'none /x/\n' }));
    expect([...lexicon]).to.deep.equal([['play', ['obra', 'jugar', 'tocar']]]);
  });

  it('refuses a bad index line, an entry beyond the text and a file that is not gzip, naming the file and line', () => {
    const badLine = dictd({ alarm: 'alarm\nalarma\n' }, (lines) => [...lines, 'broken line without tabs']);
    expect(() => readDictd(badLine)).to.throw(`${badLine}.index:3: expected "headword<TAB>offset<TAB>length"`);
    const beyond = dictd({ alarm: 'alarm\nalarma\n' }, (lines) => [...lines, 'ghost\tz\tz']);
    expect(() => readDictd(beyond)).to.throw(
      new RegExp(`${beyond}\\.index:3: entry "ghost" at byte 51 \\(\\+51\\) lies beyond the \\d+ bytes`),
    );
    const notGzip = dictd({ alarm: 'alarm\nalarma\n' });
    writeFileSync(`${notGzip}.dict.dz`, 'plain text');
    expect(() => readDictd(notGzip)).to.throw(`${notGzip}.dict.dz: not a dictzip (gzip) file`);
    expect(() => readDictd(path.join(tmpdir(), 'no-such-dictionary'))).to.throw(/no-such-dictionary\.index: file not found/);
  });

  it('reads the shared FreeDict eng-spa, eng-ita, eng-hin and eng-jpn dictionaries', function () {
    const root = sharedDataRootOrSkip(this);
    const lexicon = (pair: string) => readFreeDictLexicon(path.join(root, 'lexicons', 'freedict', `freedict-${pair}`));
    const spanish = lexicon('eng-spa');
    expect(spanish.size).to.be.within(5_000, 6_000); // 5,907 headwords, some without a translation line
    expect(spanish.get('alarm')).to.deep.equal(['alarma', 'preocupar']);
    expect(lexicon('eng-ita').get('tomorrow')?.[0]).to.equal('domani');
    expect(lexicon('eng-hin').get('music')?.[0]).to.equal('संगीत');
    expect(lexicon('eng-hin').get('tomorrow')).to.deep.equal(['कल']); // "कल{आनेवाला}": the note in braces dropped
    expect(lexicon('eng-jpn').get('alarm')?.[0]).to.equal('目覚まし時計');
  });
});
