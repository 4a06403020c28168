/**
 * kuromoji-dictionary.ts in browser bundles: kuromoji fetches its dictionary files over HTTP from
 * this path, relative to the page (apps/browser's demo server serves node_modules/kuromoji/dict
 * there). A page that serves them elsewhere passes its own URL to createTextPipeline.
 */
export const bundledKuromojiDictionary = (): string => 'kuromoji-dict/';
