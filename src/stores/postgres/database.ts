// Opening the database: a pool, and the schema brought up to date before anything reads.
// Light on purpose: the main thread of a bot process opens its shared state with it,
// without loading the store, the writer or the extraction.
import type pg from 'pg';
import { createPool, type PoolOptions } from './pool.js';
import { migrate } from './migrations.js';

export async function openDatabase(url: string, opts: PoolOptions = {}): Promise<pg.Pool> {
  const pool = createPool(url, opts);
  try {
    await migrate(pool);
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw err;
  }
  return pool;
}

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}
