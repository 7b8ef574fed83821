// /search from SQL after writes: a process that answered before them (and kept look-up
// answers for that corpus version) answers after them as a memory store built from the
// folder after the same changes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { hasPostgres, createTestDatabase, type TestDatabase } from './db.js';
import { loadCorpus } from '../../src/core/corpus/load.js';
import { MemoryStore } from '../../src/core/store/memory.js';
import { PgStore } from '../../src/stores/postgres/store.js';
import { openDatabase } from '../../src/stores/postgres/index.js';
import { ingestFolder } from '../../src/stores/postgres/ingest.js';

const root = path.resolve(import.meta.dirname, '../..');

const ADDED = `---
title: Zebrafish study wins funding
outlet: Test Wire
published: 2022-05-02
---
Researchers in Rotterdam said the zebrafish study would need a quorum of reviewers.

The zebrafish tanks were moved to the new laboratory in April.
`;

/** Queries on the new article's words (exact, misspelt, unfinished), the removed one's, and the rest of the corpus. */
const QUERIES = ['zebrafish', 'zebrafsh', 'zebraf', 'quorum reviewers', 'Rotterdam', 'strike', 'port strike', '"new contract"', 'laboratory April', 'pandemic'];

describe.runIf(hasPostgres)('SQL search after writes', () => {
  let db: TestDatabase;
  let dir: string;
  let pgs: PgStore;
  beforeAll(async () => {
    db = await createTestDatabase();
    dir = await mkdtemp(path.join(tmpdir(), 'qb-sqlsearch-'));
    await cp(path.join(root, 'test/fixtures/dates'), dir, { recursive: true });
    const pool = await openDatabase(db.url, { max: 2 });
    await ingestFolder(pool, dir);
    await pool.end();
    pgs = await PgStore.open(db.url, { maxConnections: 2 });
  });
  afterAll(async () => {
    await pgs?.close();
    await db?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('answers as the memory store after an article is added and one removed', async () => {
    // Asked before the writes, so answers kept from then must not outlive them.
    expect((await pgs.searchParagraphs('strike', { offset: 0, limit: 5 })).total).toBeGreaterThan(0);
    expect((await pgs.searchParagraphs('zebrafish', { offset: 0, limit: 5 })).total).toBe(0);

    await writeFile(path.join(dir, 'z_zebrafish.md'), ADDED);
    await rm(path.join(dir, 'b_port.md'));
    const after = await loadCorpus(dir);
    await pgs.upsertArticle(after.articles.find((a) => a.id === 'z_zebrafish.md')!);
    await pgs.removeArticle('b_port.md');
    const mem = await MemoryStore.open(dir);

    for (const q of QUERIES) {
      for (const page of [{ offset: 0, limit: 5 }, { offset: 5, limit: 5 }]) {
        expect({ q, page, got: await pgs.searchParagraphs(q, page) }).toEqual({ q, page, got: await mem.searchParagraphs(q, page) });
      }
      expect({ q, got: await pgs.didYouMean(q) }).toEqual({ q, got: await mem.didYouMean(q) });
    }
    expect((await pgs.searchParagraphs('zebrafish', { offset: 0, limit: 5 })).total).toBe(2);
    expect(await pgs.didYouMean('zebrafsh')).toContain('zebrafish');
  });
});
