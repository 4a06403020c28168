/** `npx nx run datasets:fetch`: download and verify the data sets into $XLNLU_DATA_DIR or ./datasets. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveDataRoot } from '@xlnlu/data';
import { fetchDatasets } from './fetch-datasets.js';
import { readManifest } from './manifest.js';

const manifestFile = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'manifest.json');
const root = resolveDataRoot();
console.log(`data root: ${root}`);
fetchDatasets(readManifest(manifestFile), root, { log: (line) => console.log(line) }).then(
  () => console.log('all data sets present and verified'),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
