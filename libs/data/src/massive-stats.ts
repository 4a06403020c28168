import type { MassiveFile } from './massive-reader.js';
import { PARTITIONS, type Partition } from './nlu-record.js';

export interface MassiveStats {
  records: number;
  partitions: Record<Partition, number>;
  domains: string[];
  intents: string[];
  slotTypes: string[];
  tokens: number;
  slots: number;
  misalignedSlots: number;
  skippedRecords: number;
}

export function massiveStats(file: MassiveFile): MassiveStats {
  const partitions = Object.fromEntries(PARTITIONS.map((p) => [p, 0])) as Record<Partition, number>;
  const domains = new Set<string>();
  const intents = new Set<string>();
  const slotTypes = new Set<string>();
  let tokens = 0;
  let slots = 0;
  for (const record of file.records) {
    partitions[record.partition]++;
    domains.add(record.domain);
    intents.add(record.intent);
    for (const slot of record.slots) slotTypes.add(slot.type);
    tokens += record.tokens.length;
    slots += record.slots.length;
  }
  return {
    records: file.records.length,
    partitions,
    domains: [...domains].sort(),
    intents: [...intents].sort(),
    slotTypes: [...slotTypes].sort(),
    tokens,
    slots,
    misalignedSlots: file.misaligned.length,
    skippedRecords: file.skipped.length,
  };
}
