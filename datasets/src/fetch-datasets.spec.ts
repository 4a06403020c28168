import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tar from 'tar';
import { fetchDatasets } from './fetch-datasets.js';
import { withMassiveLocales, type Manifest } from './manifest.js';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const tempDir = () => mkdtempSync(path.join(tmpdir(), 'xlnlu-fetch-'));

describe('fetchDatasets (against a loopback server)', function () {
  this.timeout(30_000);
  let server: Server;
  let base: string;
  const files = new Map<string, Buffer>();
  let requests: string[] = [];
  let archive: Buffer;
  const conll = Buffer.from('Paris\tB-location\n\n');

  before(async () => {
    const source = tempDir();
    mkdirSync(path.join(source, '1.1', 'data'), { recursive: true });
    writeFileSync(path.join(source, '1.1', 'data', 'en-US.jsonl'), '{"id": "1"}\n');
    writeFileSync(path.join(source, '1.1', 'data', 'de-DE.jsonl'), '{"id": "1"}\n');
    const archiveFile = path.join(tempDir(), 'massive.tar.gz');
    await tar.c({ gzip: true, file: archiveFile, cwd: source }, ['1.1']);
    archive = readFileSync(archiveFile);
    files.set('/massive.tar.gz', archive);
    files.set('/train.conll', conll);
    server = createServer((request, response) => {
      requests.push(request.url!);
      const body = files.get(request.url!);
      if (!body) return void response.writeHead(404).end();
      response.writeHead(200, { 'content-length': body.length }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    requests = [];
  });

  const manifest = (overrides: { archiveSha?: string; member?: string } = {}): Manifest => ({
    sources: [
      {
        name: 'massive-1.1',
        licence: 'test',
        url: `${base}/massive.tar.gz`,
        bytes: archive.length,
        sha256: overrides.archiveSha ?? sha256(archive),
        extract: { [overrides.member ?? '1.1/data/en-US.jsonl']: 'massive-1.1/data/en-US.jsonl' },
      },
      {
        name: 'wnut',
        licence: 'test',
        url: `${base}/train.conll`,
        bytes: conll.length,
        sha256: sha256(conll),
        target: 'ner/en-wnut17/wnut17train.conll',
      },
    ],
  });

  it('downloads, verifies, unpacks only the listed members, and leaves no temporary files', async () => {
    const root = tempDir();
    const log: string[] = [];
    await fetchDatasets(manifest(), root, { log: (line) => log.push(line) });
    expect(readFileSync(path.join(root, 'massive-1.1', 'data', 'en-US.jsonl'), 'utf8')).to.equal('{"id": "1"}\n');
    expect(existsSync(path.join(root, 'massive-1.1', 'data', 'de-DE.jsonl'))).to.equal(false);
    expect(readFileSync(path.join(root, 'ner', 'en-wnut17', 'wnut17train.conll'))).to.deep.equal(conll);
    expect(readdirSync(path.join(root, '.downloads'))).to.deep.equal([]);
    expect(log).to.deep.equal(['massive-1.1: ok (test)', 'wnut: ok (test)']);
  });

  it('unpacks the MASSIVE locales asked for (--locales), and names one the archive lacks', async () => {
    const root = tempDir();
    await fetchDatasets(withMassiveLocales(manifest(), ['de-DE', 'en-US']), root);
    expect(readdirSync(path.join(root, 'massive-1.1', 'data')).sort()).to.deep.equal(['de-DE.jsonl', 'en-US.jsonl']);
    let error: unknown;
    await fetchDatasets(withMassiveLocales(manifest(), ['de-DE', 'sw-KE']), tempDir()).catch((caught: unknown) => (error = caught));
    expect(String(error)).to.match(/massive-1\.1: the archive has no 1\.1\/data\/sw-KE\.jsonl/);
  });

  it('skips sources that are already present and verified', async () => {
    const root = tempDir();
    await fetchDatasets(manifest(), root);
    requests = [];
    const log: string[] = [];
    await fetchDatasets(manifest(), root, { log: (line) => log.push(line) });
    expect(requests).to.deep.equal([]);
    expect(log).to.deep.equal(['massive-1.1: present, skipped', 'wnut: present, skipped']);
  });

  it('downloads again a single file whose content does not verify', async () => {
    const root = tempDir();
    await fetchDatasets(manifest(), root);
    writeFileSync(path.join(root, 'ner', 'en-wnut17', 'wnut17train.conll'), 'Paris\tB-person\n\n');
    requests = [];
    await fetchDatasets(manifest(), root);
    expect(requests).to.deep.equal(['/train.conll']);
    expect(readFileSync(path.join(root, 'ner', 'en-wnut17', 'wnut17train.conll'))).to.deep.equal(conll);
  });

  it('rejects a download whose checksum differs, keeping nothing', async () => {
    const root = tempDir();
    let error: unknown;
    await fetchDatasets(manifest({ archiveSha: '0'.repeat(64) }), root).catch((caught: unknown) => (error = caught));
    expect(String(error)).to.match(
      /massive-1.1: verification failed .* expected \d+ bytes with SHA-256 0{64}, got \d+ bytes with SHA-256 [0-9a-f]{64}\. The file was not kept\./,
    );
    expect(readdirSync(path.join(root, '.downloads'))).to.deep.equal([]);
    expect(existsSync(path.join(root, 'massive-1.1'))).to.equal(false);
  });

  it('reports an archive member that is missing', async () => {
    let error: unknown;
    await fetchDatasets(manifest({ member: '1.1/data/xx-XX.jsonl' }), tempDir()).catch((caught: unknown) => (error = caught));
    expect(String(error)).to.match(/massive-1.1: the archive has no 1\.1\/data\/xx-XX\.jsonl/);
  });

  it('offline: says how to point the toolkit at a local copy', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const offline: Manifest = { sources: [{ ...manifest().sources[1]!, url: `http://127.0.0.1:${port}/train.conll` }] };
    let error: unknown;
    await fetchDatasets(offline, tempDir()).catch((caught: unknown) => (error = caught));
    expect(String(error)).to.match(
      /wnut: cannot download .*ECONNREFUSED: the connection was refused\nWithout internet access, point the toolkit at a local copy .* set XLNLU_DATA_DIR/s,
    );
  });
});
