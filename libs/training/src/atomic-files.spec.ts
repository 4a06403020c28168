import { expect } from 'chai';
import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeFileAtomic, writeJsonAtomic } from './atomic-files.js';

describe('writeFileAtomic', () => {
  it('replaces a file whole and leaves no temporary file', () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'xlnlu-atomic-'));
    const file = path.join(directory, 'a.json');
    writeJsonAtomic(file, { a: 1 });
    writeJsonAtomic(file, { a: 2 });
    expect(JSON.parse(readFileSync(file, 'utf8'))).to.deep.equal({ a: 2 });
    expect(readdirSync(directory)).to.deep.equal(['a.json']);
  });

  it('a full disk (ENOSPC) is an error naming the file; the old content stays and the temporary file is removed', function () {
    if (!existsSync('/dev/full')) this.skip(); // Linux's always-full device
    const directory = mkdtempSync(path.join(tmpdir(), 'xlnlu-atomic-'));
    const file = path.join(directory, 'state.json');
    writeFileSync(file, 'old');
    // the temporary file this process writes through, pointed at a device that is always full
    symlinkSync('/dev/full', `${file}.${process.pid}.tmp`);
    expect(() => writeFileAtomic(file, 'x'.repeat(10_000))).to.throw(`cannot write ${file}: ENOSPC`);
    expect(readFileSync(file, 'utf8')).to.equal('old');
    expect(() => lstatSync(`${file}.${process.pid}.tmp`)).to.throw(/ENOENT/);
  });

  it('a directory that cannot be made is an error naming the file', () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'xlnlu-atomic-'));
    writeFileSync(path.join(directory, 'plain-file'), '');
    expect(() => writeFileAtomic(path.join(directory, 'plain-file', 'x.json'), '{}')).to.throw(
      `cannot write ${path.join(directory, 'plain-file', 'x.json')}: `,
    );
  });
});
