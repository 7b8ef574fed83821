// Where the library assembly's time goes (not extraction): N generated articles
// are extracted into a corpus folder, then the library is assembled from the
// kept per-article work under the V8 profiler; self time per function is printed.
//
//   npx tsx bench/profile-library.ts --count 10000 [--out prof.cpuprofile]
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { pino } from 'pino';
import { buildArticle } from '../src/core/corpus/article.js';
import { CorpusFolder } from '../src/store/corpus.js';
import { generateArticles } from './generate.js';

const argv = process.argv.slice(2);
const arg = (name: string, d: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1]! : d;
};
const count = Number(arg('--count', '10000'));
const out = arg('--out', '');
const folder = new CorpusFolder('/nonexistent', { cacheDir: null, logger: pino({ level: 'silent' }) });
let t = performance.now();
for (const a of generateArticles(count, 7).articles.map(buildArticle)) folder.put(a);
console.error(`extracted ${count} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
// A warm-up build, as a running store has done one before a change.
t = performance.now();
folder.library();
console.error(`first library ${((performance.now() - t) / 1000).toFixed(2)} s`);
// Builds after the first, unprofiled: what a change or a restart pays (per-article work kept).
for (let i = 0; i < 2; i++) {
  t = performance.now();
  folder.library();
  console.error(`library again ${((performance.now() - t) / 1000).toFixed(2)} s`);
}
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 500 });
await session.post('Profiler.start');
t = performance.now();
folder.library();
const ms = performance.now() - t;
const { profile } = await session.post('Profiler.stop');
console.error(`second library ${(ms / 1000).toFixed(2)} s`);
if (out) await writeFile(out, JSON.stringify(profile));
// Self time per function, and total (inclusive) time per function.
const nodes = new Map(profile.nodes.map((n) => [n.id, n] as const));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const dt = profile.timeDeltas ?? [];
const selfHits = new Map<number, number>();
(profile.samples ?? []).forEach((id, i) => selfHits.set(id, (selfHits.get(id) ?? 0) + (dt[i] ?? 0)));
const name = (id: number) => {
  const f = nodes.get(id)!.callFrame;
  return `${f.functionName || '(anon)'} ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber + 1}`;
};
const self = new Map<string, number>();
const total = new Map<string, number>();
for (const [id, us] of selfHits) {
  self.set(name(id), (self.get(name(id)) ?? 0) + us);
  const seen = new Set<string>();
  for (let x: number | undefined = id; x !== undefined; x = parent.get(x)) {
    const k = name(x);
    if (seen.has(k)) continue;
    seen.add(k);
    total.set(k, (total.get(k) ?? 0) + us);
  }
}
const top = (m: Map<string, number>, k: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, k).map(([n, us]) => `${(us / 1000).toFixed(0).padStart(7)} ms  ${n}`).join('\n');
console.log(`self\n${top(self, 30)}\n\ninclusive\n${top(total, 45)}`);
