import type { Span } from './span.js';

/** Thrown for an `annot_utt` that cannot be parsed or does not match `utt`; readers add the location. */
export class AnnotationError extends Error {}

/**
 * Parses MASSIVE's `annot_utt` ("wake me up at [time : five am]") into its plain text and the
 * slot spans over that plain text.
 */
export function parseAnnotation(annotation: string): { text: string; slots: Span[] } {
  let text = '';
  const slots: Span[] = [];
  let i = 0;
  while (i < annotation.length) {
    const ch = annotation[i]!;
    if (ch === ']') throw new AnnotationError(`unbalanced "]" at character ${i} of annot_utt ${JSON.stringify(annotation)}`);
    if (ch !== '[') {
      text += ch;
      i++;
      continue;
    }
    const close = annotation.indexOf(']', i + 1);
    const nextOpen = annotation.indexOf('[', i + 1);
    if (close < 0 || (nextOpen >= 0 && nextOpen < close)) {
      throw new AnnotationError(`unbalanced "[" at character ${i} of annot_utt ${JSON.stringify(annotation)}`);
    }
    const inner = annotation.slice(i + 1, close);
    const separator = inner.indexOf(':');
    const type = separator < 0 ? '' : inner.slice(0, separator).trim();
    const words = separator < 0 ? '' : inner.slice(separator + 1).trim();
    if (type === '' || words === '' || /\s/u.test(type)) {
      throw new AnnotationError(`expected "[type : words]" at character ${i} of annot_utt, found ${JSON.stringify(`[${inner}]`)}`);
    }
    slots.push({ type, start: text.length, end: text.length + words.length });
    text += words;
    i = close + 1;
  }
  return { text, slots };
}

/**
 * Moves slot spans from the annotation's plain text onto `utt`. The two may differ only in
 * white space: ja-JP annotations add spaces around slots that the unsegmented `utt` lacks.
 */
export function alignSlots(plain: string, slots: readonly Span[], utterance: string): Span[] {
  // offset[i] is the position in `utterance` of plain[i]; offset[plain.length] = utterance.length
  const offset = new Int32Array(plain.length + 1);
  let i = 0;
  let j = 0;
  while (i < plain.length || j < utterance.length) {
    if (i < plain.length && j < utterance.length && plain[i] === utterance[j]) {
      offset[i++] = j++;
    } else if (i < plain.length && /\s/u.test(plain[i]!)) {
      offset[i++] = j;
    } else if (j < utterance.length && /\s/u.test(utterance[j]!)) {
      j++;
    } else {
      throw new AnnotationError(
        `annot_utt text does not match utt at utt character ${j}: annotation has ${JSON.stringify(plain.slice(i, i + 10))}, ` +
          `utt has ${JSON.stringify(utterance.slice(j, j + 10))}`,
      );
    }
  }
  offset[plain.length] = utterance.length;
  return slots.map((slot) => ({ type: slot.type, start: offset[slot.start]!, end: offset[slot.end - 1]! + 1 }));
}
