import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { hasPostgres, createTestDatabase, type TestDatabase } from './db.js';
import { createPool } from '../../src/stores/postgres/pool.js';
import { migrate } from '../../src/stores/postgres/migrations.js';
import { ingestFolder } from '../../src/stores/postgres/ingest.js';
import { fromRow, type ArticleRow } from '../../src/stores/postgres/codec.js';
import { loadCorpus } from '../../src/core/corpus/load.js';
import { buildQuoteStore } from '../../src/core/quotes/store.js';
import { buildDateStore } from '../../src/core/dates/store.js';

// Articles written for this test (none from the seeds or the eval data).
const FERRY = `---
title: Ferry line reopens
outlet: Lakeside Courier
published: 2022-04-09
---
The ferry between Orrin and Vale reopened on April 8 after a winter of repairs.

“We kept every cabin and replaced every engine,” said harbour master Tomas Grell.

“The crossing will be faster than ever,” Grell said.
`;
const BRIDGE = `---
title: Bridge vote delayed
outlet: Valley Ledger
published: 2022-04-12
---
The council postponed its vote on the Vale bridge until May 2022.

Grell said the ferry would keep running. “We kept every cabin and replaced every engine,” Grell told the council.
`;
const MARKET = `---
title: Market hall opens
outlet: Lakeside Courier
published: 2022-05-02
---
The covered market opened on May 1 with forty stalls.

“People asked for a roof over their Saturday,” said organiser Ines Paley.
`;

describe.runIf(hasPostgres)('quotebot ingest', () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  let dir: string;
  const count = async (table: string) => Number((await pool.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = createPool(db.url, { max: 4 });
    await migrate(pool);
    dir = await mkdtemp(path.join(tmpdir(), 'qb-ingest-'));
    await writeFile(path.join(dir, 'ferry.md'), FERRY);
    await writeFile(path.join(dir, 'bridge.md'), BRIDGE);
    await writeFile(path.join(dir, 'broken.md'), '---\ntitle: [unclosed\n---\nbody\n');
  });
  afterAll(async () => {
    await pool.end();
    await db.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes each article with the facts the core extracts from it, and records skipped files', async () => {
    const progress: number[] = [];
    const r = await ingestFolder(pool, dir, { onProgress: (p) => progress.push(p.done) });
    expect(r.added.sort()).toEqual(['bridge.md', 'ferry.md']);
    expect(r.failed).toEqual([]);
    expect(r.skipped.map((s) => s.file)).toEqual(['broken.md']);
    expect(progress).toEqual([1, 2, 3]);

    // The same facts as the memory store's extraction of the same folder.
    const { articles } = await loadCorpus(dir);
    const qs = buildQuoteStore(articles);
    const { rows: quotes } = await pool.query('SELECT q.id, q.text, s.name FROM quotes q LEFT JOIN speakers s ON s.id = q.speaker_id ORDER BY q.id');
    expect(quotes).toEqual(
      [...qs.quotes].sort((a, b) => (a.id < b.id ? -1 : 1)).map((q) => ({ id: q.id, text: q.text, name: q.speakerId ? qs.speakers.get(q.speakerId)!.name : null })),
    );
    expect(quotes.some((q) => q.name === 'Tomas Grell')).toBe(true);
    const ds = buildDateStore(articles);
    const { rows: events } = await pool.query('SELECT id, value, text FROM dated_events ORDER BY id');
    expect(events).toEqual([...ds.events].sort((a, b) => (a.id < b.id ? -1 : 1)).map((e) => ({ id: e.id, value: e.value, text: e.text })));
    // The same words in two articles are one quote group.
    const { rows: groups } = await pool.query('SELECT reports, articles FROM quote_groups WHERE reports > 1');
    expect(groups).toEqual([{ reports: '2', articles: '2' }]);
    expect((await pool.query('SELECT file, reason FROM problems')).rows).toEqual([{ file: 'broken.md', reason: r.skipped[0]!.reason }]);

    // The stored article is the loaded one, every span and offset intact.
    const { rows } = await pool.query<ArticleRow>('SELECT * FROM articles WHERE id = $1', ['ferry.md']);
    expect(fromRow(rows[0]!)).toEqual(articles.find((a) => a.id === 'ferry.md'));
  });

  it('paragraphs are searchable with websearch_to_tsquery on user text, speakers by a typo', async () => {
    const words = 'engines -bridge "every cabin"';
    const { rows } = await pool.query("SELECT article_id FROM paragraphs WHERE tsv @@ websearch_to_tsquery('english', $1) ORDER BY article_id", [words]);
    expect(rows.map((r) => r.article_id)).toEqual(['bridge.md', 'ferry.md']);
    const { rows: sp } = await pool.query("SELECT name FROM speakers WHERE names % $1 ORDER BY similarity(names, $1) DESC LIMIT 1", ['Tomas Grel']);
    expect(sp).toEqual([{ name: 'Tomas Grell' }]);
  });

  it('a second run changes nothing', async () => {
    const v0 = (await pool.query('SELECT version FROM corpus_state')).rows[0].version;
    const r = await ingestFolder(pool, dir);
    expect(r).toMatchObject({ added: [], changed: [], removed: [], unchanged: 2, failed: [] });
    expect((await pool.query('SELECT version FROM corpus_state')).rows[0].version).toBe(v0);
  });

  it('changed files are rewritten, deleted ones removed with their facts', async () => {
    await writeFile(path.join(dir, 'market.md'), MARKET);
    await writeFile(path.join(dir, 'bridge.md'), BRIDGE.replace('until May 2022', 'until June 2022'));
    await unlink(path.join(dir, 'ferry.md'));
    const r = await ingestFolder(pool, dir);
    expect(r).toMatchObject({ added: ['market.md'], changed: ['bridge.md'], removed: ['ferry.md'], unchanged: 0, failed: [] });
    expect((await pool.query('SELECT id FROM articles ORDER BY id')).rows.map((x) => x.id)).toEqual(['bridge.md', 'market.md']);
    expect(await count("quotes WHERE article_id = 'ferry.md'")).toBe(0);
    expect((await pool.query("SELECT value FROM dated_events WHERE article_id = 'bridge.md'")).rows.map((x) => x.value)).toContain('2022-06');
    // Grell is still mentioned by bridge.md; nobody mentions a speaker only ferry.md had.
    expect(await count('speakers s WHERE NOT EXISTS (SELECT 1 FROM article_speakers x WHERE x.speaker_id = s.id)')).toBe(0);
  });

  it('an article whose write fails rolls back alone: the others are written, it keeps its previous state', async () => {
    // A fault half-way through one article's transaction (after its article row is written).
    await pool.query(`CREATE FUNCTION qb_fail() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.text LIKE '%roof over%' THEN RAISE EXCEPTION 'disk full (test)'; END IF; RETURN NEW; END $$`);
    await pool.query('CREATE TRIGGER qb_fail BEFORE INSERT ON quotes FOR EACH ROW EXECUTE FUNCTION qb_fail()');
    try {
      await writeFile(path.join(dir, 'market.md'), MARKET.replace('forty stalls', 'fifty stalls'));
      await writeFile(path.join(dir, 'bridge.md'), BRIDGE);
      const r = await ingestFolder(pool, dir);
      expect(r.failed).toEqual([{ file: 'market.md', error: expect.stringContaining('disk full (test)') }]);
      expect(r.changed).toEqual(['bridge.md']);
      const { rows } = await pool.query("SELECT doc->>'text' AS text FROM articles WHERE id = 'market.md'");
      expect(rows[0].text).toContain('forty stalls');
      expect(await count("quotes WHERE article_id = 'market.md'")).toBe(1);
      expect((await pool.query("SELECT value FROM dated_events WHERE article_id = 'bridge.md'")).rows.map((x) => x.value)).toContain('2022-05');
    } finally {
      await pool.query('DROP TRIGGER qb_fail ON quotes; DROP FUNCTION qb_fail()');
    }
    // With the fault gone the next run catches up.
    expect((await ingestFolder(pool, dir)).changed).toEqual(['market.md']);
  });

  it('a bulk load is analysed and vacuumed at its end, so index-only scans read no table pages', async () => {
    // A table page counts as all-visible only once vacuumed (ANALYZE alone leaves the count at 0).
    const visible = async () =>
      (await pool.query<{ relallvisible: number }>("SELECT relallvisible FROM pg_class WHERE oid = 'quote_word_postings'::regclass")).rows[0]!.relallvisible;
    await writeFile(path.join(dir, 'ferry.md'), FERRY);
    const small = await ingestFolder(pool, dir);
    expect(small.added).toEqual(['ferry.md']);
    await writeFile(path.join(dir, 'ferry.md'), FERRY.replace('April 8', 'April 9'));
    const bulk = await ingestFolder(pool, dir, { bulkAfter: 1 });
    expect(bulk.changed).toEqual(['ferry.md']);
    expect(await visible()).toBeGreaterThan(0);
  });
});
