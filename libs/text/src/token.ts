/**
 * A token of a source text. `start` and `end` are UTF-16 offsets into that text, end exclusive,
 * so `text.slice(start, end) === token.text` always holds.
 */
export interface Token {
  readonly text: string;
  readonly start: number;
  readonly end: number;
  /** Katakana reading from the dictionary (Japanese only; absent for unknown words). */
  readonly reading?: string;
  /** Coarse part of speech from the dictionary (Japanese only). */
  readonly partOfSpeech?: string;
}

export interface Tokenizer {
  /** Names the tokenizer and its settings, for model metadata. */
  readonly name: string;
  tokenize(text: string): Token[];
}

/** Maps a token to a Latin-script view of it, for the character module of the NER network. */
export interface Romanizer {
  readonly name: string;
  romanize(token: Token): string;
}
