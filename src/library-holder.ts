// Holds the memory store of the corpus folder and reloads it when the folder
// changes. A reload builds a whole new Library and swaps it into the store in
// one step, so a query running meanwhile sees either the old corpus or the new.
import { watch, type FSWatcher } from 'node:fs';
import type { Logger } from 'pino';
import { loadLibrary, type Library } from './core/library.js';
import { MemoryStore } from './core/store/memory.js';

export interface StoreHolder {
  store: MemoryStore;
  /** Rebuild now; on failure the old corpus stays in force. */
  reload(): Promise<void>;
  close(): Promise<void>;
}

export async function openStore(corpusDir: string, logger: Logger, opts: { watch?: boolean; debounceMs?: number } = {}): Promise<StoreHolder> {
  const store = new MemoryStore(await build());
  let watcher: FSWatcher | null = null;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let again = false;

  async function build(): Promise<Library> {
    const t0 = performance.now();
    const next = await loadLibrary(corpusDir);
    for (const p of next.problems) logger.warn({ file: p.file, reason: p.reason }, `skipped corpus file ${p.file}: ${p.reason}`);
    logger.info({ articles: next.articles.length, skipped: next.problems.length, ms: Math.round(performance.now() - t0) }, 'corpus loaded');
    return next;
  }

  async function reload(): Promise<void> {
    // Coalesce bursts of changes: one rebuild at a time, one more if changes came meanwhile.
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          store.replace(await build());
        } while (again);
      } catch (err) {
        logger.error({ err }, 'corpus reload failed; still serving the previous corpus');
      } finally {
        running = null;
      }
    })();
    return running;
  }

  if (opts.watch !== false) {
    try {
      watcher = watch(corpusDir, { recursive: true }, () => {
        if (timer) clearTimeout(timer);
        timer = setTimeout(() => void reload(), opts.debounceMs ?? 300);
      });
      watcher.on('error', (err) => logger.warn({ err }, 'corpus watcher failed; changes will not be picked up'));
    } catch (err) {
      logger.warn({ err }, 'cannot watch the corpus folder; changes will not be picked up');
    }
  }

  return {
    store,
    reload,
    async close() {
      if (timer) clearTimeout(timer);
      watcher?.close();
      await store.close();
    },
  };
}
