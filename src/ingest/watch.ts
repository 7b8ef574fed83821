// The corpus folder watcher: each file added, changed or removed is applied to
// the store one file at a time. chokidar does the watching (Node 20's recursive
// fs.watch stalls the event loop on mass deletes and silently stops on a symlink
// loop or a replaced folder). What this adds: links are never followed (no
// loops; a link is read only if it stays inside the folder), an unreadable
// subfolder is named and skipped, a corpus folder replaced by rename is noticed
// and watched again, and whatever stops being watched is logged.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { isArticlePath, sidecarArticle } from '../core/corpus/load.js';
import type { CorpusFolder, Log } from '../store/corpus.js';
import { exists } from '../core/corpus/exists.js';

export interface WatchOptions {
  logger: Log;
  /** Quiet time before a burst of changes is applied. */
  debounceMs?: number;
  /** How often the folder itself is checked for being replaced or removed. */
  rootCheckMs?: number;
}

export interface FolderChange {
  upserted: string[];
  removed: string[];
}

export interface CorpusWatcher {
  /** Resolves when the watcher is watching (the first scan is done). */
  ready: Promise<void>;
  /** Resolves when every change seen so far has been applied. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

// `NAME.source.html` beside `NAME.md` is the page an added article came from
// (the loader's rule, src/core/corpus/load.ts): provenance while its .md is
// there, a page of its own once the .md is gone. `add` writes the .md first,
// so a batch that sees both never serves the page as a second article.
const PROVENANCE = /\.source\.html?$/i;
const MARKDOWN = /\.md$/i;

/** The other half of an article/provenance pair, or null. */
function provenancePair(rel: string): string | null {
  if (PROVENANCE.test(rel)) return rel.replace(PROVENANCE, '.md');
  if (MARKDOWN.test(rel)) return rel.replace(MARKDOWN, '.source.html');
  return null;
}

/**
 * The changed files to apply, with provenance pages sorted out: a page whose
 * .md is present is dropped from the corpus (never synced as an article); a
 * changed or removed .md brings its page along, so that a page whose .md went
 * away is read as an article of its own and one whose .md came back is dropped.
 */
export function provenanceAware(files: readonly string[], present: (rel: string) => boolean): Array<{ rel: string; drop: boolean }> {
  const out = new Map<string, boolean>();
  for (const f of files) {
    out.set(f, false);
    const pair = provenancePair(f);
    if (pair && MARKDOWN.test(f) && present(pair)) out.set(pair, false);
  }
  for (const rel of out.keys()) {
    if (PROVENANCE.test(rel) && present(provenancePair(rel)!)) out.set(rel, true);
  }
  return [...out].map(([rel, drop]) => ({ rel, drop }));
}

function codeOf(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  const known: Record<string, string> = { EACCES: 'permission denied', EPERM: 'permission denied', ELOOP: 'a symbolic link loop', ENOSPC: 'the system limit of watched folders is reached' };
  return (code && known[code]) ?? code ?? (err instanceof Error ? err.message : String(err));
}

/** Watch `folder`'s root; `apply` gets each batch of applied changes (the store swaps its library in). */
export function watchCorpus(folder: CorpusFolder, apply: (change: FolderChange) => void, opts: WatchOptions): CorpusWatcher {
  const { logger } = opts;
  const root = folder.root;
  const debounceMs = opts.debounceMs ?? 200;
  const pending = new Set<string>();
  const goneDirs = new Set<string>();
  let fullSync = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();
  let closed = false;
  let watcher: FSWatcher | null = null;
  let rootId: string | null = null;
  let rootMissing = false;

  const rel = (p: string): string => path.relative(root, p).split(path.sep).join('/');

  const schedule = (): void => {
    if (closed) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      running = running.then(flush);
    }, debounceMs);
  };

  async function flush(): Promise<void> {
    if (closed) return;
    const files = [...pending];
    const dirs = [...goneDirs];
    const all = fullSync;
    pending.clear();
    goneDirs.clear();
    fullSync = false;
    const upserted = new Set<string>();
    const removed = new Set<string>();
    try {
      if (all) {
        const r = await folder.syncAll();
        r.changed.forEach((id) => upserted.add(id));
        r.removed.forEach((id) => removed.add(id));
      } else {
        for (const d of dirs) for (const id of folder.removeFolder(d)) removed.add(id);
        for (const f of provenanceAware(files, await presentOf(files))) {
          if (f.drop) {
            if (folder.removeFile(f.rel)) removed.add(f.rel);
            continue;
          }
          const id = sidecarArticle(f.rel) ?? f.rel;
          const had = folder.has(id);
          if (!(await folder.syncFile(f.rel))) continue;
          if (folder.has(id)) upserted.add(id);
          else if (had) removed.add(id);
        }
      }
      if (upserted.size || removed.size) apply({ upserted: [...upserted], removed: [...removed] });
    } catch (err) {
      logger.error({ err }, 'applying corpus changes failed; still serving the previous corpus');
    }
  }

  async function presentOf(files: string[]): Promise<(rel: string) => boolean> {
    const names = new Set<string>();
    for (const f of files) {
      names.add(f);
      const pair = provenancePair(f);
      if (pair) names.add(pair);
    }
    const present = new Set<string>();
    for (const n of names) if (await exists(path.join(root, ...n.split('/')))) present.add(n);
    return (rel) => present.has(rel);
  }

  const onFile = (p: string): void => {
    const r = rel(p);
    if (isArticlePath(r) || sidecarArticle(r)) {
      pending.add(r);
      schedule();
    }
  };

  async function identity(): Promise<string | null> {
    try {
      const st = await stat(root);
      return st.isDirectory() ? `${st.dev}:${st.ino}` : null;
    } catch {
      return null;
    }
  }

  function start(): Promise<void> {
    const w = watch(root, {
      ignoreInitial: true,
      // Links are not followed: no loop can trap the watcher, and a link out of the
      // folder is reported as a file, which the loader then refuses to read.
      followSymlinks: false,
      // Dotfiles and dot-folders (.git) are never articles.
      ignored: (p: string) => rel(p).split('/').some((part) => part.startsWith('.')),
      atomic: true,
    });
    watcher = w;
    w.on('add', onFile).on('change', onFile).on('unlink', onFile);
    w.on('unlinkDir', (p: string) => {
      const r = rel(p);
      if (!r) return; // the root itself: the root check handles it
      goneDirs.add(r);
      schedule();
    });
    w.on('error', (err: unknown) => {
      const where = (err as NodeJS.ErrnoException | null)?.path;
      const what = where ? rel(where) || '.' : 'the corpus folder';
      logger.warn({ err, path: what }, `stopped watching ${what} (${codeOf(err)}): changes there are not picked up`);
    });
    return new Promise((resolve) => w.once('ready', () => resolve()));
  }

  async function checkRoot(): Promise<void> {
    if (closed) return;
    const id = await identity();
    if (id === rootId) return;
    if (id === null) {
      if (!rootMissing) logger.error({ corpus: root }, 'the corpus folder is gone; still serving the last corpus, and watching for the folder to come back');
      rootMissing = true;
      return;
    }
    logger.warn({ corpus: root }, rootMissing ? 'the corpus folder is back; reading it again' : 'the corpus folder was replaced; watching the new one and reading it again');
    rootMissing = false;
    rootId = id;
    const old = watcher;
    watcher = null;
    await old?.close();
    if (closed) return;
    await start();
    fullSync = true;
    schedule();
  }

  let rootTimer: NodeJS.Timeout | null = null;
  const ready = (async () => {
    rootId = await identity();
    await start();
    rootTimer = setInterval(() => void checkRoot(), opts.rootCheckMs ?? 1000);
    rootTimer.unref();
  })();

  return {
    ready,
    async settled() {
      await ready;
      while (timer || pending.size || goneDirs.size || fullSync) {
        await new Promise((r) => setTimeout(r, Math.max(10, debounceMs / 2)));
        await running;
      }
      await running;
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      if (rootTimer) clearInterval(rootTimer);
      await ready.catch(() => undefined);
      await watcher?.close();
      await running;
    },
  };
}
