/**
 * npx nx run serve:parse -- [--model=runs/joint-bilstm-crf-en-US …] [--locale=L] ["text" …]
 *
 * Prints the server's JSON answer for each text given, or, without texts, for each line read from
 * standard input (one utterance per line; a line that cannot be parsed prints {error, message}).
 */
import { createInterface } from 'node:readline';
import { selectBackend } from '@xlnlu/compute';
import { parseCommandLine } from '@xlnlu/data';
import { DEFAULT_MODEL, NluService, RequestError } from './nlu-service.js';
import { includeFamilies } from '@xlnlu/training';

const { values, positionals } = parseCommandLine({
  usage: 'npx nx run serve:parse -- [--model=runs/<name> …] [--locale=L] ["text" …]',
  summary: 'Prints the server’s JSON answer for each text given, or, without texts, for each line of standard input.',
  positionals: 'texts to parse (default: the lines of standard input)',
  options: {
    model: { type: 'string', multiple: true, default: [DEFAULT_MODEL], help: 'a trained run to serve (repeat for several)' },
    locale: { type: 'string', help: 'parse in this locale (default: chosen from the text’s script)' },
    backend: { type: 'string', help: 'auto, node-gpu, node, wasm or cpu (default: $XLNLU_BACKEND, else the fastest that loads)' },
  },
});

async function main(): Promise<number> {
  await includeFamilies();
  await selectBackend({ backend: values.backend, log: (line) => console.error(line) });
  const service = await NluService.load(values.model!, (line) => console.error(line));
  let failures = 0;
  const answer = (text: string) => {
    try {
      console.log(JSON.stringify(service.parse(text, values.locale)));
    } catch (error) {
      if (!(error instanceof RequestError)) throw error;
      failures++;
      console.log(JSON.stringify({ error: 'bad request', message: error.message, text }));
    }
  };
  if (positionals.length > 0) positionals.forEach(answer);
  else for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) if (line.trim() !== '') answer(line);
  service.dispose();
  return failures > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
