import type { Locale, Token } from '@xlnlu/text';
import type { NluRecord } from '../nlu-record.js';
import { seededRandom } from '../random.js';
import type { BilingualLexicon } from './bilingual-lexicon.js';

export interface CodeSwitchOptions {
  /** Each word with a translation is replaced with this probability. */
  rate: number;
  seed: number | string;
}

export interface CodeSwitchReport {
  records: number;
  words: number;
  replaced: number;
  /** Replacements per target locale. */
  byLocale: Partial<Record<Locale, number>>;
}

/**
 * Code-switched copies of (English) training records, as in CoSDA-ML (Qin et al. 2020): each word
 * that a lexicon translates is replaced, with probability `rate`, by one of its translations into a
 * locale drawn at random among `lexicons`' (English word → translations). Intent and domain stay;
 * a translation of several words takes the word's tag on its first word and the inside tag of the
 * same type on the others, and each slot moves with the words it covered. The text is the tokens
 * joined by spaces (offsets recomputed); the record keeps its id and locale, since it is still that record, mixed.
 */
export function codeSwitch(
  records: readonly NluRecord[],
  lexicons: ReadonlyMap<Locale, BilingualLexicon>,
  options: CodeSwitchOptions,
): { records: NluRecord[]; report: CodeSwitchReport } {
  if (!(options.rate >= 0 && options.rate <= 1)) throw new Error(`codeSwitch: rate must be in [0, 1], got ${options.rate}`);
  const locales = [...lexicons.keys()];
  if (locales.length === 0) throw new Error('codeSwitch: no lexicon to switch into');
  const random = seededRandom(`${options.seed}:code-switch`);
  const report: CodeSwitchReport = { records: records.length, words: 0, replaced: 0, byLocale: {} };
  const switched = records.map((record) => {
    const tokens: Token[] = [];
    const tags: string[] = [];
    // where each original token's words went, so that the record's slots can follow them
    const moved: { start: number; end: number }[] = [];
    let offset = 0;
    const push = (word: string, tag: string) => {
      tokens.push({ text: word, start: offset, end: offset + word.length });
      tags.push(tag);
      offset += word.length + 1;
    };
    record.tokens.forEach((token, i) => {
      report.words++;
      const tag = record.tags[i]!;
      const locale = locales[Math.floor(random() * locales.length)]!;
      const translations = lexicons.get(locale)!.get(token.text.toLowerCase());
      // both draws happen for every word, so one word's lexicon does not shift the next word's draws
      const replace = random() < options.rate;
      const pick = random();
      const start = offset;
      if (!translations || translations.length === 0 || !replace) push(token.text, tag);
      else {
        report.replaced++;
        report.byLocale[locale] = (report.byLocale[locale] ?? 0) + 1;
        const parts = translations[Math.floor(pick * translations.length)]!.split(/\s+/u).filter(Boolean);
        parts.forEach((part, p) => push(part, p === 0 || tag === 'O' ? tag : `I-${tag.slice(2)}`));
      }
      moved.push({ start, end: offset - 1 });
    });
    const slots = record.slots.map((slot) => {
      const covered = record.tokens.flatMap((token, i) => (token.start < slot.end && token.end > slot.start ? [i] : []));
      return { type: slot.type, start: moved[covered[0]!]!.start, end: moved[covered[covered.length - 1]!]!.end };
    });
    return { ...record, text: tokens.map((t) => t.text).join(' '), tokens, tags, slots };
  });
  return { records: switched, report };
}
