// A bot process that starts before its database accepts connections (a compose file's
// first boot, a host reboot, one slow connect on a busy machine) waits for it instead of
// exiting; a database that answers with an error (a wrong name) fails at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { ADMIN_URL, hasPostgres, createTestDatabase, urlFor, type TestDatabase } from './db.js';
import { startProxy, type Proxy } from './proxy.js';
import { openDatabase } from '../../src/stores/postgres/index.js';
import { openSharedState } from '../../src/stores/postgres/shared-state.js';
import { ingestFolder } from '../../src/stores/postgres/ingest.js';
import { PgStore } from '../../src/stores/postgres/store.js';
import { isConnectionError } from '../../src/stores/postgres/pool.js';
import { answerLine } from '../../src/core/commands/registry.js';

const root = path.resolve(import.meta.dirname, '../..');

describe.runIf(hasPostgres)('opening a database that is not reachable yet', () => {
  let db: TestDatabase;
  let proxy: Proxy;

  beforeAll(async () => {
    db = await createTestDatabase();
    const direct = await openDatabase(db.url, { max: 1 });
    await ingestFolder(direct, path.join(root, 'test/fixtures/quotes/corpus'));
    await direct.end();
    const admin = new URL(ADMIN_URL);
    proxy = await startProxy({ host: admin.hostname, port: Number(admin.port || 5432) });
  });
  afterAll(async () => {
    await proxy.close();
    await db.drop();
  });

  it('keeps trying while the server is out of reach, and serves once it is back', async () => {
    proxy.cut();
    const waits: number[] = [];
    let restored = false;
    const opening = PgStore.open(proxy.urlThrough(db.url), {
      maxConnections: 2,
      waitMs: 20_000,
      onWait: (err, retryInMs) => {
        expect(isConnectionError(err)).toBe(true);
        waits.push(retryInMs);
        // Let it back in only after two failed tries, so the open really waited.
        if (waits.length === 2 && !restored) {
          restored = true;
          proxy.restore();
        }
      },
    });
    const store = await opening;
    try {
      expect(waits.length).toBeGreaterThanOrEqual(2);
      expect(waits[1]).toBeGreaterThan(waits[0]!);
      const a = await answerLine(store, '/quote Marsh');
      expect(a.error ?? null).toBeNull();
      expect(a.items.length).toBeGreaterThan(0);
    } finally {
      await store.close();
    }
  });

  it('gives up with the connection error once its wait is over', async () => {
    proxy.cut();
    const waits: number[] = [];
    try {
      await expect(openSharedState(proxy.urlThrough(db.url), { waitMs: 600, onWait: (_e, ms) => waits.push(ms) })).rejects.toSatisfy(isConnectionError);
      expect(waits.length).toBeGreaterThan(0);
      expect(waits.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(600);
    } finally {
      proxy.restore();
    }
  });

  it('does not wait for a server that answers with an error', async () => {
    const waits: number[] = [];
    const missing = urlFor(`qb_missing_${process.pid}`);
    const err = await PgStore.open(missing, { waitMs: 20_000, onWait: (_e, ms) => waits.push(ms) }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(Error);
    expect(String((err as Error).message)).toMatch(/does not exist/);
    expect(waits).toEqual([]);
  });
});
