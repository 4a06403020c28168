/**
 * `npx nx run data:stats [-- --json] [--locales=en-US,ja-JP (default: every MASSIVE locale in the data root)] [--examples=5] [--skip-invalid]`
 *
 * For each MASSIVE locale: records per partition, domains, intents, slot types, tokens, and how
 * many annotated slots do not align to the locale tokenizer's token boundaries; also how long
 * tokenizing and romanizing the locale took (the kuromoji dictionary load is timed separately).
 */
import { parseCommandLine } from './command-line.js';
import { createTextPipeline, parseLocale, type Locale } from '@xlnlu/text';
import { dataFiles, massiveLocalesIn, requireDataFile, requireDataRoot, resolveDataRoot } from './data-root.js';
import { readMassive } from './massive-reader.js';
import { massiveStats, type MassiveStats } from './massive-stats.js';

interface LocaleReport extends MassiveStats {
  locale: Locale;
  file: string;
  setupSeconds: number;
  readAndTokenizeSeconds: number;
  romanizeSeconds: number | null;
  misalignedExamples: string[];
}

async function reportLocale(locale: Locale, root: string, options: { skipInvalid: boolean; examples: number }): Promise<LocaleReport> {
  const file = requireDataFile(dataFiles.massive(root, locale));
  let started = performance.now();
  const pipeline = await createTextPipeline(locale);
  const setupSeconds = (performance.now() - started) / 1000;
  started = performance.now();
  const massive = await readMassive(file, { tokenizer: pipeline.tokenizer, locale, skipInvalid: options.skipInvalid });
  const readAndTokenizeSeconds = (performance.now() - started) / 1000;
  let romanizeSeconds: number | null = null;
  if (pipeline.romanizer) {
    started = performance.now();
    for (const record of massive.records) for (const token of record.tokens) pipeline.romanizer.romanize(token);
    romanizeSeconds = (performance.now() - started) / 1000;
  }
  for (const skipped of massive.skipped)
    process.stderr.write(`skipped ${skipped.location.file}:${skipped.location.line}: ${skipped.reason}\n`);
  return {
    locale,
    file,
    ...massiveStats(massive),
    setupSeconds,
    readAndTokenizeSeconds,
    romanizeSeconds,
    misalignedExamples: massive.misaligned
      .slice(0, options.examples)
      .map(
        ({ recordId, slot, text }) =>
          `record ${recordId}: ${slot.type} ${JSON.stringify(text.slice(slot.start, slot.end))} in ${JSON.stringify(text)}`,
      ),
  };
}

function table(reports: LocaleReport[]): string {
  const union = (pick: (r: LocaleReport) => string[]) => new Set(reports.flatMap(pick)).size;
  const rows = [
    [
      'locale',
      'records',
      'train',
      'dev',
      'test',
      'domains',
      'intents',
      'slot types',
      'tokens',
      'slots',
      'misaligned',
      '%',
      'tokenize s',
      'romanize s',
    ],
    ...reports.map((r) =>
      [
        r.locale,
        r.records,
        r.partitions.train,
        r.partitions.dev,
        r.partitions.test,
        r.domains.length,
        r.intents.length,
        r.slotTypes.length,
        r.tokens,
        r.slots,
        r.misalignedSlots,
        ((100 * r.misalignedSlots) / Math.max(1, r.slots)).toFixed(3),
        r.readAndTokenizeSeconds.toFixed(2),
        r.romanizeSeconds === null ? '-' : r.romanizeSeconds.toFixed(2),
      ].map(String),
    ),
    [
      'all',
      '',
      '',
      '',
      '',
      String(union((r) => r.domains)),
      String(union((r) => r.intents)),
      String(union((r) => r.slotTypes)),
      '',
      '',
      '',
      '',
      '',
      '',
    ],
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  return rows.map((row) => row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ')).join('\n');
}

async function main(): Promise<void> {
  const { values } = parseCommandLine({
    usage: 'npx nx run data:stats -- [--json] [--locales=en-US,ja-JP] [--examples=5] [--skip-invalid]',
    summary:
      'For each MASSIVE locale: records per partition, domains, intents, slot types, tokens, slots whose boundary falls inside a ' +
      'token, and how long tokenizing and romanizing took.',
    options: {
      json: { type: 'boolean', default: false, help: 'print JSON instead of a table' },
      locales: { type: 'string', help: 'comma-separated locales (default: every MASSIVE locale in the data root)' },
      examples: { type: 'string', default: '5', help: 'misaligned slots to show per locale' },
      'skip-invalid': { type: 'boolean', default: false, help: 'count and report bad records instead of stopping at the first' },
    },
  });
  const examples = Number(values.examples);
  if (!Number.isInteger(examples) || examples < 0) throw new Error(`--examples must be a whole number ≥ 0, got ${values.examples}`);
  const root = resolveDataRoot();
  // every MASSIVE locale in the data root unless told which
  const locales = values.locales
    ? values.locales.split(',').map((locale) => parseLocale(locale.trim(), '--locales'))
    : massiveLocalesIn(requireDataRoot(root));
  if (locales.length === 0) throw new Error(`${dataFiles.massive(root, '<locale>')}: no MASSIVE locale file with a profile in ${root}`);
  process.stderr.write(`data root: ${root}\n`);
  const reports: LocaleReport[] = [];
  for (const locale of locales) {
    process.stderr.write(`${locale}: reading and tokenizing…\n`);
    const report = await reportLocale(locale, root, { skipInvalid: values['skip-invalid'], examples });
    process.stderr.write(
      `${locale}: ${report.records} records in ${report.readAndTokenizeSeconds.toFixed(2)} s` +
        `${report.setupSeconds > 0.05 ? ` (+ ${report.setupSeconds.toFixed(2)} s tokenizer setup)` : ''}\n`,
    );
    reports.push(report);
  }
  if (values.json) {
    console.log(JSON.stringify(reports, null, 2));
    return;
  }
  console.log(table(reports));
  for (const report of reports) {
    if (report.misalignedExamples.length === 0) continue;
    console.log(`\n${report.locale}: first misaligned slots (a slot boundary inside a token)`);
    for (const example of report.misalignedExamples) console.log(`  ${example}`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
