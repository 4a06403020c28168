import { expect } from 'chai';
import os from 'node:os';
import path from 'node:path';
import { dataFiles, requireDataFile, requireDataRoot, resolveDataRoot } from './data-root.js';

describe('data root', () => {
  it('uses XLNLU_DATA_DIR, resolved against the working directory', () => {
    expect(resolveDataRoot({ XLNLU_DATA_DIR: '../shared/datasets' }, '/work/repo')).to.equal('/work/shared/datasets');
    expect(resolveDataRoot({ XLNLU_DATA_DIR: '/data' }, '/work/repo')).to.equal('/data');
  });

  it('falls back to ./datasets', () => {
    expect(resolveDataRoot({}, '/work/repo')).to.equal('/work/repo/datasets');
    expect(resolveDataRoot({ XLNLU_DATA_DIR: ' ' }, '/work/repo')).to.equal('/work/repo/datasets');
  });

  it('lays files out as the fetch script writes them', () => {
    expect(dataFiles.massive('/d', 'hi-IN')).to.equal(path.join('/d', 'massive-1.1', 'data', 'hi-IN.jsonl'));
    expect(dataFiles.wnut17('/d', 'test')).to.equal(path.join('/d', 'ner', 'en-wnut17', 'emerging.test.annotated'));
    expect(dataFiles.stockmarkNer('/d')).to.equal(path.join('/d', 'ner', 'ja-wikipedia-stockmark', 'ner.json'));
  });

  it('says how to provide a missing file', () => {
    expect(() => requireDataFile('/nowhere/en-US.jsonl')).to.throw(
      /data file not found: \/nowhere\/en-US\.jsonl\nPoint XLNLU_DATA_DIR .* npx nx run datasets:fetch/s,
    );
  });

  it('says how to provide a missing data directory, and accepts one that exists', () => {
    expect(() => requireDataRoot('/nowhere/datasets')).to.throw(/data directory not found: \/nowhere\/datasets\nPoint XLNLU_DATA_DIR/);
    expect(requireDataRoot(os.tmpdir())).to.equal(os.tmpdir());
  });
});
