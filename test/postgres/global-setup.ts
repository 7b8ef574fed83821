// Vitest global setup: is a PostgreSQL server reachable for the tests? Asked once per
// run, in the main process, so a laptop without one sees a single notice line rather
// than one per test file, and under CI=true the whole run fails before any test starts.
// The answer reaches every test file through provide/inject (read in db.ts).
import pg from 'pg';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Why no PostgreSQL server can be used (null: one can). */
    postgresUnreachable: string | null;
  }
}

export const ADMIN_URL = process.env.QUOTEBOT_TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

export function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

/** null when the admin server answers; otherwise why not. */
export async function probe(): Promise<string | null> {
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

export const isCi = (): boolean => /^(true|1)$/i.test(process.env.CI ?? '');

/** The error CI gets, or null (and the one-line notice printed) when the tests may be skipped. */
export function verdict(unreachable: string | null): Error | null {
  if (!unreachable) return null;
  const where = `no server at ${redact(ADMIN_URL)} (${unreachable})`;
  if (isCi()) return new Error(`PostgreSQL tests: ${where}; CI=true requires one`);
  process.stderr.write(`PostgreSQL tests skipped: ${where}; set QUOTEBOT_TEST_DATABASE_URL to run them\n`);
  return null;
}

export default async function setup(project: TestProject): Promise<void> {
  const unreachable = await probe();
  const err = verdict(unreachable);
  if (err) throw err;
  project.provide('postgresUnreachable', unreachable);
}
