// The state every bot process shares, opened by the main thread (which handles the
// platforms' events) on a small pool of its own, without loading the corpus store.
import { openDatabase, type WaitOptions } from './database.js';
import { PgSharedState } from './state.js';

/** The state every bot process shares (retry claims, watched channels, feed positions, installations), on a small pool of its own. */
export async function openSharedState(url: string, wait: WaitOptions = {}): Promise<{ state: PgSharedState; close(): Promise<void> }> {
  const pool = await openDatabase(url, { max: 2, ...wait });
  const state = new PgSharedState(pool);
  return {
    state,
    async close() {
      await state.close();
      await pool.end().catch(() => undefined);
    },
  };
}
