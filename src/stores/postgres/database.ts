// Opening the database: a pool, and the schema brought up to date before anything reads.
// Light on purpose: the main thread of a bot process opens its shared state with it,
// without loading the store, the writer or the extraction.
import type pg from 'pg';
import type { Logger } from 'pino';
import { createPool, isConnectionError, type PoolOptions } from './pool.js';
import { migrate } from './migrations.js';

/** How long a bot process keeps trying to reach the database at start before it gives up. */
export const START_WAIT_MS = 60_000;

/** A bot process's wait at start (its store thread and its shared state alike), each failed try logged. */
export function startWait(logger: Logger, url: string): WaitOptions {
  return {
    waitMs: START_WAIT_MS,
    onWait: (err, retryInMs) => logger.warn({ err: err.message, retryInMs, database: redactUrl(url) }, 'cannot reach the database yet; trying again'),
  };
}

export interface WaitOptions {
  /**
   * Keep trying to reach the server for this long before giving up (default 0: one try).
   * A bot process waits: in a compose file or after a host reboot it may start before the
   * database accepts connections, or meet one slow connect on a busy machine, and a process
   * that exits then is restarted in a loop, or not at all.
   */
  waitMs?: number;
  /** Told of each failed try that will be tried again, with the wait before the next. */
  onWait?: (err: Error, retryInMs: number) => void;
}

export async function openDatabase(url: string, opts: PoolOptions & WaitOptions = {}): Promise<pg.Pool> {
  const pool = createPool(url, opts);
  try {
    await migrateWhenReachable(pool, opts);
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw err;
  }
  return pool;
}

/**
 * Bring the schema up to date, trying again while the server cannot be reached (and only
 * then: a failed migration is a fault to report at once) until `waitMs` has passed.
 */
export async function migrateWhenReachable(pool: pg.Pool, opts: WaitOptions = {}): Promise<void> {
  const deadline = Date.now() + (opts.waitMs ?? 0);
  for (let pause = 250; ; pause = Math.min(pause * 2, 4000)) {
    try {
      await migrate(pool);
      return;
    } catch (err) {
      const left = deadline - Date.now();
      if (!isConnectionError(err) || left <= 0) throw err;
      const retryInMs = Math.min(pause, left);
      opts.onWait?.(err as Error, retryInMs);
      await new Promise((r) => setTimeout(r, retryInMs));
    }
  }
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
