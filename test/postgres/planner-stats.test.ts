import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { hasPostgres, createTestDatabase, type TestDatabase } from './db.js';
import { createPool } from '../../src/stores/postgres/pool.js';
import { migrate } from '../../src/stores/postgres/migrations.js';
import { ingestFolder } from '../../src/stores/postgres/ingest.js';
import { statisticsDue } from '../../src/stores/postgres/planner-stats.js';

/** A small article of its own words, so every file is a new article. */
const note = (i: number) => `---
title: Harbour note ${i}
outlet: Lakeside Courier
published: 2022-05-${String(1 + (i % 28)).padStart(2, '0')}
---
The harbour office logged crossing ${i} on May ${1 + (i % 28)}, 2022.

“Crossing ${i} left on time,” said clerk Anna Berg.
`;

describe.runIf(hasPostgres)('planner statistics after an ingest', () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  let dir: string;
  /** The article count the planner's statistics hold (the last ANALYZE's). */
  const counted = async () => (await pool.query<{ reltuples: number }>("SELECT reltuples FROM pg_class WHERE oid = 'articles'::regclass")).rows[0]!.reltuples;
  const add = async (from: number, to: number) => {
    for (let i = from; i < to; i++) await writeFile(path.join(dir, `note-${String(i).padStart(3, '0')}.md`), note(i));
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = createPool(db.url, { max: 4 });
    await migrate(pool);
    dir = await mkdtemp(path.join(tmpdir(), 'qb-stats-'));
  });
  afterAll(async () => {
    await pool?.end();
    await db?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('are taken after a first bulk load, not after a small increment, and again once the corpus has moved past the share', async () => {
    await add(0, 12);
    expect((await ingestFolder(pool, dir, { bulkAfter: 1 })).added).toHaveLength(12);
    expect(await counted()).toBe(12);
    // One more article: a bulk run by bulkAfter, but the statistics still describe the corpus.
    await add(12, 13);
    expect((await ingestFolder(pool, dir, { bulkAfter: 1 })).added).toHaveLength(1);
    expect(await counted()).toBe(12);
    // Two articles pass 10% of the 12 counted: taken again.
    await add(13, 15);
    expect((await ingestFolder(pool, dir, { bulkAfter: 1 })).added).toHaveLength(2);
    expect(await counted()).toBe(15);
  }, 120_000);

  it('are due when increments too small one by one have added up', async () => {
    const n = await counted();
    // n = 15: 10% is 1.5 articles.
    expect(await statisticsDue(pool, 1, n + 1)).toBe(false);
    expect(await statisticsDue(pool, 1, n + 2)).toBe(true);
    expect(await statisticsDue(pool, 1, n - 2)).toBe(true);
    expect(await statisticsDue(pool, 2, n)).toBe(true);
  });
});
