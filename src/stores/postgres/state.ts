// SharedState in PostgreSQL: every bot process (Slack HTTP replicas, Socket Mode,
// Discord shards) reads and writes one table, so a retried Slack event is handled by
// exactly one of them and a channel watched through one is watched by all.
import type pg from 'pg';
import type { SharedState } from '../../core/store/state.js';

/** Expired rows are deleted at most this often per process (reads ignore them anyway). */
const PURGE_EVERY_MS = 60_000;

export class PgSharedState implements SharedState {
  private lastPurge = 0;

  /** ownsPool: close() ends the pool (when this state opened it). */
  constructor(
    private readonly pool: pg.Pool,
    private readonly ownsPool = false,
  ) {}

  async get<T>(ns: string, key: string): Promise<T | undefined> {
    const { rows } = await this.pool.query<{ value: T }>(
      'SELECT value FROM shared_state WHERE ns = $1 AND key = $2 AND (expires_at IS NULL OR expires_at > now())',
      [ns, key],
    );
    return rows[0]?.value;
  }

  async set<T>(ns: string, key: string, value: T, ttlSeconds?: number): Promise<void> {
    await this.pool.query(
      `INSERT INTO shared_state (ns, key, value, expires_at)
       VALUES ($1, $2, $3, CASE WHEN $4::float8 IS NULL THEN NULL ELSE now() + make_interval(secs => $4::float8) END)
       ON CONFLICT (ns, key) DO UPDATE SET value = EXCLUDED.value, expires_at = EXCLUDED.expires_at`,
      [ns, key, JSON.stringify(value ?? null), ttlSeconds ?? null],
    );
  }

  async delete(ns: string, key: string): Promise<void> {
    await this.pool.query('DELETE FROM shared_state WHERE ns = $1 AND key = $2', [ns, key]);
  }

  async list<T>(ns: string): Promise<Array<{ key: string; value: T }>> {
    const { rows } = await this.pool.query<{ key: string; value: T }>(
      'SELECT key, value FROM shared_state WHERE ns = $1 AND (expires_at IS NULL OR expires_at > now()) ORDER BY key',
      [ns],
    );
    return rows;
  }

  async claim(ns: string, key: string, ttlSeconds: number): Promise<boolean> {
    await this.purge();
    // One statement, so two processes claiming at once cannot both win: the insert
    // succeeds for the first; the second conflicts and takes the row over only if it expired.
    const { rowCount } = await this.pool.query(
      `INSERT INTO shared_state (ns, key, value, expires_at) VALUES ($1, $2, 'true', now() + make_interval(secs => $3::float8))
       ON CONFLICT (ns, key) DO UPDATE SET value = EXCLUDED.value, expires_at = EXCLUDED.expires_at
         WHERE shared_state.expires_at IS NOT NULL AND shared_state.expires_at <= now()`,
      [ns, key, ttlSeconds],
    );
    return rowCount === 1;
  }

  private async purge(): Promise<void> {
    const now = Date.now();
    if (now - this.lastPurge < PURGE_EVERY_MS) return;
    this.lastPurge = now;
    await this.pool.query('DELETE FROM shared_state WHERE expires_at IS NOT NULL AND expires_at <= now()');
  }

  async close(): Promise<void> {
    if (this.ownsPool) await this.pool.end();
  }
}
