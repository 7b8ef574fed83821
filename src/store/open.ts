// The memory store of a corpus folder: extract every file (or read it from the
// cache), assemble the library, then keep it in step with the folder, one file
// at a time. Used inside the store worker, and in-process by `ask` and tests.
import { MemoryStore } from '../core/store/memory.js';
import { watchCorpus, type CorpusWatcher } from '../ingest/watch.js';
import { CorpusFolder, type Log } from './corpus.js';

export interface FolderStoreOptions {
  logger: Log;
  cacheDir?: string | null;
  watch?: boolean;
  debounceMs?: number;
  rootCheckMs?: number;
}

export interface FolderStore {
  store: MemoryStore;
  folder: CorpusFolder;
  /** null when not watching. */
  watcher: CorpusWatcher | null;
  close(): Promise<void>;
}

export async function openFolderStore(root: string, opts: FolderStoreOptions): Promise<FolderStore> {
  const { logger } = opts;
  const folder = new CorpusFolder(root, { cacheDir: opts.cacheDir ?? null, logger });
  const t0 = performance.now();
  await folder.syncAll();
  const lib = folder.library();
  logger.info(
    { articles: lib.articles.length, skipped: lib.problems.length, extracted: folder.extractions, fromCache: folder.cacheHits, ms: Math.round(performance.now() - t0) },
    'corpus loaded',
  );
  const store = new MemoryStore(lib, folder);
  let watcher: CorpusWatcher | null = null;
  if (opts.watch) {
    watcher = watchCorpus(
      folder,
      (change) => {
        const t = performance.now();
        // Built in slices between queries; until it is swapped in, queries see the corpus before the change.
        store.apply(change).then(
          () => logger.info({ ...change, ms: Math.round(performance.now() - t) }, 'corpus change applied'),
          (err: unknown) => logger.error({ err, ...change }, 'applying corpus changes failed; still serving the previous corpus'),
        );
      },
      { logger, debounceMs: opts.debounceMs, rootCheckMs: opts.rootCheckMs },
    );
    await watcher.ready;
  }
  return {
    store,
    folder,
    watcher,
    async close() {
      await watcher?.close();
      await store.close();
    },
  };
}
