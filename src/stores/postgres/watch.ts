// The corpus folder watcher when the database is set: each file that changes while the
// bot runs is written to the database on its own (upserted, recorded as skipped, or
// removed), and every bot process sees it through LISTEN/NOTIFY. Unlike `ingest` it
// never mirrors the whole folder, so a process whose folder lacks another's files
// removes nothing it did not see go.
import path from 'node:path';
import type { Logger } from 'pino';
import { isArticlePath, loadArticleFile, sidecarArticle } from '../../core/corpus/load.js';
import type { PgStore } from './store.js';
import { exists } from '../../core/corpus/exists.js';
import { watchTree, type TreeWatch } from './tree-watch.js';

// Notes about the folder; `ingest` records why they are not served.
const README = /^readme\.(?:md|markdown|txt)$/i;
// `NAME.source.html` beside `NAME.md` is the page an added article came from (the loader's
// rule): provenance while its .md is there, never a second article.
const PROVENANCE = /\.source\.html?$/i;

export interface FolderWatch {
  /** Resolves once every directory of the folder is watched (tests). */
  ready(): Promise<void>;
  /** Resolves when the changes seen so far are written (tests). */
  idle(): Promise<void>;
  close(): void;
}

export function watchFolderIntoDatabase(dir: string, store: PgStore, logger: Logger, opts: { debounceMs?: number } = {}): FolderWatch {
  const root = path.resolve(dir);
  const pending = new Map<string, NodeJS.Timeout>();
  let chain: Promise<void> = Promise.resolve();
  let watcher: TreeWatch | null = null;

  const apply = async (rel: string): Promise<void> => {
    const id = rel.split(path.sep).join('/');
    const abs = path.join(root, rel);
    const present = await exists(abs);
    try {
      if (PROVENANCE.test(id) && (await exists(abs.replace(PROVENANCE, '.md')))) return;
      if (!present) {
        await store.removeArticle(id);
        logger.info({ file: id }, 'corpus file removed; removed from the database');
        return;
      }
      const r = await loadArticleFile(abs, { root });
      if (r.article) {
        await store.upsertArticle(r.article);
        logger.info({ file: id }, 'corpus file changed; written to the database');
      } else if (r.problem) {
        await store.recordProblem(r.problem);
        logger.warn({ file: id, reason: r.problem.reason }, `skipped corpus file ${id}: ${r.problem.reason}`);
      }
    } catch (err) {
      // The database may be down: the change is logged, and the next `ingest` (or edit) brings it in.
      logger.error({ err, file: id }, 'could not write a corpus change to the database');
    }
  };

  const seen = (filename: string | null) => {
    if (!filename) return;
    // The same files the loader serves (.md, .txt, .html; no hidden ones), a sidecar standing for its .txt.
    const slashed = filename.split(path.sep).join('/');
    const article = sidecarArticle(slashed) ?? slashed;
    if (!isArticlePath(article) || README.test(path.posix.basename(article))) return;
    const rel = article.split('/').join(path.sep);
    clearTimeout(pending.get(rel));
    pending.set(
      rel,
      setTimeout(() => {
        pending.delete(rel);
        chain = chain.then(() => apply(rel));
      }, opts.debounceMs ?? 300),
    );
  };

  try {
    watcher = watchTree(root, seen, (err) => logger.warn({ err }, 'corpus watcher failed; changes will not be picked up'));
  } catch (err) {
    logger.warn({ err }, 'cannot watch the corpus folder; changes will not be picked up');
  }

  return {
    async ready() {
      await watcher?.ready;
    },
    async idle() {
      while (pending.size) await new Promise((r) => setTimeout(r, 50));
      await chain;
    },
    close() {
      for (const t of pending.values()) clearTimeout(t);
      pending.clear();
      watcher?.close();
    },
  };
}
