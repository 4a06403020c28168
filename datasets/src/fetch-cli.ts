/**
 * `npx nx run datasets:fetch [-- --locales=fr-FR,de-DE | --locales=all]`: download and verify the
 * data sets into $XLNLU_DATA_DIR or ./datasets. MASSIVE's archive is unpacked for the five locales
 * of the articles unless --locales names others (any of its 52; `all` for every one).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtInLocales, parseCommandLine, parseLocale, resolveDataRoot } from '@xlnlu/data';
import { fetchDatasets } from './fetch-datasets.js';
import { readManifest, withMassiveLocales } from './manifest.js';

const { values } = parseCommandLine({
  usage: 'npx nx run datasets:fetch -- [--locales=fr-FR,de-DE | --locales=all]',
  summary: 'Downloads and verifies the data sets into $XLNLU_DATA_DIR or ./datasets (MASSIVE 1.1, WNUT-17, Japanese Wikipedia NER).',
  options: {
    locales: { type: 'string', help: 'MASSIVE locales to unpack, or all (default: en-US, es-ES, it-IT, hi-IN, ja-JP)' },
  },
});

const manifestFile = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'manifest.json');
const root = resolveDataRoot();
console.log(`data root: ${root}`);
const manifest = readManifest(manifestFile);
const locales =
  values.locales === undefined
    ? undefined
    : values.locales === 'all'
      ? builtInLocales()
      : values.locales.split(',').map((locale) => parseLocale(locale.trim(), '--locales'));
fetchDatasets(locales ? withMassiveLocales(manifest, locales) : manifest, root, { log: (line) => console.log(line) }).then(
  () => console.log('all data sets present and verified'),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
