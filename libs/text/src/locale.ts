import { closest, distance } from 'fastest-levenshtein';
import { z } from 'zod';
import builtInProfiles from './locale-profiles.json' with { type: 'json' };

/** A locale in MASSIVE's naming (BCP-47 language-REGION: `en-US`, `zh-TW`, `sl-SL`); valid when it has a profile. */
export type Locale = string;

/** What a romanizer entry of a profile may name (romanizers.ts builds them). */
export const ROMANIZER_NAMES = ['wanakana', 'sanscript', 'pinyin', 'revised-romanization', 'any-ascii'] as const;

function isUnicodeScript(name: string): boolean {
  try {
    new RegExp(`\\p{Script=${name}}`, 'u');
    return true;
  } catch {
    return false;
  }
}

/**
 * Everything per-language the toolkit needs to know of a locale, in one entry of
 * locale-profiles.json: adding a language is adding an entry (docs/architecture.md, "Locales").
 */
export const localeProfileSchema = z.strictObject({
  /** English name, for reports. */
  language: z.string().min(1),
  /** The Unicode scripts its text is written in (`\p{Script=…}` names); serving detects a text's locale by them. */
  scripts: z.array(z.string().refine(isUnicodeScript, { message: 'not a Unicode script name (e.g. Latin, Cyrillic, Han)' })).min(1),
  /** unicode-words: Intl.Segmenter word boundaries (ICU dictionaries for Chinese, Thai, Khmer, Lao, Burmese); kuromoji: Japanese morphemes. */
  tokenizer: z.enum(['unicode-words', 'kuromoji']),
  /**
   * How its tokens are romanized for the char views; none for Latin script. `sanscript:<script>`
   * for Brahmic scripts (sanscript's script name), else one of ROMANIZER_NAMES.
   */
  romanizer: z
    .string()
    .refine((name) => (ROMANIZER_NAMES as readonly string[]).includes(name.split(':')[0]!), {
      message: `expected one of ${ROMANIZER_NAMES.join(', ')} (sanscript as sanscript:<script>)`,
    })
    .optional(),
  /** ISO 639-3 code: FreeDict names its dictionaries by it (eng-spa). */
  iso639_3: z.string().regex(/^[a-z]{3}$/u, 'three lower-case letters'),
});
export type LocaleProfile = z.infer<typeof localeProfileSchema>;

const LOCALE_NAME = /^[a-z]{2,3}-[A-Z]{2}$/u;

/** Validates a table of profiles keyed by locale; errors name `where`, the locale and the key. */
export function parseLocaleProfiles(json: unknown, where: string): Map<Locale, LocaleProfile> {
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new Error(`${where}: expected an object of locale profiles keyed by locale (e.g. {"de-DE": {...}})`);
  const profiles = new Map<Locale, LocaleProfile>();
  for (const [locale, entry] of Object.entries(json)) {
    if (!LOCALE_NAME.test(locale)) throw new Error(`${where}: "${locale}" is not a locale name like de-DE (language-REGION)`);
    const parsed = localeProfileSchema.safeParse(entry);
    if (!parsed.success)
      throw new Error(
        `${where}: ${locale}: ${parsed.error.issues.map((issue) => `${[locale, ...issue.path].join('.')}: ${issue.message}`).join('; ')}`,
      );
    profiles.set(locale, parsed.data);
  }
  return profiles;
}

const PROFILES = parseLocaleProfiles(builtInProfiles, 'libs/text/src/locale-profiles.json');

/**
 * Adds profiles to the table (a team's own locales, from the file $XLNLU_LOCALE_PROFILES names:
 * libs/data reads it). A locale already there is replaced, so a team can also change a built-in one.
 */
export function addLocaleProfiles(profiles: ReadonlyMap<Locale, LocaleProfile>): void {
  for (const [locale, profile] of profiles) PROFILES.set(locale, profile);
  scripts = undefined;
}

let scripts: readonly string[] | undefined;

/** The scripts of every profiled locale, Latin first; the same array until the table changes (script detection caches by it). */
export function profiledScripts(): readonly string[] {
  scripts ??= [...new Set(['Latin', ...[...PROFILES.values()].flatMap((profile) => profile.scripts)])];
  return scripts;
}

/** The locales of the shipped table: MASSIVE 1.1's 52. */
export function builtInLocales(): Locale[] {
  return Object.keys(builtInProfiles);
}

/** Every profiled locale: MASSIVE's 52 and any added. */
export function profiledLocales(): Locale[] {
  return [...PROFILES.keys()];
}

/** The five locales of the two articles (English → Spanish, Italian, Hindi, Japanese). */
export const STUDY_LOCALES: readonly Locale[] = ['en-US', 'es-ES', 'it-IT', 'hi-IN', 'ja-JP'];

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && PROFILES.has(value);
}

/** The message for a name with no profile: the nearest profiled one, and how to add one. */
export function unknownLocaleMessage(value: unknown): string {
  return (
    `unknown locale ${JSON.stringify(value)}${suggestion(value, profiledLocales())}: ` +
    `no profile in libs/text/src/locale-profiles.json or $XLNLU_LOCALE_PROFILES (one entry adds a locale)`
  );
}

/** Returns `value` as a Locale or throws an error that names where it came from and the nearest profiled locale. */
export function parseLocale(value: unknown, where: string): Locale {
  if (isLocale(value)) return value;
  throw new Error(`${where}: ${unknownLocaleMessage(value)}`);
}

/** A locale's profile; throws the unknown-locale error for one without. */
export function localeProfile(locale: Locale, where = 'locale'): LocaleProfile {
  return PROFILES.get(parseLocale(locale, where))!;
}

/** ` (did you mean "x"?)` for the valid name nearest to `value`, or '' when none is near enough to be a typo. */
export function suggestion(value: unknown, valid: readonly string[]): string {
  if (typeof value !== 'string' || valid.length === 0) return '';
  const nearest = closest(value, [...valid]);
  const typoDistance = Math.max(2, Math.floor(nearest.length / 3));
  return distance(value.toLowerCase(), nearest.toLowerCase()) <= typoDistance ? ` (did you mean "${nearest}"?)` : '';
}

/** A locale in a zod schema (configs, grids): any profiled one, with the unknown-locale error otherwise. */
export const localeSchema = z.string().superRefine((value, context) => {
  if (!isLocale(value)) context.addIssue({ code: 'custom', message: unknownLocaleMessage(value) });
});
