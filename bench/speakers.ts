// `node --import tsx bench/speakers.ts [--db NAME] [--articles N] [--queries N] [--seed N] [--drop]`:
// speaker reads through a PgStore, on one generated corpus ingested once into a
// database kept between runs (so a change to the speaker reads can be timed before and
// after on the same rows: the first run creates and fills it, later runs reuse it, and a
// newer schema migrates it in place). Times findSpeaker, resolveSpeaker and nearSpeakers
// over the /quote query set's names, surnames and typos, then `/quote NAME` end to end.
// The corpus is ANALYZEd once after its ingest.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { admin, dbUrl } from './pg-admin.js';
import { answerLine } from '../src/core/commands/registry.js';
import { buildArticle } from '../src/core/corpus/article.js';
import { openDatabase } from '../src/stores/postgres/index.js';
import { ingestFolder } from '../src/stores/postgres/ingest.js';
import { PgStore } from '../src/stores/postgres/store.js';
import { generateArticles, writeCorpus } from './generate.js';
import { quoteQueries } from './queries.js';
import { byKind, log, pp, timeAsync, type Stats } from './stats.js';


interface Args {
  db: string;
  articles: number;
  queries: number;
  seed: number;
  drop: boolean;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { db: 'qb_bench_speakers', articles: 10_000, queries: 200, seed: 42, drop: false };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i]!;
    const val = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${k} needs a value`);
      return v;
    };
    if (k === '--db') a.db = val();
    else if (k === '--articles') a.articles = Number(val());
    else if (k === '--queries') a.queries = Number(val());
    else if (k === '--seed') a.seed = Number(val());
    else if (k === '--drop') a.drop = true;
    else throw new Error(`unknown option ${k}`);
  }
  // The name becomes an identifier (CREATE DATABASE cannot take a bind parameter).
  if (!/^[a-z_][a-z0-9_]*$/.test(a.db)) throw new Error('--db takes a lower-case identifier');
  return a;
}

/** Create and fill the database unless a previous run did. */
async function ensureCorpus(args: Args): Promise<void> {
  const exists = await admin(async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [args.db])).rowCount === 1);
  if (exists) {
    const pool = new pg.Pool({ connectionString: dbUrl(args.db), max: 1 });
    const n = await pool.query<{ n: string }>('SELECT count(*) AS n FROM articles').then((r) => Number(r.rows[0]!.n), () => 0);
    await pool.end();
    if (n === args.articles) return log(`reusing ${args.db} (${n} articles)`);
    throw new Error(`${args.db} holds ${n} articles, not ${args.articles}: --drop it or name another --db`);
  }
  await admin((c) => c.query(`CREATE DATABASE ${args.db}`));
  const dir = await mkdtemp(path.join(os.tmpdir(), 'qb-speakers-'));
  try {
    const { articles } = generateArticles(args.articles, args.seed);
    await writeCorpus(dir, articles);
    const pool = await openDatabase(dbUrl(args.db), { max: 2 });
    const t0 = performance.now();
    const report = await ingestFolder(pool, dir);
    // Planner statistics, as autovacuum would gather after a bulk load (this machine's server runs without it).
    await pool.query('ANALYZE');
    await pool.end();
    log(`ingested ${report.added.length} articles in ${((performance.now() - t0) / 1000).toFixed(1)} s (${report.failed.length} failed)`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.drop) {
    await admin((c) => c.query(`DROP DATABASE IF EXISTS ${args.db} WITH (FORCE)`));
    return log(`dropped ${args.db}`);
  }
  await ensureCorpus(args);
  const { articles, vocabulary } = generateArticles(args.articles, args.seed);
  // The query set draws paragraphs for its word kinds; only the name kinds are speaker reads.
  const built = articles.slice(0, 500).map((a) => buildArticle({ file: a.file, meta: a.meta, raw: a.raw }));
  const names = quoteQueries(vocabulary, built, args.queries * 3, args.seed).filter((q) => q.kind === 'name' || q.kind === 'surname' || q.kind === 'typo-name').slice(0, args.queries);
  const t0 = performance.now();
  const store = await PgStore.open(dbUrl(args.db), { maxConnections: 2 });
  log(`store open ${((performance.now() - t0) / 1000).toFixed(1)} s; ${names.length} names`);
  const load: number[] = [];
  try {
    const rows: Array<[string, Record<string, Stats | null>]> = [];
    const run = async (what: string, fn: (text: string) => Promise<unknown>) => {
      await fn(names[0]!.text); // one warm-up (plans, connections)
      const ms: number[] = [];
      for (const q of names) ms.push((await timeAsync(() => fn(q.text))).ms);
      rows.push([what, byKind(names.map((q) => q.kind), ms)]);
      load.push(os.loadavg()[0]!);
      log(`${what}: ${pp(rows.at(-1)![1].all)} ms`);
    };
    await run('findSpeaker', (t) => store.findSpeaker(t));
    await run('resolveSpeaker', (t) => store.resolveSpeaker(t));
    await run('nearSpeakers', (t) => store.nearSpeakers(t));
    await run('/quote NAME', (t) => answerLine(store, `/quote ${t}`));
    const kinds = [...new Set(names.map((q) => q.kind))].sort();
    console.log(`\n${args.articles} articles, ${names.length} names; p50 / p99 ms; load average ${load.map((l) => l.toFixed(2)).join(', ')}\n`);
    console.log(`| read | all | ${kinds.join(' | ')} |`);
    console.log(`|---|---:|${kinds.map(() => '---:').join('|')}|`);
    for (const [what, s] of rows) console.log(`| ${what} | ${pp(s.all)} | ${kinds.map((k) => pp(s[k])).join(' | ')} |`);
  } finally {
    await store.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
