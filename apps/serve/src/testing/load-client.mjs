// A load-generating client for the serve specs, run as a process of its own (other clients are
// other machines: their CPU use and pauses should not count against the server being measured).
//   node load-client.mjs <base url> flood <ms> <text>   four connections sending <text> without pause
//   node load-client.mjs <base url> parse <n> <text>…   n parses in turn, cycling through the texts
//   node load-client.mjs <base url> health <n>         n GET /health, 5 ms apart
// Prints one JSON line: flood → the statuses; parse and health → the round trips in ms.
const [base, mode, amount, ...texts] = process.argv.slice(2);
const post = async (text) => {
  const started = performance.now();
  const response = await fetch(`${base}/parse`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ text }),
  });
  await response.arrayBuffer();
  if (mode === 'parse' && response.status !== 200) throw new Error(`parse of ${JSON.stringify(text)}: status ${response.status}`);
  return { status: response.status, ms: performance.now() - started };
};
// a fresh process's first requests are slow (connection set-up, the JIT compiling fetch): not the server's time
for (let i = 0; i < 20; i++) await (await fetch(`${base}/health`)).arrayBuffer();
const out = [];
if (mode === 'flood') {
  const until = performance.now() + Number(amount);
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (performance.now() < until) out.push((await post(texts[0])).status);
    }),
  );
} else if (mode === 'parse') {
  for (let i = 0; i < Number(amount); i++) out.push((await post(texts[i % texts.length])).ms);
} else if (mode === 'health') {
  for (let i = 0; i < Number(amount); i++) {
    const started = performance.now();
    const response = await fetch(`${base}/health`);
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`/health: status ${response.status}`);
    out.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
} else throw new Error(`unknown mode ${mode}`);
console.log(JSON.stringify(out));
