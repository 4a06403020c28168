import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sharedDataRootOrSkip } from '@xlnlu/data/testing';
import { readManifest } from './manifest.js';

const write = (json: unknown) => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'xlnlu-manifest-')), 'manifest.json');
  writeFileSync(file, JSON.stringify(json));
  return file;
};
const valid = { name: 'x', licence: 'l', url: 'http://127.0.0.1/x', bytes: 1, sha256: 'a'.repeat(64), target: 'x' };

describe('readManifest', () => {
  it('reads the shipped manifest: MASSIVE with its five locales, WNUT-17 and the Japanese NER set', () => {
    const manifest = readManifest(path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'manifest.json'));
    expect(manifest.sources.map((s) => s.name)).to.deep.equal([
      'massive-1.1',
      'wnut17-train',
      'wnut17-dev',
      'wnut17-test',
      'ja-wikipedia-ner',
    ]);
    expect(Object.values(manifest.sources[0]!.extract!)).to.have.length(5);
  });

  it('rejects unknown keys, bad digests and ambiguous targets', () => {
    expect(() => readManifest(write({ sources: [{ ...valid, colour: 1 }] }))).to.throw(/sources\[0\]: unknown key "colour"/);
    expect(() => readManifest(write({ sources: [{ ...valid, sha256: 'xyz' }] }))).to.throw(/"sha256" \(64 hex digits\)/);
    expect(() => readManifest(write({ sources: [{ ...valid, extract: {} }] }))).to.throw(/exactly one of "target" and "extract"/);
    expect(() => readManifest(write({}))).to.throw(/expected \{"sources": \[\.\.\.\]\}/);
  });
});

describe('manifest digests against the shared copies', function () {
  this.timeout(30_000);

  it('every single-file source has the recorded size and SHA-256', async function () {
    const root = sharedDataRootOrSkip(this);
    const manifest = readManifest(path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'manifest.json'));
    for (const source of manifest.sources.filter((s) => s.target)) {
      const bytes = readFileSync(path.join(root, source.target!));
      expect([bytes.length, createHash('sha256').update(bytes).digest('hex')], source.name).to.deep.equal([source.bytes, source.sha256]);
    }
  });
});
