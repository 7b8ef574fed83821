// PostgreSQL for the tests: each test file gets a database of its own (qb_<random>),
// dropped afterwards, on the server named by QUOTEBOT_TEST_DATABASE_URL (default the
// machine's 127.0.0.1:5432). With no server reachable the PostgreSQL tests are skipped
// with a one-line notice, except under CI=true, where that is a failure: CI must run them.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const ADMIN_URL = process.env.QUOTEBOT_TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

async function probe(): Promise<string | null> {
  const c = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    await c.query('SELECT 1');
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  } finally {
    await c.end().catch(() => undefined);
  }
}

const unreachable = await probe();
const ci = /^(true|1)$/i.test(process.env.CI ?? '');
if (unreachable && ci) {
  throw new Error(`PostgreSQL tests: no server at ${redact(ADMIN_URL)} (${unreachable}); CI=true requires one`);
}
if (unreachable) process.stderr.write(`PostgreSQL tests skipped: no server at ${redact(ADMIN_URL)} (${unreachable})\n`);

/** True when the PostgreSQL tests run here (use with describe.runIf). */
export const hasPostgres = unreachable === null;

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

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
