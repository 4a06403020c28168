/**
 * `npx nx run data:convert -- --input=<file> --format=rasa|conll|span-json|massive --locale=<locale>
 *   [--tag-column=N] [--output=<file.jsonl>]`
 *
 * Writes any supported data set as MASSIVE jsonl (standard output by default): the records as
 * training reads them, with partitions (a file without any gets the seeded 80/10/10 split training
 * would give it, so converted and original train on the same records).
 */
import { renameSync, writeFileSync } from 'node:fs';
import { parseCommandLine } from './command-line.js';
import { dataSourceFromFlags, loadDataSource } from './data-source.js';
import { massiveLine } from './massive-writer.js';

const USAGE =
  'npx nx run data:convert -- --input=<file> --format=rasa|conll|span-json|massive --locale=<locale> [--tag-column=N] [--output=<file.jsonl>]';

async function main(): Promise<void> {
  const { values } = parseCommandLine({
    usage: USAGE,
    summary: 'Writes a data set as MASSIVE jsonl, with the partitions training would give it (standard output by default).',
    options: {
      input: { type: 'string', help: 'the data file (required)' },
      format: { type: 'string', help: 'rasa, conll, span-json or massive (required)' },
      locale: { type: 'string', help: 'its locale (required)' },
      'tag-column': { type: 'string', help: 'conll: the tag’s column, 0-based, negative from the end (default: -1)' },
      output: { type: 'string', help: 'the jsonl file to write (default: standard output)' },
    },
  });
  const source = dataSourceFromFlags(
    { path: values.input, format: values.format, locale: values.locale, tagColumn: values['tag-column'] },
    '--input',
  );
  const { records, provenance } = await loadDataSource(source, (line) => process.stderr.write(`${line}\n`));
  const text = `${records.map(massiveLine).join('\n')}\n`;
  if (values.output) {
    // a half-written output never looks complete
    writeFileSync(`${values.output}.part`, text);
    renameSync(`${values.output}.part`, values.output);
  } else process.stdout.write(text);
  const { train, dev, test } = provenance.partitions;
  process.stderr.write(
    `${records.length} records (train ${train}, dev ${dev}, test ${test})${values.output ? ` → ${values.output}` : ''}\n`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
