// /search from SQL on a corpus with head terms: the database's head threshold and list
// length set low (corpus_state.search_head_df/top, the core's BuildOptions headDf/headTop
// of the same values), so a small generated corpus has many head stems and lists shorter
// than their postings. SqlSearch must give the memory index's hits (paragraphs, order,
// matched terms, scores) for common words, typos, prefixes and mixes of head and tail
// words, after an ingest and after single writes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { hasPostgres, createTestDatabase, type TestDatabase } from './db.js';
import { loadCorpus } from '../../src/core/corpus/load.js';
import { buildArticle } from '../../src/core/corpus/article.js';
import { buildSearchIndex, type SearchHit } from '../../src/core/search/index.js';
import { processTerm } from '../../src/core/search/text.js';
import type { Article } from '../../src/core/types.js';
import { openDatabase } from '../../src/stores/postgres/index.js';
import { ingestFolder } from '../../src/stores/postgres/ingest.js';
import { inTransaction } from '../../src/stores/postgres/pool.js';
import { extractFacts } from '../../src/stores/postgres/facts.js';
import { deleteArticle, writeArticle } from '../../src/stores/postgres/writer.js';
import { SqlSearch } from '../../src/stores/postgres/search.js';
import { readHeadLists, readStemDocs, topFromList, topOf } from '../../src/stores/postgres/search-heads.js';
import { generateArticles, writeCorpus } from '../../bench/generate.js';
import { searchQueries, typo } from '../../bench/queries.js';
import { rng } from '../../bench/generate.js';

const HEAD_DF = 40;
const HEAD_TOP = 12;
const byId = (a: Article, b: Article) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Hits as compared: everything but the score, which is compared to 12 digits. */
const shape = (hs: SearchHit[]) => hs.map((h) => `${h.articleId}#${h.paragraphIndex} ${h.terms.join(',')}`);

describe.runIf(hasPostgres)('SQL search with head terms', () => {
  let db: TestDatabase;
  let dir: string;
  let pool: pg.Pool;
  let articles: Article[];
  let queries: string[];

  /** Stems in more than HEAD_DF paragraphs now, by the database's counts. */
  const headStems = async (): Promise<Array<{ stem: string; df: number }>> =>
    (await pool.query<{ stem: string; df: number }>('SELECT stem, df FROM search_df WHERE df > $1 ORDER BY stem', [HEAD_DF])).rows;

  /** Every query's hits from a fresh SqlSearch and from the core's index over `articles`, side by side. */
  async function compare(keptHeadBytes?: number, keptLookupBytes?: number): Promise<{ differing: string[]; headHits: number; held: ReturnType<SqlSearch['held']> }> {
    const mem = buildSearchIndex([...articles].sort(byId), { headDf: HEAD_DF, headTop: HEAD_TOP });
    const sql = new SqlSearch(pool, keptHeadBytes, keptLookupBytes);
    const heads = new Set((await headStems()).map((h) => h.stem));
    const differing: string[] = [];
    let headHits = 0;
    for (const q of queries) {
      const a = mem.search(q, { limit: 50 });
      const b = await sql.search(q, 50);
      if (JSON.stringify(shape(a)) !== JSON.stringify(shape(b))) differing.push(q);
      else a.forEach((h, i) => expect(b[i]!.score).toBeCloseTo(h.score, 12));
      for (const h of a) if (h.terms.some((t) => heads.has(t))) headHits++;
    }
    return { differing, headHits, held: sql.held() };
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    dir = await mkdtemp(path.join(tmpdir(), 'qb-heads-'));
    const corpus = generateArticles(90, 7);
    await writeCorpus(dir, corpus.articles);
    pool = await openDatabase(db.url, { max: 3 });
    await pool.query('UPDATE corpus_state SET search_head_df = $1, search_head_top = $2', [HEAD_DF, HEAD_TOP]);
    await ingestFolder(pool, dir, { concurrency: 2, batch: 20 });
    articles = (await loadCorpus(dir)).articles;

    // Common words (the generator's head words), misspelt, unfinished, and mixed with rarer words.
    const r = rng(3);
    const common = ['said', 'president', 'government', 'officials', 'minister', 'security', 'election', 'people'];
    const rare = articles.slice(0, 12).map((a) => a.text.split(/\s+/).filter((w) => /^[a-z]{7,}$/.test(w)).at(-1)!).filter(Boolean);
    queries = [
      ...common,
      ...common.map((w) => typo(w, r)),
      ...common.map((w) => w.slice(0, 5)),
      ...common.map((w, i) => `${w} ${rare[i % rare.length]}`),
      ...common.map((w, i) => `${rare[i % rare.length]} ${typo(w, r)}`),
      ...common.map((w, i) => `${w} ${common[(i + 1) % common.length]}`),
      // A common word and an unfinished one: the last group is several head stems (completions), each
      // candidate asked only about the stems that could still beat the best it has (search.ts presence).
      ...common.map((w, i) => `${w} ${common[(i + 2) % common.length]!.slice(0, 3)}`),
      ...common.map((w, i) => `${typo(w, r)} ${typo(common[(i + 3) % common.length]!, r)}`),
      ...common.map((w, i) => `${typo(w, r)} ${common[(i + 4) % common.length]!.slice(0, 3)}`),
      ...common.map((w, i) => `${w} zzqxvw ${rare[(i + 3) % rare.length]}`),
      `"said the president"`, 'said president government officials minister security election people week party meeting summit talks',
      ...rare,
      ...searchQueries(articles, 60, 11).map((q) => q.text),
    ];
  });
  afterAll(async () => {
    await pool?.end();
    await db?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** Every head stem's list, checked against its whole postings: how many have fewer paragraphs than the postings, and how many vouch. */
  async function checkLists(): Promise<{ heads: number; partial: number; vouched: number }> {
    const heads = await headStems();
    const cs = (await pool.query<{ docs: string; t: string; ti: string; o: string }>('SELECT search_docs AS docs, search_text AS t, search_title AS ti, search_outlet AS o FROM corpus_state')).rows[0]!;
    const n = Number(cs.docs);
    const avg = [Number(cs.t) / n, Number(cs.ti) / n, Number(cs.o) / n] as const;
    const lists = await readHeadLists(pool, heads.map((h) => h.stem));
    const whole = await readStemDocs(pool, heads.map((h) => h.stem));
    let vouched = 0;
    let partial = 0;
    for (const { stem, df } of heads) {
      expect(whole.get(stem)!.length).toBe(df);
      const l = lists.get(stem);
      expect(l).toBeDefined();
      if (l!.docs.length < df) partial++;
      const t = topFromList(l!, df, n, avg, HEAD_TOP);
      if (!t) continue;
      vouched++;
      // What the list gives is what the whole postings give.
      const exact = topOf(whole.get(stem)!, df, n, avg, HEAD_TOP);
      expect(t.docs.map((d) => `${d.articleId}#${d.idx}`)).toEqual(exact.docs.map((d) => `${d.articleId}#${d.idx}`));
      expect(t.scores).toEqual(exact.scores);
    }
    return { heads: heads.length, partial, vouched };
  }

  it('has head terms, with lists shorter than their postings that vouch for the best paragraphs', async () => {
    expect((await headStems()).map((h) => h.stem)).toContain(processTerm('president'));
    const { heads, partial, vouched } = await checkLists();
    expect(heads).toBeGreaterThan(20);
    expect(partial).toBeGreaterThan(10);
    expect(vouched).toBe(heads);
  });

  it('gives the memory index hits after an ingest', async () => {
    const { differing, headHits } = await compare();
    expect(differing).toEqual([]);
    expect(headHits).toBeGreaterThan(100);
  });

  it('gives the same hits when it keeps only 64 KB of heads\' best paragraphs and 8 KB of look-ups between queries (the rest worked out again)', async () => {
    expect((await headStems()).length).toBeGreaterThan(2);
    const { differing, headHits, held } = await compare(64_000, 8_000);
    expect(differing).toEqual([]);
    expect(headHits).toBeGreaterThan(100);
    // Kept by their bytes, not their count: a head's best paragraphs are many or few. The
    // look-ups of some 150 distinct queries (completions, typos) would hold more than 8 KB.
    expect(held.tops.bytes).toBeLessThanOrEqual(64_000);
    expect(held.tops.entries).toBeGreaterThan(0);
    expect(held.lookups.bytes).toBeLessThanOrEqual(8_000);
    expect(held.lookups.entries).toBeGreaterThan(0);
    expect(held.probes.bytes).toBeLessThanOrEqual(24_000);
  });

  it('gives the memory index hits after single writes: a changed article, a new one, a removed one', async () => {
    const base = articles[5]!;
    const changed = buildArticle({
      file: base.file, raw: `${base.raw}\n\nThe president said the government officials said it again, the president said.\n`, meta: base.meta,
    });
    const added = buildArticle({
      file: 'zz_added.md', raw: 'Security officials said the minister said so.\n\nPeople said the election was near, officials said.\n', meta: { ...base.meta, title: 'President said', outlet: 'Wire' },
    });
    const gone = articles[9]!.id;
    for (const a of [changed, added]) await inTransaction(pool, (c) => writeArticle(c, a, extractFacts([a]).get(a.id)!));
    await inTransaction(pool, (c) => deleteArticle(c, gone));
    articles = [...articles.filter((a) => a.id !== base.id && a.id !== gone), changed, added];
    const { differing } = await compare();
    expect(differing).toEqual([]);
    // The writes kept the lists: each still vouches (no reader falls back to whole postings).
    const lists = await checkLists();
    expect(lists.vouched).toBe(lists.heads);
  });

  it('fills the counts and builds the lists at the next ingest of a database written before them', async () => {
    // As migration 13 leaves a database that had postings: no counts, no lists, marked unfilled.
    await pool.query('DELETE FROM search_df; DELETE FROM search_heads; DELETE FROM search_head_docs; UPDATE corpus_state SET search_df_ready = false');
    expect(await headStems()).toEqual([]);
    await ingestFolder(pool, dir, { concurrency: 2, batch: 20 });
    // The folder still has the files as first written: the ingest put them back.
    articles = (await loadCorpus(dir)).articles;
    const lists = await checkLists();
    expect(lists.heads).toBeGreaterThan(20);
    expect(lists.vouched).toBe(lists.heads);
    const { differing } = await compare();
    expect(differing).toEqual([]);
  });
});
