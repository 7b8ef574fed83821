import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { hasPostgres, createTestDatabase, type TestDatabase } from './db.js';
import { createPool } from '../../src/stores/postgres/pool.js';
import { MIGRATIONS, migrate } from '../../src/stores/postgres/migrations.js';

describe.runIf(hasPostgres)('PostgreSQL migrations', () => {
  let db: TestDatabase;
  const pools: pg.Pool[] = [];
  const pool = () => {
    const p = createPool(db.url, { max: 2 });
    pools.push(p);
    return p;
  };
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.end()));
    await db.drop();
  });

  it('applies every migration once, even when several processes start together', async () => {
    // Five pools = five processes' worth of connections racing for the advisory lock.
    const results = await Promise.all([1, 2, 3, 4, 5].map(() => migrate(pool())));
    const appliedNow = results.flat();
    expect(appliedNow.sort()).toEqual(MIGRATIONS.map((m) => m.version).sort());
    const { rows } = await pool().query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
    // And again later: nothing to do.
    expect(await migrate(pool())).toEqual([]);
  });

  it('has the indexes the queries rely on', async () => {
    const { rows } = await pool().query<{ indexname: string; indexdef: string }>("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'");
    const def = (name: string) => rows.find((r) => r.indexname === name)?.indexdef ?? '';
    expect(def('paragraphs_tsv')).toMatch(/USING gin \(tsv\)/);
    expect(def('speakers_names_trgm')).toMatch(/gin_trgm_ops/);
    expect(def('quotes_text_trgm')).toMatch(/gin_trgm_ops/);
    expect(def('dated_events_value')).toMatch(/USING btree \(value\)/);
  });

  it('moves the words of a database written before migration 9 onto the article rows', async () => {
    const old = await createTestDatabase();
    const p = createPool(old.url, { max: 1 });
    try {
      await migrate(p, MIGRATIONS.filter((m) => m.version < 9));
      await p.query(`INSERT INTO articles (id, content_hash, doc, version) VALUES ('a.md', 'h', '{}', 1), ('b.md', 'h', '{}', 1)`);
      await p.query(`INSERT INTO search_words (article_id, word, stem, freq, pos, display, lower)
                     VALUES ('a.md', 'harbour', 'harbour', 2, 0, 'harbour', true), ('a.md', 'ferry', 'ferri', 1, 1, 'Ferry', false)`);
      expect(await migrate(p)).toEqual(MIGRATIONS.filter((m) => m.version >= 9).map((m) => m.version));
      const { rows } = await p.query('SELECT id, words, word_stems, word_freqs FROM articles ORDER BY id');
      expect(rows).toEqual([
        { id: 'a.md', words: ['ferry', 'harbour'], word_stems: ['ferri', 'harbour'], word_freqs: [1, 2] },
        { id: 'b.md', words: [], word_stems: [], word_freqs: [] },
      ]);
      expect((await p.query("SELECT to_regclass('search_words') AS t")).rows[0].t).toBeNull();
    } finally {
      await p.end();
      await old.drop();
    }
  });

  it('marks the articles with quotes or speakers of a database written before migration 12 for rewriting', async () => {
    const old = await createTestDatabase();
    const p = createPool(old.url, { max: 1 });
    try {
      await migrate(p, MIGRATIONS.filter((m) => m.version < 12));
      await p.query(`INSERT INTO articles (id, content_hash, doc, version) VALUES ('a.md', 'h', '{}', 1), ('b.md', 'h', '{}', 1), ('c.md', 'h', '{}', 1)`);
      await p.query(`INSERT INTO quotes (id, article_id, start_at, end_at, text, partial, paragraph_index, context_start, context_end, group_key)
                     VALUES ('a.md#q0', 'a.md', 0, 5, 'Hello', false, 0, 0, 5, 'hello')`);
      await p.query(`INSERT INTO speaker_notes (article_id, speaker_id, ord, name, kind, aliases, roles, surname, quotes)
                     VALUES ('b.md', 'ann lee', 0, 'Ann Lee', 'person', '{}', '{}', 'lee', 0)`);
      expect(await migrate(p)).toEqual(MIGRATIONS.filter((m) => m.version >= 12).map((m) => m.version));
      const { rows } = await p.query('SELECT id, content_hash FROM articles ORDER BY id');
      // Quote keys and name words are the core's: the next ingest rewrites a.md (a quote) and b.md (a speaker), not c.md.
      expect(rows).toEqual([{ id: 'a.md', content_hash: 'before-v12:h' }, { id: 'b.md', content_hash: 'before-v12:h' }, { id: 'c.md', content_hash: 'h' }]);
    } finally {
      await p.end();
      await old.drop();
    }
  });

  it('marks the articles with quotes of a database written before migration 10 for rewriting', async () => {
    const old = await createTestDatabase();
    const p = createPool(old.url, { max: 1 });
    try {
      await migrate(p, MIGRATIONS.filter((m) => m.version < 10));
      await p.query(`INSERT INTO articles (id, content_hash, doc, version) VALUES ('a.md', 'h', '{}', 1), ('b.md', 'h', '{}', 1)`);
      await p.query(`INSERT INTO quotes (id, article_id, start_at, end_at, text, partial, paragraph_index, context_start, context_end, group_key)
                     VALUES ('a.md#q0', 'a.md', 0, 5, 'Hello', false, 0, 0, 5, 'hello')`);
      // Migration 10 alone: later ones mark rows for their own reasons (see below).
      expect(await migrate(p, MIGRATIONS.filter((m) => m.version <= 10))).toEqual([10]);
      const { rows } = await p.query('SELECT id, content_hash FROM articles ORDER BY id');
      // The next ingest rewrites a.md (its hash no longer matches the file's) and leaves b.md, which has no quote.
      expect(rows).toEqual([{ id: 'a.md', content_hash: 'before-v10:h' }, { id: 'b.md', content_hash: 'h' }]);
      expect((await p.query('SELECT quote_groups, quote_tokens FROM corpus_state')).rows[0]).toEqual({ quote_groups: '0', quote_tokens: '0' });
    } finally {
      await p.end();
      await old.drop();
    }
  });

  it('marks every article of a database written before migration 11 for rewriting (autocomplete rows)', async () => {
    const old = await createTestDatabase();
    const p = createPool(old.url, { max: 1 });
    try {
      await migrate(p, MIGRATIONS.filter((m) => m.version < 11));
      await p.query(`INSERT INTO articles (id, content_hash, doc, version) VALUES ('a.md', 'h', '{}', 1), ('b.md', 'g', '{}', 1)`);
      expect(await migrate(p, MIGRATIONS.filter((m) => m.version <= 11))).toEqual([11]);
      const { rows } = await p.query<{ id: string; content_hash: string }>('SELECT id, content_hash FROM articles ORDER BY id');
      // Quotes or not, every article gives topic words: the next ingest rewrites both.
      expect(rows).toEqual([{ id: 'a.md', content_hash: 'before-v11:h' }, { id: 'b.md', content_hash: 'before-v11:g' }]);
    } finally {
      await p.end();
      await old.drop();
    }
  });

  it("fills a database written before migrations 16 and 17: groups' cited tellings, quote speakers' group keys", async () => {
    const old = await createTestDatabase();
    const p = createPool(old.url, { max: 1 });
    try {
      await migrate(p, MIGRATIONS.filter((m) => m.version < 16));
      await p.query(`INSERT INTO articles (id, content_hash, doc, version) VALUES ('a.md', 'h', '{}', 1), ('b.md', 'h', '{}', 1)`);
      await p.query(`INSERT INTO quotes (id, article_id, start_at, end_at, text, partial, paragraph_index, context_start, context_end, group_key)
                     VALUES ('a.md#q0', 'a.md', 0, 5, 'Hello', false, 0, 0, 5, 'hello'), ('b.md#q0', 'b.md', 0, 3, 'Bye', false, 0, 0, 3, 'bye')`);
      await p.query(`INSERT INTO quote_speakers (quote_id, article_id, speaker_id) VALUES ('a.md#q0', 'a.md', 'ann'), ('b.md#q0', 'b.md', 'ann')`);
      // One group told by b.md (second and fourth tellings) and a.md (third), in that order.
      const ev = (a: string, ord: number, pos: number) =>
        `('${a}', ${ord}, '2020', 'year', '2020', 0, 4, 'x', 'x', 0, 0, 4, 0, '{}', '{}', '{}', '2020-01-01', '2020-12-31', 0, ${pos})`;
      await p.query(`INSERT INTO timeline_events (article_id, ord, value, granularity, sort_key, start_at, end_at, text, context, context_start, expr_start, expr_end,
                                                  paragraph, terms, content_terms, source, value_start, value_end, group_no, pos)
                     VALUES ${[ev('b.md', 1, 0), ev('a.md', 1, 1), ev('b.md', 2, 2)].join(', ')}`);
      await p.query(`INSERT INTO timeline_groups (value, no, granularity, order_key, rank, articles, first_article, first_start, first_ord, start_day, end_day, representative)
                     VALUES ('2020', 0, 'year', '2020', 0, 2, 'b.md', 0, 1, '2020-01-01', '2020-12-31', 0)`);
      expect(await migrate(p)).toEqual(MIGRATIONS.filter((m) => m.version >= 16).map((m) => m.version));
      expect((await p.query('SELECT cite_articles, cite_ords FROM timeline_groups')).rows).toEqual([{ cite_articles: ['b.md', 'a.md'], cite_ords: [1, 1] }]);
      expect((await p.query('SELECT quote_id, group_key FROM quote_speakers ORDER BY 1')).rows).toEqual([
        { quote_id: 'a.md#q0', group_key: 'hello' },
        { quote_id: 'b.md#q0', group_key: 'bye' },
      ]);
      // A writer from before migration 17 (a process not yet restarted) names no group key: the quote's is taken.
      await p.query(`INSERT INTO quotes (id, article_id, start_at, end_at, text, partial, paragraph_index, context_start, context_end, group_key)
                     VALUES ('b.md#q1', 'b.md', 4, 8, 'Later', false, 0, 0, 8, 'later')`);
      await p.query(`INSERT INTO quote_speakers (quote_id, article_id, speaker_id) VALUES ('b.md#q1', 'b.md', 'ann')`);
      expect((await p.query(`SELECT group_key FROM quote_speakers WHERE quote_id = 'b.md#q1'`)).rows).toEqual([{ group_key: 'later' }]);
    } finally {
      await p.end();
      await old.drop();
    }
  });

  it('a failing migration is rolled back and not recorded', async () => {
    const p = pool();
    const bad = [...MIGRATIONS, { version: 999, name: 'broken', sql: 'CREATE TABLE half_made (x int); SELECT no_such_function();' }];
    await expect(migrate(p, bad)).rejects.toThrow(/migration 999 \(broken\) failed/);
    const { rows } = await p.query("SELECT to_regclass('half_made') AS t, (SELECT count(*) FROM schema_migrations WHERE version = 999)::int AS n");
    expect(rows[0]).toEqual({ t: null, n: 0 });
  });
});
