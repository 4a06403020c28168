import { createTextPipeline, type Locale } from '@xlnlu/text';
import { dataFiles, requireDataFile } from './data-root.js';
import { readMassive } from './massive-reader.js';
import type { NluRecord } from './nlu-record.js';

/** One locale's MASSIVE file under the data root, read with that locale's tokenizer. */
export async function readMassiveLocale(root: string, locale: Locale): Promise<NluRecord[]> {
  const { tokenizer } = await createTextPipeline(locale);
  return (await readMassive(requireDataFile(dataFiles.massive(root, locale)), { tokenizer, locale })).records;
}
