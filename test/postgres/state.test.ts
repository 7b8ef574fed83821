import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { hasPostgres, createTestDatabase, type TestDatabase } from './db.js';
import { createPool } from '../../src/stores/postgres/pool.js';
import { migrate } from '../../src/stores/postgres/migrations.js';
import { PgSharedState } from '../../src/stores/postgres/state.js';

describe.runIf(hasPostgres)('PgSharedState', () => {
  let db: TestDatabase;
  let poolA: pg.Pool;
  let poolB: pg.Pool;
  let a: PgSharedState;
  let b: PgSharedState;
  beforeAll(async () => {
    db = await createTestDatabase();
    poolA = createPool(db.url, { max: 4 });
    poolB = createPool(db.url, { max: 4 });
    await migrate(poolA);
    // Two processes' worth of state over one database.
    a = new PgSharedState(poolA, true);
    b = new PgSharedState(poolB, true);
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await db.drop();
  });

  it('what one process sets, another reads, lists and deletes', async () => {
    await a.set('watch', 'C123', { channel: 'C123', by: 'U1' });
    await a.set('watch', 'C042', { channel: 'C042', by: 'U2' });
    expect(await b.get('watch', 'C123')).toEqual({ channel: 'C123', by: 'U1' });
    expect((await b.list('watch')).map((e) => e.key)).toEqual(['C042', 'C123']);
    await b.delete('watch', 'C123');
    expect(await a.get('watch', 'C123')).toBeUndefined();
    expect(await a.get('other-ns', 'C042')).toBeUndefined();
  });

  it('keys and values are data, never SQL', async () => {
    const key = "x'); DROP TABLE shared_state; --";
    await a.set('feeds', key, { url: 'https://example.test/feed?a=1&b=\'2\'', last: 'é☃' });
    expect(await b.get('feeds', key)).toEqual({ url: 'https://example.test/feed?a=1&b=\'2\'', last: 'é☃' });
  });

  it('an entry with a time to live disappears after it', async () => {
    await a.set('install', 'T1', { token: 'x' }, 0.2);
    expect(await b.get('install', 'T1')).toEqual({ token: 'x' });
    await new Promise((r) => setTimeout(r, 400));
    expect(await b.get('install', 'T1')).toBeUndefined();
    expect(await b.list('install')).toEqual([]);
  });

  it('claim: of many processes claiming one retried event at once, exactly one wins', async () => {
    const tries = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).claim('slack-retry', 'Ev0001', 60)));
    expect(tries.filter(Boolean)).toHaveLength(1);
    expect(await a.claim('slack-retry', 'Ev0001', 60)).toBe(false);
    expect(await b.claim('slack-retry', 'Ev0002', 60)).toBe(true);
  });

  it('claim: an expired claim can be taken again', async () => {
    expect(await a.claim('slack-retry', 'Ev0003', 0.2)).toBe(true);
    expect(await b.claim('slack-retry', 'Ev0003', 0.2)).toBe(false);
    await new Promise((r) => setTimeout(r, 400));
    expect(await b.claim('slack-retry', 'Ev0003', 60)).toBe(true);
    expect(await a.claim('slack-retry', 'Ev0003', 60)).toBe(false);
  });
});
