// Summarize a .cpuprofile: top functions by self time, and self time per file.
// Usage: node bench/profile-summary.mjs file.cpuprofile [top]
import { readFileSync } from 'node:fs';
const prof = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const top = Number(process.argv[3] ?? 30);
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const self = new Map();
const dt = prof.timeDeltas;
for (let i = 0; i < prof.samples.length; i++) self.set(prof.samples[i], (self.get(prof.samples[i]) ?? 0) + (dt[i] ?? 0));
const total = [...self.values()].reduce((a, b) => a + b, 0);
const fn = new Map();
const file = new Map();
for (const [id, t] of self) {
  const cf = byId.get(id).callFrame;
  const short = (cf.url || '(native)').replace(/^file:\/\/.*?\/(node_modules|dist)\//, '$1/');
  const k = `${cf.functionName || '(anon)'} ${short}:${cf.lineNumber + 1}`;
  fn.set(k, (fn.get(k) ?? 0) + t);
  file.set(short, (file.get(short) ?? 0) + t);
}
const ms = (t) => (t / 1000).toFixed(0).padStart(7) + ' ms ' + ((100 * t) / total).toFixed(1).padStart(5) + '%';
console.log(`total sampled ${(total / 1000).toFixed(0)} ms\n-- self time by function`);
for (const [k, t] of [...fn].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(ms(t), k);
console.log('-- self time by file');
for (const [k, t] of [...file].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(ms(t), k);
// Optional: line ticks of functions whose name matches argv[4] (e.g. "convert").
if (process.argv[4]) {
  const re = new RegExp(process.argv[4]);
  const lines = new Map();
  for (const n of prof.nodes) {
    const cf = n.callFrame;
    if (!re.test(`${cf.functionName} ${cf.url}`) || !n.positionTicks) continue;
    for (const pt of n.positionTicks) {
      const k = `${cf.functionName} ${cf.url.replace(/^.*\/dist\//, '')}:${pt.line}`;
      lines.set(k, (lines.get(k) ?? 0) + pt.ticks);
    }
  }
  console.log(`-- line ticks for /${process.argv[4]}/`);
  for (const [k, t] of [...lines].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(String(t).padStart(6), k);
}
