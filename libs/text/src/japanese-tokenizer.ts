import kuromoji from 'kuromoji';
import { bundledKuromojiDictionary } from './kuromoji-dictionary.js';
import type { Token, Tokenizer } from './token.js';

const WHITESPACE_ONLY = /^\s+$/u;

/**
 * Longest run of one character class handed to kuromoji at once. kuromoji groups a run of
 * characters of one class (katakana, Latin, digits, symbols) into unknown-word candidates of every
 * length, so its time grows with the square of the run: a 1,000-character half-width katakana run
 * took 120–230 ms. No MASSIVE ja-JP utterance has a run near this long (the longest katakana
 * compound in it is under 20 characters), so ordinary text is segmented exactly as before.
 */
export const MAX_CLASS_RUN = 32;

const CHARACTER_CLASSES: [string, RegExp][] = [
  ['katakana', /[\p{Script=Katakana}\u30FB\u30FC\uFF70\uFF9E\uFF9F]/u],
  ['hiragana', /\p{Script=Hiragana}/u],
  ['han', /\p{Script=Han}/u],
  ['latin', /\p{Script=Latin}/u],
  ['digit', /\p{Nd}/u],
  ['space', /\s/u],
];
const classOf = (character: string) => CHARACTER_CLASSES.find(([, pattern]) => pattern.test(character))?.[0] ?? 'other';

/**
 * Where to cut `text` so that no piece holds a run of one character class longer than `maxRun`
 * code points: the UTF-16 offsets of the cuts (none for ordinary text).
 */
export function longRunCuts(text: string, maxRun = MAX_CLASS_RUN): number[] {
  const cuts: number[] = [];
  if (text.length <= maxRun) return cuts; // most utterances: no run can be too long, and no character is classified
  let runClass = '';
  let runLength = 0;
  let offset = 0;
  for (const character of text) {
    const characterClass = classOf(character);
    if (characterClass === runClass && runLength < maxRun) runLength++;
    else {
      if (characterClass === runClass && offset > 0) cuts.push(offset);
      runClass = characterClass;
      runLength = 1;
    }
    offset += character.length;
  }
  return cuts;
}

const loaded = new Map<string, Promise<kuromoji.Tokenizer<kuromoji.IpadicFeatures>>>();

function loadKuromoji(dictionaryPath: string): Promise<kuromoji.Tokenizer<kuromoji.IpadicFeatures>> {
  let pending = loaded.get(dictionaryPath);
  if (!pending) {
    pending = new Promise((resolve, reject) => {
      kuromoji.builder({ dicPath: dictionaryPath }).build((error, tokenizer) => {
        if (error) reject(new Error(`kuromoji: cannot load the dictionary at ${dictionaryPath}: ${error.message}`));
        else resolve(tokenizer);
      });
    });
    // A failed load must not poison later attempts with a corrected path.
    pending.catch(() => loaded.delete(dictionaryPath));
    loaded.set(dictionaryPath, pending);
  }
  return pending;
}

/**
 * Japanese morphological tokenizer (kuromoji, IPADIC). The dictionary is loaded once per path
 * (~0.6 s, ~300 MB) and shared by every tokenizer created for it. Tokens carry the dictionary
 * reading (katakana; absent for unknown words) and the part of speech; white space is dropped.
 */
export class JapaneseTokenizer implements Tokenizer {
  readonly name = 'kuromoji-ipadic';

  private constructor(private readonly kuromojiTokenizer: kuromoji.Tokenizer<kuromoji.IpadicFeatures>) {}

  static async create(dictionaryPath: string = bundledKuromojiDictionary()): Promise<JapaneseTokenizer> {
    return new JapaneseTokenizer(await loadKuromoji(dictionaryPath));
  }

  tokenize(text: string): Token[] {
    const tokens: Token[] = [];
    const bounds = [0, ...longRunCuts(text), text.length];
    for (let piece = 0; piece + 1 < bounds.length; piece++) this.tokenizePiece(text, bounds[piece]!, bounds[piece + 1]!, tokens);
    return tokens;
  }

  /** Tokens of text[from, to) appended to `tokens`, with offsets into the whole text. */
  private tokenizePiece(text: string, from: number, to: number, tokens: Token[]): void {
    // Offsets are found by scanning rather than taken from kuromoji's word_position, which is
    // not a UTF-16 offset once the text holds characters outside the BMP.
    let cursor = from;
    for (const morpheme of this.kuromojiTokenizer.tokenize(text.slice(from, to))) {
      const surface = morpheme.surface_form;
      const start = text.indexOf(surface, cursor);
      if (start < 0 || start + surface.length > to)
        throw new Error(`kuromoji returned ${JSON.stringify(surface)}, which is not in ${JSON.stringify(text)} after offset ${cursor}`);
      cursor = start + surface.length;
      if (WHITESPACE_ONLY.test(surface)) continue;
      const known = morpheme.word_type === 'KNOWN' && morpheme.reading !== undefined && morpheme.reading !== '*';
      tokens.push({
        text: surface,
        start,
        end: cursor,
        ...(known ? { reading: morpheme.reading } : {}),
        partOfSpeech: morpheme.pos,
      });
    }
  }
}
