import { z } from 'zod';
import { createTextPipeline, type Locale, type NluRecord, type TextPipeline, type Token } from '@xlnlu/data';

export type Sentence = Pick<NluRecord, 'locale' | 'tokens'>;

/** What a module reads: the tokens as written (lower-cased), or romanized (ja-JP, hi-IN; Latin stays as is). */
export const viewSchema = z.enum(['original', 'romanized']);
export type View = z.infer<typeof viewSchema>;

/** Each locale's romanizer (none for Latin-script locales, whose tokens are their own romanization). */
export class Views {
  private readonly pipelines = new Map<Locale, TextPipeline>();

  async prepare(locales: Iterable<Locale>): Promise<void> {
    for (const locale of locales) if (!this.pipelines.has(locale)) this.pipelines.set(locale, await createTextPipeline(locale));
  }

  of(sentence: Sentence, view: View): string[] {
    if (view === 'romanized' && !this.pipelines.has(sentence.locale))
      throw new Error(`romanized view of ${sentence.locale} asked for before its romanizer was prepared`);
    const romanizer = this.pipelines.get(sentence.locale)?.romanizer;
    const text = (token: Token) => (view === 'romanized' && romanizer ? romanizer.romanize(token) : token.text.toLowerCase());
    return sentence.tokens.map(text);
  }
}
