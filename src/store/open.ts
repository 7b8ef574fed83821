// The memory store of a corpus folder: extract every file (or read it from the
// cache), assemble the library, then keep it in step with the folder, one file
// at a time. Used inside the store worker, and in-process by `ask` and tests.
// With a cache folder, the library is loaded from its snapshot when no file
// changed, and a snapshot is written once a build has settled.
import type { Library } from '../core/library.js';
import { MemoryStore } from '../core/store/memory.js';
import { watchCorpus, type CorpusWatcher } from '../ingest/watch.js';
import { CorpusFolder, type Log } from './corpus.js';

/** Quiet time after the last build before its snapshot is written (writing one holds the store's thread). */
const SNAPSHOT_DELAY_MS = 30_000;

export interface FolderStoreOptions {
  logger: Log;
  cacheDir?: string | null;
  watch?: boolean;
  debounceMs?: number;
  rootCheckMs?: number;
  /** Quiet time before a settled library's snapshot is written (default 30 s). */
  snapshotDelayMs?: number;
}

export interface FolderStore {
  store: MemoryStore;
  folder: CorpusFolder;
  /** null when not watching. */
  watcher: CorpusWatcher | null;
  /** Write the snapshot of the library answering now, without waiting for the quiet time (tests, tools). */
  saveSnapshot(): Promise<boolean>;
  close(): Promise<void>;
}

export async function openFolderStore(root: string, opts: FolderStoreOptions): Promise<FolderStore> {
  const { logger } = opts;
  const folder = new CorpusFolder(root, { cacheDir: opts.cacheDir ?? null, logger });
  const t0 = performance.now();
  const { library: lib, fromSnapshot } = await folder.open();
  logger.info(
    { articles: lib.articles.length, skipped: lib.problems.length, extracted: folder.extractions, fromCache: folder.cacheHits, hashed: folder.hashed, fromSnapshot, ms: Math.round(performance.now() - t0) },
    'corpus loaded',
  );
  const store = new MemoryStore(lib, folder);
  const snapshots = opts.cacheDir ? new SnapshotWriter(folder, () => store.current(), opts.snapshotDelayMs ?? SNAPSHOT_DELAY_MS, logger) : null;
  if (!fromSnapshot) snapshots?.schedule();
  store.onChange(() => snapshots?.schedule());
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
    saveSnapshot: () => snapshots?.now() ?? Promise.resolve(false),
    async close() {
      await watcher?.close();
      await snapshots?.close();
      await store.close();
    },
  };
}

/**
 * Writes the snapshot of the library answering, once no build has been swapped
 * in for a while: a burst of changes writes one snapshot, after it. Writes never
 * overlap; a library swapped in during a write is written after it.
 */
class SnapshotWriter {
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<boolean> | null = null;
  private closed = false;

  constructor(
    private readonly folder: CorpusFolder,
    private readonly current: () => Library,
    private readonly delayMs: number,
    private readonly log: Log,
  ) {}

  schedule(): void {
    if (this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.now();
    }, this.delayMs);
    // A pending snapshot never keeps the process alive.
    this.timer.unref();
  }

  async now(): Promise<boolean> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    while (this.writing) await this.writing.catch(() => false);
    if (this.closed) return false;
    this.writing = this.folder.writeSnapshot(this.current()).catch((err: unknown) => {
      this.log.warn({ err }, 'library snapshot not written');
      return false;
    });
    try {
      return await this.writing;
    } finally {
      this.writing = null;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    // A write under way finishes (it is renamed into place whole or not at all).
    await this.writing?.catch(() => false);
  }
}
