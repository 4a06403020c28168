import { readFileSync } from 'node:fs';

/** One download: either a single file (`target`) or an archive with members to `extract`. */
export interface Source {
  name: string;
  licence: string;
  url: string;
  bytes: number;
  sha256: string;
  /** Where the file goes, relative to the data root. */
  target?: string;
  /** Archive member → path relative to the data root; only these are unpacked. */
  extract?: Record<string, string>;
}

export interface Manifest {
  sources: Source[];
}

const SOURCE_KEYS = new Set(['name', 'licence', 'url', 'bytes', 'sha256', 'target', 'extract']);

export function readManifest(file: string): Manifest {
  const json = JSON.parse(readFileSync(file, 'utf8')) as { sources?: unknown };
  if (!Array.isArray(json.sources)) throw new Error(`${file}: expected {"sources": [...]}`);
  json.sources.forEach((source: Record<string, unknown>, index) => {
    const where = `${file}: sources[${index}]`;
    for (const key of Object.keys(source)) if (!SOURCE_KEYS.has(key)) throw new Error(`${where}: unknown key "${key}"`);
    if (typeof source['url'] !== 'string' || typeof source['name'] !== 'string') throw new Error(`${where}: needs "name" and "url"`);
    if (!Number.isInteger(source['bytes']) || !/^[0-9a-f]{64}$/u.test(String(source['sha256']))) {
      throw new Error(`${where}: needs "bytes" (an integer) and "sha256" (64 hex digits)`);
    }
    if ((source['target'] === undefined) === (source['extract'] === undefined))
      throw new Error(`${where}: needs exactly one of "target" and "extract"`);
  });
  return json as Manifest;
}

/** The manifest source of the MASSIVE archive. */
export const MASSIVE_SOURCE = 'massive-1.1';

/**
 * The manifest with the MASSIVE archive's members set to `locales` (each `1.1/data/<locale>.jsonl`
 * to `massive-1.1/data/<locale>.jsonl`), for `datasets:fetch --locales`. The archive holds
 * MASSIVE's own locales only: a locale outside it is reported as a missing member when unpacking.
 */
export function withMassiveLocales(manifest: Manifest, locales: readonly string[]): Manifest {
  if (!manifest.sources.some((source) => source.name === MASSIVE_SOURCE)) throw new Error(`the manifest has no ${MASSIVE_SOURCE} source`);
  return {
    sources: manifest.sources.map((source) =>
      source.name === MASSIVE_SOURCE
        ? {
            ...source,
            extract: Object.fromEntries(locales.map((locale) => [`1.1/data/${locale}.jsonl`, `massive-1.1/data/${locale}.jsonl`])),
          }
        : source,
    ),
  };
}
