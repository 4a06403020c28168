import type { Locale, Token } from '@xlnlu/text';
import type { Span } from './span.js';

export const PARTITIONS = ['train', 'dev', 'test'] as const;
export type Partition = (typeof PARTITIONS)[number];

/** A record's words as the vocabularies and lexicons read them: its tokens, lower-cased. */
export const wordsOf = (record: { readonly tokens: readonly { readonly text: string }[] }): string[] =>
  record.tokens.map((token) => token.text.toLowerCase());

/** One annotated utterance, tokenized by its locale's tokenizer. */
export interface NluRecord {
  id: string;
  locale: Locale;
  partition: Partition;
  /** MASSIVE's `scenario`. */
  domain: string;
  intent: string;
  text: string;
  tokens: Token[];
  /** Slots as character spans over `text`. */
  slots: Span[];
  /** One BIO tag per token. */
  tags: string[];
}

/** A sentence of a named-entity data set. */
export interface NerRecord {
  id: string;
  text: string;
  tokens: Token[];
  /** One BIO tag per token. */
  tags: string[];
  /** Entities as character spans over `text`, where the source gives spans (span JSON). */
  entities?: Span[];
}

/** A NER sentence in the shape the NER family and the evaluation read (no domain or intent). */
export function nerAsNluRecord(record: NerRecord, locale: Locale, partition: Partition): NluRecord {
  return {
    id: record.id,
    locale,
    partition,
    domain: '',
    intent: '',
    text: record.text,
    tokens: record.tokens,
    slots: record.entities ?? [],
    tags: record.tags,
  };
}
