// The database going away mid-run, without touching the machine's PostgreSQL: the bot
// reaches it through a loopback proxy that the test cuts and restores.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import type pg from 'pg';
import { ADMIN_URL, hasPostgres, createTestDatabase, type TestDatabase } from './db.js';
import { startProxy, type Proxy } from './proxy.js';
import { openDatabase } from '../../src/stores/postgres/index.js';
import { ingestFolder } from '../../src/stores/postgres/ingest.js';
import { PgStore } from '../../src/stores/postgres/store.js';
import { PgSharedState } from '../../src/stores/postgres/state.js';
import { inTransaction } from '../../src/stores/postgres/pool.js';
import { writeArticle } from '../../src/stores/postgres/writer.js';
import { extractFacts } from '../../src/stores/postgres/facts.js';
import { buildArticle } from '../../src/core/corpus/article.js';
import { answerLine, UNAVAILABLE } from '../../src/core/commands/registry.js';
import { isStoreUnavailable } from '../../src/core/store/types.js';

const root = path.resolve(import.meta.dirname, '../..');

describe.runIf(hasPostgres)('the database down and back', () => {
  let db: TestDatabase;
  let proxy: Proxy;
  let direct: pg.Pool;
  let store: PgStore;
  const errors: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    direct = await openDatabase(db.url, { max: 2 });
    await ingestFolder(direct, path.join(root, 'test/fixtures/quotes/corpus'));
    const admin = new URL(ADMIN_URL);
    proxy = await startProxy({ host: admin.hostname, port: Number(admin.port || 5432) });
    store = await PgStore.open(proxy.urlThrough(db.url), { maxConnections: 2, retryMs: 50, maxRetryMs: 200, onError: (e) => errors.push(e.message) });
  });
  afterAll(async () => {
    await store.close();
    await proxy.close();
    await direct.end();
    await db.drop();
  });

  it('commands say the corpus is unavailable while it is down, and answer again (with what changed meanwhile) when it is back', async () => {
    const before = await answerLine(store, '/quote Marsh');
    expect(before.error ?? null).toBeNull();
    expect(before.items.length).toBeGreaterThan(0);

    proxy.cut();
    for (const line of ['/quote Marsh', '/search treaty', '/timeline', '/verify "we will sign it" by Marsh', '/sources']) {
      const a = await answerLine(store, line);
      expect(a.error).toEqual({ code: 'unavailable', message: UNAVAILABLE });
      expect(a.items).toEqual([]);
    }
    // Autocomplete and health read the store directly: a recognisable error, not a crash.
    await expect(store.suggest('speaker', 'Ma', 5)).rejects.toSatisfy(isStoreUnavailable);
    await expect(store.status()).rejects.toSatisfy(isStoreUnavailable);
    // Shared state on the same pool fails like any query; callers decide (a claim that cannot be made is not handled twice).
    await expect(new PgSharedState(store.pool).claim('slack-retry', 'x', 60)).rejects.toThrow();

    // Meanwhile another process writes an article the bot has not heard of.
    const a = buildArticle({
      file: 'late/harbour.md',
      meta: { title: 'Harbour wall', outlet: 'Coast Daily', published: '2021-06-01', url: null, source: null, extra: {} },
      raw: '“The wall will hold through the winter,” said engineer Dagny Holt.\n',
    });
    await inTransaction(direct, (c) => writeArticle(c, a, extractFacts([a]).get(a.id)!));

    const accepted = proxy.accepted();
    proxy.restore();
    const after = await answerLine(store, '/quote Marsh');
    expect(after).toEqual(before);
    expect(proxy.accepted()).toBeGreaterThan(accepted);
    const late = await answerLine(store, '/quote Holt');
    expect(late.items.map((i) => i.text)).toEqual(['The wall will hold through the winter,']);
    expect(errors.length).toBeGreaterThan(0);
  });
});

describe.runIf(hasPostgres)('two stores on one database', () => {
  let db: TestDatabase;
  let a: PgStore;
  let b: PgStore;
  beforeAll(async () => {
    db = await createTestDatabase();
    a = await PgStore.open(db.url, { maxConnections: 2 });
    b = await PgStore.open(db.url, { maxConnections: 2 });
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await db.drop();
  });

  it('a write through one reaches the other by NOTIFY, before anyone asks it', async () => {
    const heard = new Promise<string[]>((resolve) => b.onChange((c) => resolve(c.upserted)));
    const art = buildArticle({
      file: 'kiln.md',
      meta: { title: 'Kiln fired', outlet: 'Clay Times', published: '2022-02-02', url: null, source: null, extra: {} },
      raw: 'The community kiln was fired for the first time on February 1.\n',
    });
    await a.upsertArticle(art);
    expect(await heard).toEqual(['kiln.md']);
    expect((await b.searchParagraphs('kiln', { offset: 0, limit: 5 })).total).toBe(1);
    await b.removeArticle('kiln.md');
    expect((await a.searchParagraphs('kiln', { offset: 0, limit: 5 })).total).toBe(0);
  });
});
