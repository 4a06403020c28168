import type { Locale, Token } from '@xlnlu/text';
import type { NluRecord } from '../nlu-record.js';
import { seededRandom } from '../random.js';
import type { Span } from '../span.js';
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
 * same type on the others, so slots survive. The text is the tokens joined by spaces (offsets
 * recomputed); the record keeps its id and locale, since it is still that record, mixed.
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
    const words: string[] = [];
    const tags: string[] = [];
    record.tokens.forEach((token, i) => {
      report.words++;
      const tag = record.tags[i]!;
      const locale = locales[Math.floor(random() * locales.length)]!;
      const translations = lexicons.get(locale)!.get(token.text.toLowerCase());
      // both draws happen for every word, so one word's lexicon does not shift the next word's draws
      const replace = random() < options.rate;
      const pick = random();
      if (!translations || translations.length === 0 || !replace) {
        words.push(token.text);
        tags.push(tag);
        return;
      }
      const parts = translations[Math.floor(pick * translations.length)]!.split(/\s+/u).filter(Boolean);
      report.replaced++;
      report.byLocale[locale] = (report.byLocale[locale] ?? 0) + 1;
      parts.forEach((part, p) => {
        words.push(part);
        tags.push(p === 0 || tag === 'O' ? tag : `I-${tag.slice(2)}`);
      });
    });
    const tokens: Token[] = [];
    let offset = 0;
    for (const word of words) {
      tokens.push({ text: word, start: offset, end: offset + word.length });
      offset += word.length + 1;
    }
    return { ...record, text: words.join(' '), tokens, tags, slots: spansOf(tokens, tags) };
  });
  return { records: switched, report };
}

/** Character spans of the BIO chunks of tagged tokens (an I- that does not continue its type starts a chunk). */
function spansOf(tokens: readonly Token[], tags: readonly string[]): Span[] {
  const spans: Span[] = [];
  let open: { type: string; start: number; end: number } | null = null;
  tags.forEach((tag, i) => {
    const type = tag === 'O' ? null : tag.slice(2);
    if (open && (type !== open.type || tag.startsWith('B-'))) {
      spans.push(open);
      open = null;
    }
    if (type !== null) {
      if (open) open.end = tokens[i]!.end;
      else open = { type, start: tokens[i]!.start, end: tokens[i]!.end };
    }
  });
  if (open) spans.push(open);
  return spans;
}
