// `node --expose-gc --import tsx bench/pg-caches.ts DATABASE_URL ARTICLES`: how much heap a
// PgStore's per-version caches hold after the bench's query sets (100 /search, 50 /quote,
// 50 /timeline, a few autocompletes and /verify claims) on a database ingested from the
// generator's corpus of ARTICLES articles (seed 42), then the heap as each reader's cache is
// dropped in turn: what a bot process's memory grows by, reader by reader.
import { buildArticle } from '../src/core/corpus/article.js';
import { answerLine } from '../src/core/commands/registry.js';
import { PgStore } from '../src/stores/postgres/store.js';
import { generateArticles } from './generate.js';
import { quoteQueries, searchQueries, timelineQueries } from './queries.js';

const [url, count] = [process.argv[2], Number(process.argv[3] ?? 3000)];
if (!url) throw new Error('usage: bench/pg-caches.ts DATABASE_URL ARTICLES');
const { articles, vocabulary } = generateArticles(count, 42);
const built = articles.slice(0, 500).map((a) => buildArticle({ file: a.file, meta: a.meta, raw: a.raw }));
const sets: Record<string, string[]> = {
  search: searchQueries(built, 100, 42).map((q) => `/search ${q.text}`),
  quote: quoteQueries(vocabulary, built, 50, 42).map((q) => `/quote ${q.text}`),
  timeline: timelineQueries(vocabulary, 50, 42).map((q) => `/timeline ${q.text}`),
};
const heapMB = (): string => {
  (globalThis as { gc?: () => void }).gc?.();
  return (process.memoryUsage().heapUsed / 1e6).toFixed(1);
};
console.log(`heap before opening ${heapMB()} MB`);
const store = await PgStore.open(url, { maxConnections: 2 });
console.log(`opened ${heapMB()} MB`);
for (const [kind, lines] of Object.entries(sets)) {
  for (const l of lines) await answerLine(store, l);
  console.log(`after ${lines.length} ${kind} ${heapMB()} MB`);
}
for (const t of ['a', 'th', 'pres', 'jo', 'ma']) for (const k of ['quote', 'topic', 'speaker'] as const) await store.suggest(k, t, 25);
console.log(`after autocomplete ${heapMB()} MB`);
for (const l of sets.quote!.slice(0, 20)) await answerLine(store, `/verify "${l.slice(7)} was said" by someone`);
console.log(`after /verify ${heapMB()} MB`);
// The readers are private: a bench reaches into them to drop one cache at a time.
const readers = store as unknown as Record<string, Record<string, unknown>>;
for (const name of ['search', 'quoteWords', 'timelines', 'speakers', 'quotes', 'suggestions', 'verify']) {
  const r = readers[name]!;
  for (const field of Object.keys(r)) {
    if (field === 'pool' || typeof r[field] !== 'object' || r[field] === null) continue;
    r[field] = null;
    console.log(`dropped ${name}.${field}: ${heapMB()} MB`);
  }
}
process.exit(0);
