// /quote WORDS from SQL (PgStore.quotesByWords) on a generated corpus, beside the
// memory store on the same articles: p50/p99 per query kind, the answers compared, the
// load average. Ingest is slow, so the database is kept: a second run with the same
// --db reuses it (--fresh drops it first).
//
//   npx tsx bench/quote-words.ts --count 2000 [--queries 300] [--seed 42] [--db qb_bench_qw] [--fresh]
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { admin, dbUrl } from './pg-admin.js';
import { loadCorpus } from '../src/core/corpus/load.js';
import { MemoryStore } from '../src/core/store/memory.js';
import { openDatabase } from '../src/stores/postgres/index.js';
import { ingestFolder } from '../src/stores/postgres/ingest.js';
import { PgStore } from '../src/stores/postgres/store.js';
import { generateArticles, writeCorpus } from './generate.js';
import { quoteQueries, type BenchQuery } from './queries.js';
import { byKind, type Stats } from './stats.js';


interface Args {
  count: number;
  queries: number;
  seed: number;
  db: string;
  fresh: boolean;
}

function parseArgs(argv: string[]): Args {
  const out: Args = { count: 2000, queries: 300, seed: 42, db: '', fresh: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const v = argv[i + 1] ?? '';
    if (a === '--count') out.count = Number(v);
    else if (a === '--queries') out.queries = Number(v);
    else if (a === '--seed') out.seed = Number(v);
    else if (a === '--db') out.db = v;
    else if (a === '--fresh') out.fresh = true;
  }
  // Database names are ours, never user text: letters, digits and underscores only.
  out.db ||= `qb_bench_qw_${out.count}_${out.seed}`;
  if (!/^[a-z0-9_]+$/.test(out.db)) throw new Error('--db: letters, digits and underscores only');
  return out;
}

const log = (s: string) => process.stderr.write(`${s}\n`);
const load = () => os.loadavg().map((x) => x.toFixed(1)).join(' ');

async function main(args: Args): Promise<void> {
  const { articles: inputs, vocabulary } = generateArticles(args.count, args.seed);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'qb-bench-qw-'));
  try {
    await writeCorpus(dir, inputs);
    if (args.fresh) await admin((c) => c.query(`DROP DATABASE IF EXISTS ${args.db} WITH (FORCE)`));
    const exists = await admin(async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [args.db])).rowCount === 1);
    if (!exists) await admin((c) => c.query(`CREATE DATABASE ${args.db}`));
    const url = dbUrl(args.db);
    const pool = await openDatabase(url, { max: 4 });
    const t0 = performance.now();
    // Idempotent: a kept database with the same corpus writes nothing.
    await ingestFolder(pool, dir);
    log(`ingest ${args.count} articles: ${((performance.now() - t0) / 1000).toFixed(1)} s (load ${load()})`);
    const { rows } = await pool.query<{ groups: string; terms: string; postings: string }>(
      `SELECT (SELECT quote_groups FROM corpus_state) AS groups, (SELECT count(*) FROM quote_word_vocab WHERE df > 0) AS terms,
              (SELECT count(*) FROM quote_word_postings) AS postings`,
    );
    await pool.end();
    const { articles } = await loadCorpus(dir);
    const mem = MemoryStore.of(articles);
    const pgs = await PgStore.open(url, { maxConnections: 4 });
    try {
      const words = (qs: BenchQuery[]) => qs.filter((q) => q.kind === 'words' || q.kind === 'typo-words' || q.kind === 'common');
      const queries = words(quoteQueries(vocabulary, articles, args.queries * 3, args.seed));
      const page = { offset: 0, limit: 5 };
      // Warm-up: the vocabulary read and the first plans.
      for (const q of words(quoteQueries(vocabulary, articles, 60, args.seed + 7))) await pgs.quotesByWords(q.text, {}, page);
      const kinds: string[] = [];
      const pgMs: number[] = [];
      const memMs: number[] = [];
      let differ = 0;
      for (const q of queries) {
        let t = performance.now();
        const b = await pgs.quotesByWords(q.text, {}, page);
        pgMs.push(performance.now() - t);
        t = performance.now();
        const a = await mem.quotesByWords(q.text, {}, page);
        memMs.push(performance.now() - t);
        kinds.push(q.kind);
        if (!isDeepStrictEqual(a, b)) {
          differ++;
          if (differ <= 3) log(`differs: ${JSON.stringify(q.text)}`);
        }
      }
      const r = rows[0]!;
      const show = (s: Record<string, Stats | null>) => Object.entries(s).map(([k, v]) => `${k} ${v ? `p50 ${v.p50} p99 ${v.p99} max ${v.max} (n ${v.n})` : '-'}`).join('; ');
      console.log(
        JSON.stringify(
          {
            articles: args.count,
            groups: Number(r.groups),
            terms: Number(r.terms),
            postings: Number(r.postings),
            queries: queries.length,
            answersDiffer: differ,
            pg: byKind(kinds, pgMs),
            memory: byKind(kinds, memMs),
            loadavg: load(),
          },
          null,
          1,
        ),
      );
      log(`pg: ${show(byKind(kinds, pgMs))}`);
      log(`memory: ${show(byKind(kinds, memMs))}`);
    } finally {
      await pgs.close();
      await mem.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(parseArgs(process.argv.slice(2))).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
