/**
 * The translations of a FreeDict entry, in the order given: the text of each numbered sense
 * (`1. alarma`), or without senses the first line after the headword, split at commas. What
 * follows a sense on lines of its own (English glosses in eng-jpn, indented examples in eng-hin)
 * and notes in parentheses or braces are not translations. Empty when the entry has none in this form.
 */
export function freedictTranslations(entry: string): string[] {
  const lines = entry.split('\n').slice(1);
  const senses = lines.map((line) => /^\d+\.\s+(.*)$/u.exec(line)?.[1]).filter((sense): sense is string => sense !== undefined);
  const first = lines.find((line) => line.trim() !== '' && !/^\s/u.test(line));
  const translations = (senses.length > 0 ? senses : first === undefined ? [] : [first])
    .flatMap((sense) => sense.split(/[,;]/u))
    // (notes) and {notes} are not part of a translation; eng-hin joins multiword ones with ~
    .map((text) =>
      text
        .replace(/\([^)]*\)|\{[^}]*\}/gu, '')
        .replace(/~/gu, ' ')
        .trim(),
    )
    .filter((text) => text !== '' && !/^["“]/u.test(text));
  return [...new Set(translations)];
}
