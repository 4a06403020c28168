import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as tar from 'tar';
import { DATA_DIR_ENV, sha256Of } from '@xlnlu/data';
import type { Manifest, Source } from './manifest.js';

export interface FetchOptions {
  /** Progress and status lines. */
  log?: (line: string) => void;
}

/**
 * Downloads every source of the manifest into `root`, verifying size and SHA-256, and unpacks
 * only the archive members listed. A source whose files are already present (and, for single
 * files, verify) is not downloaded again. Downloads go to `<root>/.downloads/*.part` and are
 * renamed only once verified, so an interrupted or corrupt download never looks complete.
 */
export async function fetchDatasets(manifest: Manifest, root: string, options: FetchOptions = {}): Promise<void> {
  const log = options.log ?? (() => undefined);
  for (const source of manifest.sources) {
    if (await alreadyPresent(source, root)) {
      log(`${source.name}: present, skipped`);
      continue;
    }
    const downloaded = await download(source, path.join(root, '.downloads'), log);
    if (source.target) {
      moveInto(downloaded, path.join(root, source.target));
    } else {
      await extractMembers(downloaded, source, root);
      rmSync(downloaded);
    }
    log(`${source.name}: ok (${source.licence})`);
  }
}

async function alreadyPresent(source: Source, root: string): Promise<boolean> {
  if (source.extract) return Object.values(source.extract).every((target) => existsSync(path.join(root, target)));
  const file = path.join(root, source.target!);
  return existsSync(file) && statSync(file).size === source.bytes && sha256Of(file) === source.sha256;
}

async function download(source: Source, directory: string, log: (line: string) => void): Promise<string> {
  mkdirSync(directory, { recursive: true });
  const partial = path.join(directory, `${source.name}.part`);
  let response: Response;
  try {
    response = await fetch(source.url);
  } catch (error) {
    throw new Error(
      `${source.name}: cannot download ${source.url}: ${describeNetworkError(error)}\n` +
        `Without internet access, point the toolkit at a local copy of the data instead: set ${DATA_DIR_ENV} to a ` +
        `directory holding massive-1.1/data/<locale>.jsonl, ner/en-wnut17/ and ner/ja-wikipedia-stockmark/ner.json ` +
        `(for example ${DATA_DIR_ENV}=../shared/datasets).`,
    );
  }
  if (!response.ok || !response.body) throw new Error(`${source.name}: ${source.url} answered HTTP ${response.status}`);
  const hash = createHash('sha256');
  let received = 0;
  let reported = 0;
  const body = Readable.fromWeb(response.body as import('node:stream/web').ReadableStream<Uint8Array>);
  body.on('data', (chunk: Buffer) => {
    hash.update(chunk);
    received += chunk.length;
    if (received - reported >= 8 * 2 ** 20) {
      reported = received;
      log(`${source.name}: ${(received / 2 ** 20).toFixed(0)} of ${(source.bytes / 2 ** 20).toFixed(0)} MiB`);
    }
  });
  try {
    await pipeline(body, createWriteStream(partial));
    const digest = hash.digest('hex');
    if (received !== source.bytes || digest !== source.sha256) {
      throw new Error(
        `${source.name}: verification failed for ${source.url}: expected ${source.bytes} bytes with SHA-256 ${source.sha256}, ` +
          `got ${received} bytes with SHA-256 ${digest}. The file was not kept.`,
      );
    }
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
  const verified = partial.replace(/\.part$/u, '');
  renameSync(partial, verified);
  return verified;
}

const NETWORK_ERRORS: Record<string, string> = {
  ENOTFOUND: 'the host name could not be resolved (no internet access?)',
  EAI_AGAIN: 'the host name could not be resolved (no internet access?)',
  ECONNREFUSED: 'the connection was refused',
  ETIMEDOUT: 'the connection timed out',
  ECONNRESET: 'the connection was reset',
};

function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code;
  if (code) return `${code}: ${NETWORK_ERRORS[code] ?? cause?.message ?? 'network error'}`;
  return cause?.message ?? (error as Error).message;
}

function moveInto(file: string, target: string): void {
  mkdirSync(path.dirname(target), { recursive: true });
  renameSync(file, target);
}

async function extractMembers(archive: string, source: Source, root: string): Promise<void> {
  const members = source.extract!;
  const staging = mkdtempSync(path.join(path.dirname(archive), `${source.name}-`));
  try {
    await tar.x({ file: archive, cwd: staging, filter: (member) => member in members });
    const missing = Object.keys(members).filter((member) => !existsSync(path.join(staging, member)));
    if (missing.length > 0) throw new Error(`${source.name}: the archive has no ${missing.join(', ')}`);
    for (const [member, target] of Object.entries(members)) moveInto(path.join(staging, member), path.join(root, target));
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
