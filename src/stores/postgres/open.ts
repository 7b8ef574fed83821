// What a bot process needs when QUOTEBOT_DATABASE_URL is set: the PostgreSQL store and
// the folder watcher writing changes into the database, both in the store worker (the
// shared state the main thread opens is in shared-state.ts).
import type { Logger } from 'pino';
import { PgStore } from './store.js';
import { watchFolderIntoDatabase, type FolderWatch } from './watch.js';
import { redactUrl, startWait } from './database.js';

export interface PostgresCorpus {
  store: PgStore;
  close(): Promise<void>;
}

export async function openPostgresCorpus(url: string, corpusDir: string, logger: Logger, opts: { watch: boolean }): Promise<PostgresCorpus> {
  const t0 = performance.now();
  let store: PgStore;
  try {
    store = await PgStore.open(url, {
      onError: (err, what) => logger.warn({ err: err.message, what }, 'database connection trouble; reconnecting'),
      ...startWait(logger, url),
    });
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
