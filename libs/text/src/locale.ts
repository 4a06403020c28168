import { closest, distance } from 'fastest-levenshtein';

/** The locales the toolkit supports, in MASSIVE's naming. */
export const LOCALES = ['en-US', 'es-ES', 'it-IT', 'hi-IN', 'ja-JP'] as const;
export type Locale = (typeof LOCALES)[number];

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** Returns `value` as a Locale or throws an error that names where it came from and the nearest valid locale. */
export function parseLocale(value: unknown, where: string): Locale {
  if (isLocale(value)) return value;
  throw new Error(`${where}: unknown locale ${JSON.stringify(value)}; expected one of ${LOCALES.join(', ')}${suggestion(value, LOCALES)}`);
}

/** ` (did you mean "x"?)` for the valid name nearest to `value`, or '' when none is near enough to be a typo. */
export function suggestion(value: unknown, valid: readonly string[]): string {
  if (typeof value !== 'string' || valid.length === 0) return '';
  const nearest = closest(value, [...valid]);
  const typoDistance = Math.max(2, Math.floor(nearest.length / 3));
  return distance(value.toLowerCase(), nearest.toLowerCase()) <= typoDistance ? ` (did you mean "${nearest}"?)` : '';
}
