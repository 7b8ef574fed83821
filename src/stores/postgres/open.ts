// What main needs when QUOTEBOT_DATABASE_URL is set: the PostgreSQL store, the shared
// state on the same pool, and the folder watcher writing changes into the database.
import type { Logger } from 'pino';
import { PgSharedState } from './state.js';
import { PgStore } from './store.js';
import { watchFolderIntoDatabase, type FolderWatch } from './watch.js';
import { redactUrl } from './index.js';

export interface PostgresCorpus {
  store: PgStore;
  state: PgSharedState;
  close(): Promise<void>;
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
  const state = new PgSharedState(store.pool);
  let watcher: FolderWatch | null = null;
  if (opts.watch) watcher = watchFolderIntoDatabase(corpusDir, store, logger);
  return {
    store,
    state,
    async close() {
      watcher?.close();
      await state.close();
      await store.close();
    },
  };
}
