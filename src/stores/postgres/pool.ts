// One connection pool per process. pg emits 'error' on idle clients when the server
// goes away (a restart, a cut network); unhandled, that event would kill the bot, so
// it is logged and the client dropped: the next query opens a fresh connection, which
// is how the bot reconnects after an outage.
import pg from 'pg';

// `date` columns come back as the text they hold (YYYY-MM-DD), never a local-time Date.
const DATE_OID = 1082;
const types = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === DATE_OID ? (v: string) => v : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

export interface PoolOptions {
  /** Connections to hold at most (default 10). */
  max?: number;
  /** Give up connecting after this long, so a command answers "unavailable" instead of hanging. */
  connectTimeoutMs?: number;
  /** Called for connection errors that no query was waiting for. */
  onIdleError?: (err: Error) => void;
  /**
   * Give up on a query's answer after this long (default 15 s: a bot's command must not hang on a
   * half-open connection). A bulk tool whose statements may run for minutes (ingest's ANALYZE and
   * regrouping) sets its own.
   */
  queryTimeoutMs?: number;
  /** Server settings for every connection, as libpq's `options` ("-c name=value ..."). */
  settings?: Record<string, string | number>;
}

export function createPool(url: string, opts: PoolOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 10,
    connectionTimeoutMillis: opts.connectTimeoutMs ?? 3000,
    idleTimeoutMillis: 30_000,
    // A half-open connection (server vanished without a FIN) must not hang a command forever.
    query_timeout: opts.queryTimeoutMs ?? 15_000,
    keepAlive: true,
    application_name: 'quotebot',
    ...(opts.settings ? { options: Object.entries(opts.settings).map(([k, v]) => `-c ${k}=${v}`).join(' ') } : {}),
    types,
  });
  pool.on('error', (err) => opts.onIdleError?.(err));
  return pool;
}

/**
 * Run `fn` in one transaction on one connection; rolled back whole if it throws.
 * A deadlock or serialisation failure (two writers touching one speaker) is retried.
 */
export async function inTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>, opts: TransactionOptions = {}): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await transactionOnce(pool, fn, opts);
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (attempt >= 3 || (code !== '40P01' && code !== '40001')) throw err;
    }
  }
}

export interface TransactionOptions {
  /**
   * Do not wait for the commit to reach the disk (synchronous_commit off): for work
   * that can always be redone, such as `ingest`. A crash then loses at most the last
   * moment's transactions, never consistency.
   */
  asyncCommit?: boolean;
  /** Only reads, all from one snapshot (REPEATABLE READ): rows of several tables as of the same corpus version. */
  readSnapshot?: boolean;
}

async function transactionOnce<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>, opts: TransactionOptions): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(opts.readSnapshot ? 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY' : opts.asyncCommit ? 'BEGIN; SET LOCAL synchronous_commit = off' : 'BEGIN');
    const out = await fn(client);
    await client.query('COMMIT');
    return out;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/**
 * A statement with a timeout of its own instead of the pool's (a bulk tool's corpus-wide
 * statements may outlast a bot's 15 s); none given: the pool's. pg's Client reads
 * query_timeout from a query's config; its typings leave it out.
 */
export function withTimeout(text: string, timeoutMs?: number): pg.QueryConfig {
  return { text, ...(timeoutMs ? { query_timeout: timeoutMs } : {}) } as pg.QueryConfig;
}

/** Errors that mean "the database cannot be reached right now", as opposed to a bug in a query. */
export function isConnectionError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') {
    // Node socket errors, and PostgreSQL's classes 08 (connection), 57P (shutdown / cannot connect now) and 53 (resources).
    if (/^(ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN)$/.test(code)) return true;
    if (/^(08|57P|53)/.test(code)) return true;
  }
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|Query read timeout|not queryable/i.test(err.message);
}
