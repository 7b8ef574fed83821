// What a bot process needs when QUOTEBOT_DATABASE_URL is set: the PostgreSQL store and
// the folder watcher writing changes into the database (both in the store worker), and
// the shared state (on the main thread, which handles the platforms' events).
import type { Logger } from 'pino';
import { PgSharedState } from './state.js';
import { PgStore } from './store.js';
import { watchFolderIntoDatabase, type FolderWatch } from './watch.js';
import { openDatabase, redactUrl } from './index.js';

export interface PostgresCorpus {
  store: PgStore;
  close(): Promise<void>;
}

/** The state every bot process shares (retry claims, watched channels, feed positions, installations), on a small pool of its own. */
export async function openSharedState(url: string): Promise<{ state: PgSharedState; close(): Promise<void> }> {
  const pool = await openDatabase(url, { max: 2 });
  const state = new PgSharedState(pool);
  return {
    state,
    async close() {
      await state.close();
      await pool.end().catch(() => undefined);
    },
  };
}

export async function openPostgresCorpus(url: string, corpusDir: string, logger: Logger, opts: { watch: boolean }): Promise<PostgresCorpus> {
  const t0 = performance.now();
  let store: PgStore;
  try {
    store = await PgStore.open(url, { onError: (err, what) => logger.warn({ err: err.message, what }, 'database connection trouble; reconnecting') });
  } catch (err) {
    throw new Error(`cannot open the database ${redactUrl(url)}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const s = await store.status();
  logger.info({ articles: s.articles, skipped: s.problems, ms: Math.round(performance.now() - t0), database: redactUrl(url) }, 'corpus loaded from the database');
  let watcher: FolderWatch | null = null;
  if (opts.watch) watcher = watchFolderIntoDatabase(corpusDir, store, logger);
  return {
    store,
    async close() {
      watcher?.close();
      await store.close();
    },
  };
}
