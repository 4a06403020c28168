import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * The IPADIC dictionary that the kuromoji package ships (`node_modules/kuromoji/dict`). In a
 * browser bundle kuromoji-dictionary.browser.ts answers instead (a URL the page serves it at).
 */
export function bundledKuromojiDictionary(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('kuromoji/package.json')), 'dict');
}
