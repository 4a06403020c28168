import { expect } from 'chai';
import { fragment, h, page, table } from './html.js';

describe('html builder', () => {
  it('escapes text and attribute values, and leaves out undefined attributes', () => {
    const markup = h('p', { title: 'a "quoted" <name>', hidden: undefined }, 'run <script>alert(1)</script> & more', 3);
    expect(String(markup)).to.equal(
      '<p title="a &quot;quoted&quot; &lt;name&gt;">run &lt;script&gt;alert(1)&lt;/script&gt; &amp; more3</p>',
    );
  });

  it('nests elements, arrays and fragments, and skips null, undefined and false', () => {
    const markup = h('ul', {}, [h('li', {}, 'a'), null, false, undefined, h('li', {}, 'b')], fragment(h('li', {}, 'c')));
    expect(String(markup)).to.equal('<ul><li>a</li><li>b</li><li>c</li></ul>');
  });

  it('writes void elements without a closing tag, tables with a header row, and whole pages', () => {
    expect(String(h('meta', { charset: 'utf-8' }))).to.equal('<meta charset="utf-8">');
    expect(String(table(['run', 'p'], [['a<b', 0.5]]))).to.equal(
      '<table><thead><tr><th>run</th><th>p</th></tr></thead><tbody><tr><td>a&lt;b</td><td>0.5</td></tr></tbody></table>',
    );
    const html = page('grid <x>', 'body{margin:0}', h('h1', {}, 'title'));
    expect(html).to.match(
      /^<!doctype html><html lang="en"><head><meta charset="utf-8"><title>grid &lt;x&gt;<\/title><style>body\{margin:0\}<\/style><\/head><body><h1>title<\/h1><\/body><\/html>\n$/,
    );
  });
});
