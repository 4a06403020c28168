import type { NluRecord } from './nlu-record.js';

/** MASSIVE's `annot_utt` for a text and its slot spans: "wake me up at [time : five am]". */
export function formatAnnotation(text: string, slots: NluRecord['slots']): string {
  let annotated = '';
  let at = 0;
  for (const slot of [...slots].sort((a, b) => a.start - b.start)) {
    if (slot.start < at) throw new Error(`slots overlap at offset ${slot.start} of ${JSON.stringify(text)}`);
    annotated += `${text.slice(at, slot.start)}[${slot.type} : ${text.slice(slot.start, slot.end)}]`;
    at = slot.end;
  }
  return annotated + text.slice(at);
}

/** One MASSIVE jsonl line for a record (a record without intent keeps an empty one: entity data). */
export function massiveLine(record: NluRecord): string {
  return JSON.stringify({
    id: record.id,
    locale: record.locale,
    partition: record.partition,
    scenario: record.domain,
    intent: record.intent,
    utt: record.text,
    annot_utt: formatAnnotation(record.text, record.slots),
  });
}
