import { localeProfile, profiledScripts, type Locale } from './locale.js';

/** Letters of a text by Unicode script (profiled scripts only; letters of any other script count under "other"). */
export type ScriptCounts = Map<string, number>;

const LETTER = /\p{L}/u;
// letters every script shares (ー, 々 are Common): they say nothing of the language
const SHARED = /[\p{Script=Common}\p{Script=Inherited}]/u;
let patterns: { for: readonly string[]; tests: [string, RegExp][] } | undefined;

/** One pattern per profiled script, Latin first (the most frequent), built once per state of the locale table: serving calls this per request. */
function scriptPatterns(): [string, RegExp][] {
  const scripts = profiledScripts();
  if (patterns?.for !== scripts)
    patterns = { for: scripts, tests: scripts.map((script) => [script, new RegExp(`\\p{Script=${script}}`, 'u')]) };
  return patterns.tests;
}

export function detectScripts(text: string): ScriptCounts {
  const counts: ScriptCounts = new Map();
  const known = scriptPatterns();
  for (const character of text) {
    if (!LETTER.test(character) || SHARED.test(character)) continue;
    let script = 'other';
    for (const [name, pattern] of known)
      if (pattern.test(character)) {
        script = name;
        break;
      }
    counts.set(script, (counts.get(script) ?? 0) + 1);
  }
  return counts;
}

const lettersIn = (counts: ScriptCounts, scripts: readonly string[]) => scripts.reduce((sum, s) => sum + (counts.get(s) ?? 0), 0);

/**
 * The locale to parse an utterance in when none is given, from the scripts of its letters and
 * the scripts in each served locale's profile. Letters of a non-Latin script decide (Latin words
 * appear in every language: brand names, loanwords): the served locale that reads most of them
 * wins; on a tie the one with fewer scripts (Han only: zh-CN before ja-JP, whose texts have kana
 * too), then the first served. A text in Latin only goes to the first Latin locale served; one
 * with no letters to the first served. Undefined when no served locale reads the text's letters.
 * `script` names the text's scripts the chosen locale reads ("latin", "han+hiragana").
 */
export function chooseLocale(text: string, served: readonly Locale[]): { locale: Locale; script: string } | undefined {
  const counts = detectScripts(text);
  if (counts.size === 0) return served[0] === undefined ? undefined : { locale: served[0], script: 'none' };
  const nonLatin = [...counts.keys()].filter((script) => script !== 'Latin');
  let chosen: Locale | undefined;
  if (nonLatin.length > 0) {
    let best = 0;
    let fewestScripts = Infinity;
    for (const locale of served) {
      const scripts = localeProfile(locale).scripts;
      const score = lettersIn(
        counts,
        scripts.filter((s) => s !== 'Latin'),
      );
      if (score > best || (score === best && score > 0 && scripts.length < fewestScripts)) {
        [chosen, best, fewestScripts] = [locale, score, scripts.length];
      }
    }
  } else {
    chosen = served.find((locale) => localeProfile(locale).scripts.includes('Latin'));
  }
  if (chosen === undefined) return undefined;
  const read = localeProfile(chosen).scripts.filter((script) => counts.has(script));
  return { locale: chosen, script: read.map((s) => s.toLowerCase()).join('+') };
}

/**
 * Whether a locale's model can read a text: a text with letters must have some in the locale's
 * own scripts or in Latin (brand names and loanwords appear in every language); a text of digits
 * and symbols only is left to the model.
 */
export function readableIn(text: string, locale: Locale): boolean {
  if (!LETTER.test(text)) return true;
  const counts = detectScripts(text);
  return lettersIn(counts, [...new Set(['Latin', ...localeProfile(locale).scripts])]) > 0;
}
