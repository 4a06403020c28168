import { expect } from 'chai';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const libs = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../libs');

/** Every `<module>.browser.ts` under libs/<lib>/src (apps/browser/src/bundle.ts puts it in place of `<module>.ts` in a page). */
const twins = readdirSync(libs).flatMap((lib) => {
  const source = path.join(libs, lib, 'src');
  return existsSync(source)
    ? readdirSync(source)
        .filter((file) => file.endsWith('.browser.ts'))
        .map((file) => path.join(source, file))
    : [];
});

describe('browser twins: each exports what the module it stands in for does', () => {
  it('finds the twins (the native addon loader, the kuromoji dictionary location)', () => {
    expect(twins.map((file) => path.basename(file)).sort()).to.deep.equal(['kuromoji-dictionary.browser.ts', 'native-addon.browser.ts']);
  });

  for (const twin of twins) {
    const module = twin.replace(/\.browser\.ts$/, '.ts');
    it(`${path.relative(libs, twin)}`, async () => {
      const [node, browser] = await Promise.all([import(pathToFileURL(module).href), import(pathToFileURL(twin).href)]);
      expect(Object.keys(browser).sort(), `${path.basename(twin)} against ${path.basename(module)}`).to.deep.equal(
        Object.keys(node).sort(),
      );
      for (const name of Object.keys(node)) expect(typeof browser[name], name).to.equal(typeof node[name]);
    });
  }
});
