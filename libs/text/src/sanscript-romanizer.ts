import SanscriptModule from '@indic-transliteration/sanscript';
import type { Romanizer, Token } from './token.js';

// The package is CommonJS but its types declare an ES default export: under NodeNext the default
// import is typed as the module wrapper, while at run time it is the Sanscript object itself.
const Sanscript = SanscriptModule as unknown as typeof SanscriptModule.default;

export const SANSCRIPT_SCHEMES = ['iast', 'itrans'] as const;
export type SanscriptScheme = (typeof SANSCRIPT_SCHEMES)[number];

/** The Brahmic scripts of MASSIVE's locales, in sanscript's names. */
export const BRAHMIC_SCRIPTS = [
  'devanagari',
  'bengali',
  'tamil',
  'telugu',
  'kannada',
  'malayalam',
  'gujarati',
  'gurmukhi',
  'oriya',
] as const;
export type BrahmicScript = (typeof BRAHMIC_SCRIPTS)[number];

/**
 * Unicode NFC decomposes the eight Devanagari nukta letters (क़ → क + ़), but sanscript only
 * knows the precomposed code points (U+0958–U+095F): recompose them before transliterating.
 */
const NUKTA_LETTERS: Record<string, string> = {
  क़: '\u0958',
  ख़: '\u0959',
  ग़: '\u095a',
  ज़: '\u095b',
  ड़: '\u095c',
  ढ़: '\u095d',
  फ़: '\u095e',
  य़: '\u095f',
};
const DECOMPOSED_NUKTA = new RegExp(Object.keys(NUKTA_LETTERS).join('|'), 'gu');

export function recomposeNukta(text: string): string {
  return text.normalize('NFC').replace(DECOMPOSED_NUKTA, (pair) => NUKTA_LETTERS[pair]!);
}

/**
 * A Brahmic script (Devanagari by default; Bengali, Tamil, Telugu, Kannada, Malayalam, …) → Latin
 * (IAST or ITRANS) through sanscript, lower-cased for IAST. Sanscript transliterates as Sanskrit, so
 * the inherent vowel is kept (सुबह → "subaha"); Hindi schwa deletion is not modelled. Latin and
 * digits inside the text pass through.
 */
export class SanscriptRomanizer implements Romanizer {
  readonly name: string;

  constructor(
    private readonly scheme: SanscriptScheme = 'iast',
    private readonly script: BrahmicScript = 'devanagari',
  ) {
    if (!SANSCRIPT_SCHEMES.includes(scheme)) {
      throw new Error(`unknown sanscript romanization scheme ${JSON.stringify(scheme)}; expected one of ${SANSCRIPT_SCHEMES.join(', ')}`);
    }
    if (!BRAHMIC_SCRIPTS.includes(script)) {
      throw new Error(`sanscript: unknown script ${JSON.stringify(script)}; expected one of ${BRAHMIC_SCRIPTS.join(', ')}`);
    }
    // Devanagari's name predates the other scripts, and saved Hindi models record it
    this.name = script === 'devanagari' ? `sanscript-${scheme}` : `sanscript-${script}-${scheme}`;
  }

  romanize(token: Token): string {
    const latin = Sanscript.t(recomposeNukta(token.text), this.script, this.scheme);
    // ITRANS is case-sensitive (A = ā, T = ṭ), so only IAST may be folded.
    return this.scheme === 'iast' ? latin.toLowerCase() : latin;
  }
}
