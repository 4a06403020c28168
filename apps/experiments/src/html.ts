/**
 * Markup from small functions: `h(tag, attributes, ...children)` escapes every text and attribute
 * value, so a run name or a grid description can never break the page. The report (report.ts)
 * builds its HTML and SVG with it.
 */
export class Markup {
  constructor(readonly text: string) {}

  toString(): string {
    return this.text;
  }
}

export type Child = Markup | string | number | null | undefined | false | readonly Child[];
export type Attributes = Readonly<Record<string, string | number | undefined>>;

/** Elements written without a closing tag. */
const VOID = new Set(['meta', 'br', 'hr', 'img', 'input', 'link']);

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const escapeHtml = (text: string): string => text.replace(/[&<>"]/g, (c) => ESCAPES[c]!);

function render(child: Child): string {
  if (child === null || child === undefined || child === false) return '';
  if (child instanceof Markup) return child.text;
  if (Array.isArray(child)) return child.map((c: Child) => render(c)).join('');
  return escapeHtml(String(child));
}

/** An element; attributes whose value is undefined are left out. */
export function h(tag: string, attributes: Attributes = {}, ...children: Child[]): Markup {
  const attributeText = Object.entries(attributes)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => ` ${name}="${escapeHtml(String(value))}"`)
    .join('');
  return new Markup(VOID.has(tag) ? `<${tag}${attributeText}>` : `<${tag}${attributeText}>${render(children)}</${tag}>`);
}

/** Several children as one. */
export const fragment = (...children: Child[]): Markup => new Markup(render(children));

/** A whole page: doctype, head with title and style sheet, and the body. */
export function page(title: string, style: string, ...body: Child[]): string {
  return `<!doctype html>${h('html', { lang: 'en' }, h('head', {}, h('meta', { charset: 'utf-8' }), h('title', {}, title), h('style', {}, new Markup(style))), h('body', {}, ...body))}\n`;
}

/** A table with a header row. */
export function table(headers: readonly string[], rows: readonly (readonly Child[])[]): Markup {
  return h(
    'table',
    {},
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        headers.map((header) => h('th', {}, header)),
      ),
    ),
    h(
      'tbody',
      {},
      rows.map((row) =>
        h(
          'tr',
          {},
          row.map((cell) => h('td', {}, cell)),
        ),
      ),
    ),
  );
}
