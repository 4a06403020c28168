import { readFileSync } from 'node:fs';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Scalar } from 'yaml';
import type { Tokenizer } from '@xlnlu/text';
import { bioTags } from './bio.js';
import { DataError, parseOrSkip, type SkippedRecord } from './data-error.js';
import type { Span } from './span.js';

/** An annotated example of a Rasa NLU file: intent, text without markup, entity spans over it. */
export interface RasaExample {
  id: string;
  intent: string;
  text: string;
  tokens: ReturnType<Tokenizer['tokenize']>;
  slots: Span[];
  tags: string[];
}

export interface RasaFile {
  examples: RasaExample[];
  skipped: SkippedRecord[];
  /** Entities whose boundaries fall inside a token of the locale's tokenizer. */
  misaligned: number;
}

const ENTITY_NAME = /^[A-Za-z_][\w.-]*$/u;

/**
 * `[value](entity)`, `[value](entity:synonym)` (Rasa 1) and `[value]{"entity": "…", …}` (Rasa 2
 * and 3) inside an example; returns the plain text and the entity spans over it.
 */
export function parseRasaExample(annotated: string): { text: string; slots: Span[] } {
  const slots: Span[] = [];
  let text = '';
  let at = 0;
  while (at < annotated.length) {
    const open = annotated.indexOf('[', at);
    if (open < 0) {
      text += annotated.slice(at);
      break;
    }
    text += annotated.slice(at, open);
    const close = annotated.indexOf(']', open + 1);
    if (close < 0) throw new Error(`unclosed "[" at column ${open + 1}: expected [value](entity)`);
    const value = annotated.slice(open + 1, close);
    if (value.includes('['))
      throw new Error(`unclosed "[" at column ${open + 1} (another "[" comes before its "]"): expected [value](entity)`);
    let type: string;
    let end: number;
    if (annotated[close + 1] === '(') {
      end = annotated.indexOf(')', close + 2);
      if (end < 0) throw new Error(`unclosed "(" at column ${close + 2}: expected [value](entity)`);
      type = annotated.slice(close + 2, end).split(':')[0]!;
    } else if (annotated[close + 1] === '{') {
      end = annotated.indexOf('}', close + 2);
      if (end < 0) throw new Error(`unclosed "{" at column ${close + 2}: expected [value]{"entity": "<name>"}`);
      let entity: unknown;
      try {
        entity = (JSON.parse(annotated.slice(close + 1, end + 1)) as { entity?: unknown }).entity;
      } catch {
        throw new Error(`the object after [${value}] at column ${close + 2} is not JSON`);
      }
      if (typeof entity !== 'string') throw new Error(`the object after [${value}] has no "entity" name`);
      type = entity;
    } else {
      throw new Error(`[${value}] at column ${open + 1} is not followed by (entity) or {"entity": …}`);
    }
    if (!ENTITY_NAME.test(type)) throw new Error(`entity name ${JSON.stringify(type)} at column ${close + 2} is not a name`);
    if (value.trim() === '') throw new Error(`empty entity value at column ${open + 1}`);
    slots.push({ type, start: text.length, end: text.length + value.length });
    text += value;
    at = end + 1;
  }
  return { text, slots };
}

/**
 * Reads Rasa NLU training data in YAML (`nlu:` items with `intent:` and an `examples:` block of
 * `- text` lines; synonym, regex and lookup items carry no examples and are not records). Errors
 * name the file, the line of the example and what was expected; with skipInvalid a bad example is
 * reported in `skipped` instead. An example's id is `<intent>:<line>`.
 */
export function readRasaYaml(file: string, options: { tokenizer: Tokenizer; skipInvalid?: boolean }): RasaFile {
  const source = readFileSync(file, 'utf8');
  const lines = new LineCounter();
  const document = parseDocument(source, { lineCounter: lines, prettyErrors: false });
  if (document.errors.length > 0) {
    const error = document.errors[0]!;
    throw new DataError({ file, line: lines.linePos(error.pos[0]).line }, `not valid YAML: ${error.message.split('\n')[0]}`);
  }
  const nlu = isMap(document.contents) ? document.contents.get('nlu', true) : undefined;
  if (!isSeq(nlu)) throw new DataError({ file }, 'expected a top-level "nlu:" list (Rasa NLU training data)');
  const result: RasaFile = { examples: [], skipped: [], misaligned: 0 };
  for (const item of nlu.items) {
    const itemLine = lines.linePos((item as { range?: [number] }).range?.[0] ?? 0).line;
    if (!isMap(item)) throw new DataError({ file, line: itemLine }, 'an "nlu:" item must be a mapping (intent: …, examples: |)');
    if (!item.has('intent')) continue; // synonym, regex, lookup
    const intent = item.get('intent');
    if (typeof intent !== 'string' || intent.trim() === '') throw new DataError({ file, line: itemLine }, '"intent" must be a name');
    const block = item.get('examples', true);
    if (!isScalar(block) || typeof block.value !== 'string')
      throw new DataError({ file, line: itemLine }, `intent ${intent}: expected "examples: |" followed by "- example" lines`);
    for (const { line, text } of exampleLines(block, lines)) {
      const where = { file, line, recordId: `${intent}:${line}` };
      const example = parseOrSkip(
        () => {
          if (!text.startsWith('- ')) throw new DataError(where, `expected "- <example>", found ${JSON.stringify(text)}`);
          let parsed: { text: string; slots: Span[] };
          try {
            parsed = parseRasaExample(text.slice(2).trim());
          } catch (error) {
            throw new DataError(where, `${(error as Error).message} in ${JSON.stringify(text.slice(2).trim())}`);
          }
          if (parsed.text.trim() === '') throw new DataError(where, 'empty example');
          return parsed;
        },
        options.skipInvalid ?? false,
        result.skipped,
      );
      if (!example) continue;
      const tokens = options.tokenizer.tokenize(example.text);
      const { tags, misaligned } = bioTags(tokens, example.slots);
      result.misaligned += misaligned.length;
      result.examples.push({ id: where.recordId, intent, text: example.text, tokens, slots: example.slots, tags });
    }
  }
  return result;
}

/** The non-blank lines of an `examples: |` block with their line numbers in the file. */
function exampleLines(block: Scalar, lines: LineCounter): { line: number; text: string }[] {
  // a block scalar's range starts at its "|" indicator; its content starts on the next line
  const first = lines.linePos(block.range![0]).line + (block.type === 'BLOCK_LITERAL' || block.type === 'BLOCK_FOLDED' ? 1 : 0);
  return String(block.value)
    .split('\n')
    .map((text, index) => ({ line: first + index, text: text.trim() }))
    .filter(({ text }) => text !== '');
}
