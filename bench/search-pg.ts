// `npx tsx bench/search-pg.ts --db NAME [--articles 10000] [--queries 200]`: /search
// through a PgStore (read from SQL: search.ts) on a database that already holds the
// bench's generated corpus of that size (seed 42; e.g. one kept by bench/timeline-pg.ts
// --keep), with the bench's /search query set (bench/queries.ts), after a warm-up; then
// every query's hits from SqlSearch beside the core's index over the same articles.
// Prints p50/p99 per query kind, the queries and hits that differ, and the load average.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadCorpus } from '../src/core/corpus/load.js';
import { buildSearchIndex } from '../src/core/search/index.js';
import { PgStore } from '../src/stores/postgres/store.js';
import { SqlSearch } from '../src/stores/postgres/search.js';
import { runCommands } from './commands.js';
import { generateArticles, writeCorpus } from './generate.js';
import { searchQueries } from './queries.js';
import { log, pp } from './stats.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const articles = Number(arg('articles', '10000'));
const nQueries = Number(arg('queries', '200'));
const dbName = arg('db', '');
if (!/^[a-z0-9_]+$/.test(dbName)) throw new Error('--db: an existing database (lower-case letters, digits and _)');
const url = new URL(process.env.QUOTEBOT_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
url.pathname = `/${dbName}`;

const corpus = generateArticles(articles, 42);
const dir = await mkdtemp(path.join(os.tmpdir(), 'qb-searchbench-'));
await writeCorpus(dir, corpus.articles);
const loaded = (await loadCorpus(dir)).articles;
await rm(dir, { recursive: true, force: true });
const index = buildSearchIndex(loaded);
// The query set and warm-up bench/postgres.ts runs at this size.
const queries = searchQueries(loaded, nQueries, 42 + articles);
const warmup = searchQueries(loaded, 100, 42 + articles + 1);

const pgs = await PgStore.open(url.toString(), { maxConnections: 4 });
const first = await runCommands(pgs, '/search', queries, warmup);
const la1 = os.loadavg();
const again = await runCommands(pgs, '/search', queries, []);
const la2 = os.loadavg();
const la = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
const kinds = Object.keys(first.stats);
log(`/search from SQL, first ask: ${kinds.map((k) => `${k} ${pp(first.stats[k])}`).join(', ')} (load ${la(la1)})`);
log(`/search from SQL, asked again: ${kinds.map((k) => `${k} ${pp(again.stats[k])}`).join(', ')} (load ${la(la2)})`);
log(`slowest: ${first.slowest.map((s) => `\`${s.line}\` ${s.ms} ms`).join('; ')}`);
await pgs.close();

const pool = new pg.Pool({ connectionString: url.toString(), max: 2 });
const sql = new SqlSearch(pool);
let queriesDiffering = 0;
let hitsDiffering = 0;
let hits = 0;
const examples: string[] = [];
for (const q of queries) {
  const a = index.search(q.text, { limit: 50 });
  const b = await sql.search(q.text, 50);
  const key = (h: { articleId: string; paragraphIndex: number; terms: string[] }) => `${h.articleId}#${h.paragraphIndex} ${h.terms.join(',')}`;
  let d = 0;
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (!a[i] || !b[i] || key(a[i]!) !== key(b[i]!)) d++;
  hits += a.length;
  hitsDiffering += d;
  if (d) {
    queriesDiffering++;
    if (examples.length < 5) examples.push(`${q.kind} \`${q.text}\` (${d} of ${a.length})`);
  }
}
await pool.end();
log(`hits against the core's index: ${queriesDiffering} of ${queries.length} queries differ, ${hitsDiffering} of ${hits} hit positions${examples.length ? `; e.g. ${examples.join('; ')}` : ''}`);
