import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isLocale } from '@xlnlu/text';
import { addProfilesFromEnvironment } from './locale-profiles-file.js';

describe('$XLNLU_LOCALE_PROFILES', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'xlnlu-profiles-'));
  const file = (name: string, text: string) => {
    writeFileSync(path.join(work, name), text);
    return path.join(work, name);
  };

  it('adds the locales of the file it names, and nothing when unset', () => {
    expect(addProfilesFromEnvironment({})).to.equal(undefined);
    const profiles = file(
      'team.json',
      JSON.stringify({ 'gd-GB': { language: 'Scottish Gaelic', scripts: ['Latin'], tokenizer: 'unicode-words', iso639_3: 'gla' } }),
    );
    expect(addProfilesFromEnvironment({ XLNLU_LOCALE_PROFILES: profiles })).to.equal(profiles);
    expect(isLocale('gd-GB')).to.equal(true);
  });

  it('names the file for a missing file, broken JSON or a bad entry', () => {
    expect(() => addProfilesFromEnvironment({ XLNLU_LOCALE_PROFILES: path.join(work, 'absent.json') })).to.throw(
      /absent\.json: no such file/,
    );
    expect(() => addProfilesFromEnvironment({ XLNLU_LOCALE_PROFILES: file('broken.json', '{"gd-GB": ') })).to.throw(
      /broken\.json: not JSON/,
    );
    expect(() => addProfilesFromEnvironment({ XLNLU_LOCALE_PROFILES: file('bad.json', '{"gd-GB": {"language": "x"}}') })).to.throw(
      /bad\.json: gd-GB: gd-GB\.scripts: /,
    );
  });
});
