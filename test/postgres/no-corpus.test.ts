// A bot process on PostgreSQL holds no corpus: opening a store extracts nothing and
// reads no articles, and its answers (every kind of read) are the memory store's; a
// process that never writes never loads the extraction.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import type pg from 'pg';
import { hasPostgres, createTestDatabase, type TestDatabase } from './db.js';
import { startProxy, type Proxy } from './proxy.js';
import { openDatabase } from '../../src/stores/postgres/index.js';
import { ingestFolder } from '../../src/stores/postgres/ingest.js';
import { PgStore } from '../../src/stores/postgres/store.js';
import { MemoryStore } from '../../src/core/store/memory.js';
import { work } from '../../src/core/quotes/work.js';
import type { Store } from '../../src/core/store/types.js';

const seeds = path.resolve(import.meta.dirname, '../../corpus');

/** Reads of every kind, over the seeds' speakers and topics. */
async function answers(store: Store): Promise<unknown> {
  const coats = await store.findSpeaker('Coats');
  const verify = await store.verifyCandidates('Coats said the warning lights are blinking red', coats?.speaker.id ?? null);
  return {
    coats,
    quotes: coats ? await store.quotesBySpeaker(coats.speaker.id, { offset: 0, limit: 20 }) : null,
    words: await store.quotesByWords('election', {}, { offset: 0, limit: 20 }),
    speakers: await store.suggest('speaker', 'p', 10),
    phrases: await store.quoteQuerySuggestions('rus', 10),
    timeline: await store.timeline({ topic: 'Helsinki' }, { offset: 0, limit: 20 }),
    search: await store.searchParagraphs('summit', { offset: 0, limit: 5 }),
    // Group ids are each store's own names for a group (see the parity test).
    verify: { ...verify, quotes: verify.quotes.map((q) => ({ ...q, groupId: q.groupId === null ? null : q.reports[0]!.id })) },
  };
}

describe.runIf(hasPostgres)('a bot process on PostgreSQL', () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  let proxy: Proxy;
  let docBytes = 0;
  beforeAll(async () => {
    db = await createTestDatabase();
    pool = await openDatabase(db.url);
    await ingestFolder(pool, seeds, { threads: 0 });
    docBytes = Number((await pool.query<{ n: string }>('SELECT sum(octet_length(doc::text)) AS n FROM articles')).rows[0]!.n);
    proxy = await startProxy({ host: '127.0.0.1', port: Number(new URL(db.url).port || 5432) });
  });
  afterAll(async () => {
    await proxy.close();
    await pool.end();
    await db.drop();
  });

  it('opens without extracting or reading the articles, and answers as the memory store does', async () => {
    const before = work.steps;
    const store = await PgStore.open(proxy.urlThrough(db.url), { maxConnections: 2 });
    try {
      // The quote extractor counts its steps: opening extracted nothing; and it read a fraction of what the articles' rows hold.
      expect(work.steps).toBe(before);
      expect(docBytes).toBeGreaterThan(10_000);
      expect(proxy.received()).toBeLessThan(docBytes / 5);
      const got = await answers(store);
      expect(work.steps).toBe(before);
      expect(got).toEqual(await answers(await MemoryStore.open(seeds)));
    } finally {
      await store.close();
    }
  });
});
