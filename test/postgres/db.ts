// PostgreSQL for the tests: each test file gets a database of its own (qb_<random>),
// dropped afterwards, on the server named by QUOTEBOT_TEST_DATABASE_URL (default the
// machine's 127.0.0.1:5432). With no server reachable the PostgreSQL tests are skipped
// with a one-line notice, except under CI=true, where that is a failure: CI must run them
// (global-setup.ts decides, once per run).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';
import { ADMIN_URL, probe, verdict } from './global-setup.js';
import { createPool } from '../../src/stores/postgres/pool.js';
import { migrate } from '../../src/stores/postgres/migrations.js';
import { PgStore } from '../../src/stores/postgres/store.js';

export { ADMIN_URL };

// The global setup (vitest.config.ts) probed once for the whole run; a run without it
// (another config) probes here, per file, with the same notice and the same CI rule.
const provided = inject('postgresUnreachable');
const unreachable = provided !== undefined ? provided : await probe();
if (provided === undefined) {
  const err = verdict(unreachable);
  if (err) throw err;
}

/** True when the PostgreSQL tests run here (use with describe.runIf). */
export const hasPostgres = unreachable === null;

/** The URL of `db` on the admin server. */
export function urlFor(db: string): string {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${db}`;
  return u.toString();
}

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** Create an empty, uniquely named database. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `qb_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    // Identifiers cannot be bind parameters; the name is ours (hex), never user text.
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return {
    name,
    url: urlFor(name),
    async drop() {
      const c = new pg.Client({ connectionString: ADMIN_URL });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/**
 * Migrated databases for one test file, each with a pool of its own: `open()` makes
 * one, `close()` (in afterAll) ends every pool and drops every database.
 */
export function migratedDatabases(max = 4): { open(): Promise<pg.Pool>; close(): Promise<void> } {
  const dbs: TestDatabase[] = [];
  const pools: pg.Pool[] = [];
  return {
    async open() {
      const db = await createTestDatabase();
      dbs.push(db);
      const pool = createPool(db.url, { max });
      pools.push(pool);
      await migrate(pool);
      return pool;
    },
    async close() {
      for (const p of pools) await p.end();
      for (const d of dbs) await d.drop();
    },
  };
}

/**
 * A PgStore on a database of its own for the enclosing describe block: opened before its
 * tests (beforeAll), closed and the database dropped after them. `store` is set once open.
 */
export function storeOnFreshDatabase(): { readonly store: PgStore } {
  let db: TestDatabase | undefined;
  let store: PgStore | undefined;
  beforeAll(async () => {
    db = await createTestDatabase();
    store = await PgStore.open(db.url, { maxConnections: 2 });
  });
  afterAll(async () => {
    await store?.close();
    await db?.drop();
  });
  return {
    get store(): PgStore {
      if (!store) throw new Error('storeOnFreshDatabase: the store is opened in beforeAll');
      return store;
    },
  };
}
