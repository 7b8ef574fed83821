// `npx tsx bench/timeline-pg.ts [--articles 5000] [--queries 200] [--db NAME] [--keep]`:
// /timeline through a PgStore (read from SQL: timeline.ts) beside the memory store on
// the same generated corpus (what PgStore.timeline answered from before: its read model
// is that memory store), with the bench's /timeline query set (bench/queries.ts), after
// a warm-up. Ingest is slow, so the database (on QUOTEBOT_BENCH_DATABASE_URL's server,
// default 127.0.0.1:5432) is kept with --keep and reused by a later run with --db NAME
// when it already holds the corpus. Prints p50/p99 per store and query kind, the
// answers' agreement, and the load average.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadCorpus } from '../src/core/corpus/load.js';
import { MemoryStore } from '../src/core/store/memory.js';
import { openDatabase } from '../src/stores/postgres/index.js';
import { ingestFolder } from '../src/stores/postgres/ingest.js';
import { PgStore } from '../src/stores/postgres/store.js';
import { runCommands } from './commands.js';
import { generateArticles, writeCorpus } from './generate.js';
import { timelineQueries } from './queries.js';
import { log, pp } from './stats.js';
import { answerLine } from '../src/core/commands/registry.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const articles = Number(arg('articles', '5000'));
const nQueries = Number(arg('queries', '200'));
const seed = 42;
const dbName = arg('db', `qb_tlbench_${articles}`);
if (!/^[a-z0-9_]+$/.test(dbName)) throw new Error('--db: lower-case letters, digits and _ only');
const server = new URL(process.env.QUOTEBOT_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
const url = new URL(server);
url.pathname = `/${dbName}`;

const admin = new pg.Client({ connectionString: server.toString() });
await admin.connect();
const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [dbName])).rows.length > 0;
// The name is checked above (identifiers cannot be bind parameters).
if (!exists) await admin.query(`CREATE DATABASE ${dbName}`);
await admin.end();

const corpus = generateArticles(articles, seed);
const dir = await mkdtemp(path.join(os.tmpdir(), 'qb-tlbench-'));
await writeCorpus(dir, corpus.articles);
const pool = await openDatabase(url.toString(), { max: 4 });
const t0 = performance.now();
const report = await ingestFolder(pool, dir, { concurrency: 2 });
log(`ingest: ${report.added.length} added, ${report.changed.length} changed, ${report.unchanged} unchanged in ${((performance.now() - t0) / 1000).toFixed(1)} s (load ${os.loadavg().map((x) => x.toFixed(2)).join(' ')})`);
const { rows } = await pool.query<{ events: string; groups: string }>('SELECT (SELECT count(*) FROM timeline_events) AS events, (SELECT count(*) FROM timeline_groups) AS groups');
log(`timeline: ${rows[0]!.events} events in ${rows[0]!.groups} groups`);
await pool.end();

const mem = MemoryStore.of((await loadCorpus(dir)).articles);
const pgs = await PgStore.open(url.toString(), { maxConnections: 4 });
const queries = timelineQueries(corpus.vocabulary, nQueries, seed);
const warmup = timelineQueries(corpus.vocabulary, 30, seed + 7);
// Each query's first ask through the PgStore first (only the warm-up's topics asked before), then
// the memory store, then the PgStore again (its kept topic selections), then the answers compared.
const pgRun = await runCommands(pgs, '/timeline', queries, warmup);
const load2 = os.loadavg();
const memRun = await runCommands(mem, '/timeline', queries, warmup);
const load1 = os.loadavg();
const pgAgain = await runCommands(pgs, '/timeline', queries, []);
const load3 = os.loadavg();
let same = 0;
for (const q of queries) {
  const [a, b] = await Promise.all([answerLine(mem, `/timeline ${q.text}`), answerLine(pgs, `/timeline ${q.text}`)]);
  if (JSON.stringify(a) === JSON.stringify(b)) same++;
}
log(`answers equal on ${same} of ${queries.length} queries`);
const kinds = Object.keys(pgRun.stats);
const la = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
log(`memory store (the read model PgStore answered from before): ${kinds.map((k) => `${k} ${pp(memRun.stats[k])}`).join(', ')} (load ${la(load1)})`);
log(`PgStore from SQL, first ask: ${kinds.map((k) => `${k} ${pp(pgRun.stats[k])}`).join(', ')} (load ${la(load2)})`);
log(`PgStore from SQL, asked again: ${kinds.map((k) => `${k} ${pp(pgAgain.stats[k])}`).join(', ')} (load ${la(load3)})`);
log(`slowest from SQL: ${pgRun.slowest.map((s) => `\`${s.line}\` ${s.ms} ms`).join('; ')}`);
await pgs.close();
await mem.close();
await rm(dir, { recursive: true, force: true });
if (!process.argv.includes('--keep')) {
  const c = new pg.Client({ connectionString: server.toString() });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await c.end();
}
