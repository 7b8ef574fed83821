// A bot process's read model is assembled from what the writer extracted (kept in each
// article row), not extracted again in every process: opening a store on an ingested
// database does no quote extraction, and answers as a store that extracts for itself
// (rows written before extracts were kept).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import type pg from 'pg';
import { hasPostgres, createTestDatabase, type TestDatabase } from './db.js';
import { openDatabase } from '../../src/stores/postgres/index.js';
import { ingestFolder } from '../../src/stores/postgres/ingest.js';
import { PgStore } from '../../src/stores/postgres/store.js';
import { work } from '../../src/core/quotes/work.js';
import type { Store } from '../../src/core/store/types.js';

const seeds = path.resolve(import.meta.dirname, '../../corpus');

/** Reads that answer from the read model, over the seeds' speakers and topics. */
async function answers(store: Store): Promise<unknown> {
  const coats = await store.findSpeaker('Coats');
  return {
    coats,
    quotes: coats ? await store.quotesBySpeaker(coats.speaker.id, { offset: 0, limit: 20 }) : null,
    words: await store.quotesByWords('election', {}, { offset: 0, limit: 20 }),
    speakers: await store.suggest('speaker', 'p', 10),
    phrases: await store.quoteQuerySuggestions('rus', 10),
    timeline: await store.timeline({ topic: 'Helsinki' }, { offset: 0, limit: 20 }),
    verify: await store.verifyCandidates('Coats said the warning lights are blinking red', coats?.speaker.id ?? null),
  };
}

describe.runIf(hasPostgres)('the read model of a bot process', () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  beforeAll(async () => {
    db = await createTestDatabase();
    pool = await openDatabase(db.url);
    await ingestFolder(pool, seeds, { threads: 0 });
  });
  afterAll(async () => {
    await pool.end();
    await db.drop();
  });

  it('is assembled from the extraction each row keeps, and answers as one extracted anew', async () => {
    const { rows } = await pool.query<{ n: string }>("SELECT count(*) AS n FROM articles WHERE doc ? 'extract'");
    expect(Number(rows[0]!.n)).toBe(5);
    const before = work.steps;
    const kept = await PgStore.open(db.url);
    let fromRows: unknown;
    try {
      // The quote extractor counts its steps: opening extracted nothing.
      expect(work.steps).toBe(before);
      fromRows = await answers(kept);
      expect(fromRows).toMatchObject({ coats: { speaker: { name: 'Dan Coats' } } });
    } finally {
      await kept.close();
    }
    // Rows as an older writer left them: the read model extracts each article itself.
    await pool.query("UPDATE articles SET doc = doc - 'extract'");
    const extracting = await PgStore.open(db.url);
    try {
      expect(work.steps).toBeGreaterThan(before);
      expect(await answers(extracting)).toEqual(fromRows);
    } finally {
      await extracting.close();
    }
  });
});
