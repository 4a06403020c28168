import SanscriptModule from '@indic-transliteration/sanscript';
import type { Romanizer, Token } from './token.js';

// The package is CommonJS but its types declare an ES default export: under NodeNext the default
// import is typed as the module wrapper, while at run time it is the Sanscript object itself.
const Sanscript = SanscriptModule as unknown as typeof SanscriptModule.default;

export const HINDI_SCHEMES = ['iast', 'itrans'] as const;
export type HindiScheme = (typeof HINDI_SCHEMES)[number];

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
 * Devanagari → Latin (IAST or ITRANS) through sanscript, lower-cased for IAST. Sanscript
 * transliterates as Sanskrit, so the inherent vowel is kept (सुबह → "subaha"); Hindi schwa
 * deletion is not modelled. Latin and digits inside Hindi text pass through.
 */
export class HindiRomanizer implements Romanizer {
  readonly name: string;

  constructor(private readonly scheme: HindiScheme = 'iast') {
    if (!HINDI_SCHEMES.includes(scheme)) {
      throw new Error(`unknown Hindi romanization scheme ${JSON.stringify(scheme)}; expected one of ${HINDI_SCHEMES.join(', ')}`);
    }
    this.name = `sanscript-${scheme}`;
  }

  romanize(token: Token): string {
    const latin = Sanscript.t(recomposeNukta(token.text), 'devanagari', this.scheme);
    // ITRANS is case-sensitive (A = ā, T = ṭ), so only IAST may be folded.
    return this.scheme === 'iast' ? latin.toLowerCase() : latin;
  }
}
