// How long a pool waits for an answer: a bot's commands give up soon (a half-open
// connection must not hang them), `ingest`'s corpus-wide statements may take minutes.
import { describe, expect, it } from 'vitest';
import { ADMIN_URL, hasPostgres } from './db.js';
import { createPool, isConnectionError } from '../../src/stores/postgres/pool.js';
import { INGEST_QUERY_TIMEOUT_MS } from '../../src/stores/postgres/ingest.js';

describe.runIf(hasPostgres)('query timeouts', () => {
  it('a pool gives up on an answer after its own timeout, which counts as the database unreachable', async () => {
    const short = createPool(ADMIN_URL, { max: 1, queryTimeoutMs: 100 });
    const long = createPool(ADMIN_URL, { max: 1, queryTimeoutMs: 5_000 });
    try {
      const err = await short.query('SELECT pg_sleep(0.5)').then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(Error);
      expect(isConnectionError(err)).toBe(true);
      await expect(long.query('SELECT pg_sleep(0.5) AS slept')).resolves.toMatchObject({ rowCount: 1 });
    } finally {
      await short.end();
      await long.end();
    }
  });

  it("ingest's statements may run for many minutes, not the bot's 15 seconds", () => {
    expect(INGEST_QUERY_TIMEOUT_MS).toBeGreaterThanOrEqual(10 * 60_000);
  });
});
