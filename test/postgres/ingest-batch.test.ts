// Ingest writes articles in batch transactions: a batch must leave the database as
// writing its articles one by one does (rows, search vocabulary, BM25 statistics), and a
// batch holding one bad article must land the others and roll back that one alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { hasPostgres, migratedDatabases } from './db.js';
import { ingestFolder } from '../../src/stores/postgres/ingest.js';
import { DEFER_LIVE, markLiveStale } from '../../src/stores/postgres/live-vocab.js';
import { inTransaction } from '../../src/stores/postgres/pool.js';
import { extractFacts } from '../../src/stores/postgres/facts.js';
import { writeArticles } from '../../src/stores/postgres/writer.js';
import { loadCorpusFile } from '../../src/core/corpus/load.js';
import type { Article } from '../../src/core/types.js';

// Articles made up for this test: shared words (in lower case and capitalised) and shared speakers across files.
const TOWNS = ['Orrin', 'Vale', 'Marsh', 'Tolby', 'Quenn', 'Harrow', 'Lisk'];
function article(i: number, variant = ''): string {
  const town = TOWNS[i % TOWNS.length]!;
  const other = TOWNS[(i + 3) % TOWNS.length]!;
  return `---
title: ${town} ${i % 2 ? 'Harbour' : 'harbour'} works ${variant}
outlet: ${i % 3 ? 'Lakeside Courier' : 'Valley Ledger'}
published: 2022-0${1 + (i % 9)}-1${i % 10}
---
The ${town} harbour reopened on March ${1 + i} after repairs${variant ? ` and ${variant}` : ''}. Ferry traffic to ${other} resumed.

“We rebuilt the pier at ${town} for the winter storms,” said harbour master Tomas Grell.

“${other} will have a ferry every hour,” said councillor Ines Paley${i % 2 ? ' on Monday' : ''}.
`;
}

const VOCAB = 'SELECT word, stem, freq, display, lower, display_article, display_pos, first_article, first_pos FROM search_vocab WHERE freq > 0 ORDER BY word';
// The words each article counted, which the next write of it takes out of the vocabulary again.
const WORDS = 'SELECT id, words, word_stems, word_freqs FROM articles ORDER BY id';
const STATS = 'SELECT search_docs, search_text, search_title, search_outlet, quote_groups, quote_tokens FROM corpus_state';
// /quote WORDS's rows (migration 10): each group's first report, its postings, the vocabulary.
const QUOTE_WORDS = [
  'SELECT group_key, first_quote, ord, text, n_tokens, terms FROM quote_word_groups ORDER BY group_key',
  'SELECT term, ord, group_key, tf, n_tokens, pos FROM quote_word_postings ORDER BY term, ord',
  'SELECT term, df, first_ord, first_pos FROM quote_word_vocab WHERE df > 0 ORDER BY term',
];
// The live words the look-ups read (migration 14, kept by triggers): exactly the vocabulary's words with a count.
const LIVE_DIFF = [
  `(SELECT word, stem, first_article, first_pos FROM search_vocab WHERE freq > 0 EXCEPT SELECT word, stem, first_article, first_pos FROM search_vocab_live)
   UNION ALL (SELECT word, stem, first_article, first_pos FROM search_vocab_live EXCEPT SELECT word, stem, first_article, first_pos FROM search_vocab WHERE freq > 0)`,
  `(SELECT term, first_ord, first_pos FROM quote_word_vocab WHERE df > 0 EXCEPT SELECT term, first_ord, first_pos FROM quote_vocab_live)
   UNION ALL (SELECT term, first_ord, first_pos FROM quote_vocab_live EXCEPT SELECT term, first_ord, first_pos FROM quote_word_vocab WHERE df > 0)`,
];
const ROWS = ['articles', 'paragraphs', 'quotes', 'reported', 'dated_events', 'search_postings', 'speaker_notes', 'article_speakers', 'speakers'];

describe.runIf(hasPostgres)('ingest in batches', () => {
  const databases = migratedDatabases();
  const database = databases.open;
  let dir: string;
  async function state(pool: pg.Pool): Promise<unknown> {
    const counts: Record<string, number> = {};
    for (const t of ROWS) counts[t] = Number((await pool.query(`SELECT count(*) AS n FROM ${t}`)).rows[0].n);
    for (const q of LIVE_DIFF) expect((await pool.query(q)).rows).toEqual([]);
    expect(Number((await pool.query('SELECT count(*) AS n FROM search_vocab_live')).rows[0].n)).toBeGreaterThan(0);
    const quoteWords = [];
    for (const q of QUOTE_WORDS) quoteWords.push((await pool.query(q)).rows);
    return { counts, words: (await pool.query(WORDS)).rows, vocab: (await pool.query(VOCAB)).rows, stats: (await pool.query(STATS)).rows, quoteWords };
  }

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'qb-ingest-batch-'));
    for (let i = 0; i < 9; i++) await writeFile(path.join(dir, `a${i}.md`), article(i));
  });
  // Seven databases to drop (each DROP DATABASE waits for a checkpoint): past the default 30 s on a busy machine.
  afterAll(async () => {
    await databases.close();
    await rm(dir, { recursive: true, force: true });
  }, 180_000);

  it('batches of several articles, extracted on worker threads, leave the same rows, vocabulary and statistics as batches of one extracted in-process, through changes and removals', async () => {
    const one = await database();
    const many = await database();
    const a = await ingestFolder(one, dir, { batch: 1, concurrency: 1, threads: 0 });
    const b = await ingestFolder(many, dir, { batch: 4, concurrency: 2, threads: 1 });
    expect(a.threads).toEqual({ slices: 0, recovered: 0 });
    expect(b.threads).toEqual({ slices: 1, recovered: 0 });
    expect({ ...b, threads: null }).toEqual({ ...a, threads: null });
    expect(b.added).toHaveLength(9);
    expect(await state(many)).toEqual(await state(one));
    expect(Number((await one.query('SELECT quote_groups FROM corpus_state')).rows[0].quote_groups)).toBeGreaterThan(9);
    // A changed article (new words, some lower-cased) and a removed one in the same run.
    await writeFile(path.join(dir, 'a2.md'), article(2, 'new breakwater'));
    await unlink(path.join(dir, 'a5.md'));
    const a2 = await ingestFolder(one, dir, { batch: 1, concurrency: 1, threads: 0 });
    const b2 = await ingestFolder(many, dir, { batch: 4, concurrency: 2, threads: 1 });
    expect({ ...b2, threads: null }).toEqual({ ...a2, threads: null });
    expect(b2).toMatchObject({ changed: ['a2.md'], removed: ['a5.md'], failed: [] });
    expect(await state(many)).toEqual(await state(one));
    await writeFile(path.join(dir, 'a5.md'), article(5));
    // Each run starts its threads, and a thread run from the sources compiles them first.
  }, 90_000);

  const LIVE = ['SELECT word, stem, first_article, first_pos FROM search_vocab_live ORDER BY word', 'SELECT term, first_ord, first_pos FROM quote_vocab_live ORDER BY term'];
  async function live(pool: pg.Pool): Promise<unknown[]> {
    const out = [];
    for (const q of LIVE) out.push((await pool.query(q)).rows);
    return out;
  }
  const staleMark = async (pool: pg.Pool) => (await pool.query<{ live_stale: boolean }>('SELECT live_stale FROM corpus_state')).rows[0]!.live_stale;

  it('a bulk ingest (live words resynced once at the end) leaves the rows, vocabularies and live words of one kept per write, through changes and removals', async () => {
    const perWrite = await database();
    const bulk = await database();
    const a = await ingestFolder(perWrite, dir, { batch: 4, threads: 0 });
    const b = await ingestFolder(bulk, dir, { batch: 4, threads: 0, deferLiveFrom: 1 });
    expect(b).toEqual(a);
    expect(await staleMark(bulk)).toBe(false);
    expect(await state(bulk)).toEqual(await state(perWrite));
    expect(await live(bulk)).toEqual(await live(perWrite));
    // A second bulk run over a database that has the words: changed and removed articles take theirs out.
    await writeFile(path.join(dir, 'a2.md'), article(2, 'new slipway'));
    await unlink(path.join(dir, 'a5.md'));
    await writeFile(path.join(dir, 'b1.md'), article(11, 'pilot quay'));
    try {
      const a2 = await ingestFolder(perWrite, dir, { batch: 4, threads: 0 });
      const b2 = await ingestFolder(bulk, dir, { batch: 4, threads: 0, deferLiveFrom: 1 });
      expect(b2).toEqual(a2);
      expect(b2).toMatchObject({ added: ['b1.md'], changed: ['a2.md'], removed: ['a5.md'], failed: [] });
      expect(await state(bulk)).toEqual(await state(perWrite));
      expect(await live(bulk)).toEqual(await live(perWrite));
    } finally {
      await writeFile(path.join(dir, 'a2.md'), article(2));
      await writeFile(path.join(dir, 'a5.md'), article(5));
      await rm(path.join(dir, 'b1.md'), { force: true });
    }
  }, 90_000);

  it('a bulk ingest stopped midway (live words deferred, no resync) is repaired by the next ingest; a single write meanwhile keeps its words live', async () => {
    const pool = await database();
    const reference = await database();
    await ingestFolder(reference, dir, { threads: 0 });
    // What a bulk ingest had done when it stopped: the mark set, some batches committed with the triggers skipped.
    await markLiveStale(pool);
    const read = async (f: string): Promise<Article> => (await loadCorpusFile(dir, f)).article!;
    const early: Article[] = [];
    for (const f of ['a0.md', 'a1.md', 'a2.md']) early.push(await read(f));
    const facts = extractFacts(early);
    await inTransaction(pool, async (c) => {
      await c.query(DEFER_LIVE);
      await writeArticles(c, early.map((article) => ({ article, facts: facts.get(article.id)! })));
    });
    expect(Number((await pool.query('SELECT count(*) AS n FROM search_vocab_live')).rows[0].n)).toBe(0);
    // A single write (add, a feed, the watcher) during or after it runs the triggers as before.
    const one = await read('a3.md');
    await inTransaction(pool, (c) => writeArticles(c, [{ article: one, facts: extractFacts([one]).get(one.id)! }]));
    const words = (await pool.query<{ word: string }>('SELECT word FROM search_vocab_live')).rows.map((r) => r.word);
    // Lisk is a word only a3.md brings (the triggers fire for new words, as before).
    expect(words).toContain('lisk');
    expect(await staleMark(pool)).toBe(true);
    // The re-run writes the rest per write (too few new files for a bulk load) and resyncs what the stopped one deferred.
    const r = await ingestFolder(pool, dir, { threads: 0 });
    expect(r.failed).toEqual([]);
    expect(await staleMark(pool)).toBe(false);
    for (const q of LIVE_DIFF) expect((await pool.query(q)).rows).toEqual([]);
    expect(await live(pool)).toEqual(await live(reference));
    expect(await state(pool)).toEqual(await state(reference));
  }, 90_000);

  it('a batch with one bad article: the others land, the bad one is reported and rolled back alone', async () => {
    const pool = await database();
    await pool.query(`CREATE FUNCTION qb_fail() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.text LIKE '%Tolby for the winter%' THEN RAISE EXCEPTION 'disk full (test)'; END IF; RETURN NEW; END $$`);
    await pool.query('CREATE TRIGGER qb_fail BEFORE INSERT ON quotes FOR EACH ROW EXECUTE FUNCTION qb_fail()');
    // a3.md is Tolby's: it fails inside a batch of four.
    const r = await ingestFolder(pool, dir, { batch: 4, concurrency: 2 });
    expect(r.failed).toEqual([{ file: 'a3.md', error: expect.stringContaining('disk full (test)') }]);
    expect(r.added).toEqual(['a0.md', 'a1.md', 'a2.md', 'a4.md', 'a5.md', 'a6.md', 'a7.md', 'a8.md']);
    const ids = (await pool.query<{ id: string }>('SELECT id FROM articles ORDER BY id')).rows.map((x) => x.id);
    expect(ids).toEqual(r.added);
    for (const t of ['paragraphs', 'search_postings', 'dated_events']) {
      expect(Number((await pool.query(`SELECT count(*) AS n FROM ${t} WHERE article_id = 'a3.md'`)).rows[0].n)).toBe(0);
    }
    // The statistics count the articles that landed only: the same as a database that never saw a3.md.
    await pool.query('DROP TRIGGER qb_fail ON quotes; DROP FUNCTION qb_fail()');
    const without = await database();
    const moved = path.join(tmpdir(), `qb-ingest-batch-a3-${process.pid}.md`);
    await writeFile(moved, article(3));
    await unlink(path.join(dir, 'a3.md'));
    try {
      await ingestFolder(without, dir, { batch: 1, concurrency: 1 });
      expect((await pool.query(STATS)).rows).toEqual((await without.query(STATS)).rows);
      expect((await pool.query(VOCAB)).rows).toEqual((await without.query(VOCAB)).rows);
    } finally {
      await writeFile(path.join(dir, 'a3.md'), article(3));
      await rm(moved, { force: true });
    }
    // With the fault gone the next run writes it.
    expect((await ingestFolder(pool, dir)).added).toEqual(['a3.md']);
  });
});
