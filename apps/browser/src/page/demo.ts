import { tf } from '@xlnlu/compute/browser';
import { BrowserParser, type BrowserParse } from './browser-parser.js';

/**
 * The demo page (index.html): parses what is typed with the model the demo server serves at
 * `run/`, and shows the intent and the slots in the text. With `?texts=<JSON list>` it also parses
 * those and POSTs the parses to `parse-results` (the browser spec reads them there); with `?text=`
 * it starts with that text (the screenshot).
 */
const element = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const status = element<HTMLParagraphElement>('status');
const input = element<HTMLInputElement>('text');
const output = element<HTMLDivElement>('parse');

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

function show(text: string, parse: BrowserParse): void {
  let marked = '';
  let at = 0;
  for (const slot of parse.slots) {
    marked += escapeHtml(text.slice(at, slot.start));
    marked += `<mark>${escapeHtml(slot.value)}<small>${escapeHtml(slot.type)}</small></mark>`;
    at = slot.end;
  }
  marked += escapeHtml(text.slice(at));
  const probability = parse.scores.intent === undefined ? '' : ` (${(parse.scores.intent * 100).toFixed(1)} %)`;
  output.innerHTML =
    `<p class="utterance">${marked}</p>` +
    `<dl><dt>locale</dt><dd>${parse.locale}</dd><dt>domain</dt><dd>${escapeHtml(parse.domain ?? '–')}</dd>` +
    `<dt>intent</dt><dd>${escapeHtml(parse.intent ?? '–')}${probability}</dd>` +
    `<dt>slots</dt><dd>${parse.slots.map((s) => `${escapeHtml(s.type)} = “${escapeHtml(s.value)}” [${s.start}, ${s.end})`).join('<br>') || '–'}</dd></dl>`;
}

async function main(): Promise<void> {
  // the CPU backend: the same arithmetic as the Node parse's reference path, in any browser
  await tf.setBackend('cpu');
  const started = performance.now();
  const parser = await BrowserParser.load('run', { kuromojiDictionary: 'kuromoji-dict/' });
  status.textContent = `model ${parser.name} (${parser.locales.join(', ')}) loaded in ${((performance.now() - started) / 1000).toFixed(1)} s; TensorFlow.js ${tf.version.tfjs}, backend ${tf.getBackend()}`;
  const parseShown = () => {
    const text = input.value.trim();
    if (!text) return;
    try {
      show(text, parser.parse(text));
    } catch (error) {
      output.innerHTML = `<p class="error">${escapeHtml((error as Error).message)}</p>`;
    }
  };
  element<HTMLFormElement>('form').addEventListener('submit', (event) => {
    event.preventDefault();
    parseShown();
  });
  const query = new URLSearchParams(location.search);
  input.value = query.get('text') ?? input.value;
  parseShown();
  const texts = query.get('texts');
  if (texts !== null) {
    const parses = (JSON.parse(texts) as string[]).map((text) => {
      try {
        return parser.parse(text);
      } catch (error) {
        return { error: (error as Error).message };
      }
    });
    await fetch('parse-results', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(parses) });
  }
}

main().catch(async (error: unknown) => {
  status.textContent = `could not start: ${(error as Error).message}`;
  status.className = 'error';
  await fetch('parse-results', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ error: String(error) }),
  });
});
