import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { ADMIN_URL, hasPostgres, createTestDatabase, type TestDatabase } from './db.js';
import { startProxy, type Proxy } from './proxy.js';
import { createPool, inTransaction } from '../../src/stores/postgres/pool.js';
import { migrate } from '../../src/stores/postgres/migrations.js';
import { listenForChanges, type Listener } from '../../src/stores/postgres/listen.js';
import { deleteArticle, writeArticle, type ChangeMessage } from '../../src/stores/postgres/writer.js';
import { buildArticle } from '../../src/core/corpus/article.js';
import { extractFacts } from '../../src/stores/postgres/facts.js';

const article = (file: string, body: string) =>
  buildArticle({ file, meta: { title: 'T', outlet: 'O', published: '2023-01-02', url: null, source: null, extra: {} }, raw: body });

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.runIf(hasPostgres)('LISTEN/NOTIFY of corpus changes', () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  let proxy: Proxy;
  let listener: Listener;
  const heard: ChangeMessage[] = [];
  let resyncs = 0;

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = createPool(db.url, { max: 2 });
    await migrate(pool);
    const admin = new URL(ADMIN_URL);
    proxy = await startProxy({ host: admin.hostname, port: Number(admin.port || 5432) });
    // The listener reaches the database through the proxy, so the test can cut its connection.
    listener = await listenForChanges(proxy.urlThrough(db.url), { change: (m) => heard.push(m), resync: () => resyncs++ }, { retryMs: 50, maxRetryMs: 200 });
  });
  afterAll(async () => {
    await listener.close();
    await proxy.close();
    await pool.end();
    await db.drop();
  });

  it('hears each committed change, never a rolled-back one', async () => {
    const a = article('notify/one.md', 'The lighthouse was repainted on January 1.');
    await inTransaction(pool, (c) => writeArticle(c, a, extractFacts([a]).get(a.id)!));
    await until(() => heard.length === 1);
    expect(heard[0]).toMatchObject({ upserted: ['notify/one.md'], removed: [] });
    await expect(
      inTransaction(pool, async (c) => {
        await writeArticle(c, article('notify/two.md', 'Never committed.'), { quotes: [], reported: [], speakers: [], notes: [], attributed: { quotes: [], reported: [] }, events: [] });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    await inTransaction(pool, (c) => deleteArticle(c, 'notify/one.md'));
    await until(() => heard.length === 2);
    expect(heard[1]).toMatchObject({ upserted: [], removed: ['notify/one.md'] });
    expect(heard[1]!.version).toBeGreaterThan(heard[0]!.version);
  });

  it('after its connection is lost it reconnects, says to resync, and hears changes again', async () => {
    const accepted = proxy.accepted();
    proxy.cut();
    await until(() => !listener.connected());
    proxy.restore();
    await until(() => listener.connected() && resyncs === 1);
    expect(proxy.accepted()).toBeGreaterThan(accepted);
    const before = heard.length;
    const a = article('notify/three.md', 'The pier opened on March 3.');
    await inTransaction(pool, (c) => writeArticle(c, a, extractFacts([a]).get(a.id)!));
    await until(() => heard.length === before + 1);
    expect(heard.at(-1)).toMatchObject({ upserted: ['notify/three.md'] });
  });
});
