/**
 * `npx nx run datasets:fetch [-- --locales=fr-FR,de-DE | --locales=all]`: download and verify the
 * data sets into $XLNLU_DATA_DIR or ./datasets. MASSIVE's archive is unpacked for the five locales
 * of the articles unless --locales names others (any of its 52; `all` for every one).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { builtInLocales, parseLocale, resolveDataRoot } from '@xlnlu/data';
import { fetchDatasets } from './fetch-datasets.js';
import { readManifest, withMassiveLocales } from './manifest.js';

const { values } = parseArgs({ options: { locales: { type: 'string' }, help: { type: 'boolean', default: false } }, strict: true });
if (values.help) {
  console.log('npx nx run datasets:fetch [-- --locales=fr-FR,de-DE | --locales=all]');
  process.exit(0);
}

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
