// A corpus folder as the memory store holds it: one entry per file, each the
// result of extracting that file alone (read, cleaned, segmented, dates
// resolved, quotes attributed), keyed by a hash of the file's content. A change re-extracts only
// the file that changed; the library (quotes across articles, event groups, the
// index) is then assembled from the entries, off the main thread, and swapped
// in whole. With a cache folder the entries survive a restart: an unchanged file
// is loaded, not extracted again.
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import type { Logger } from 'pino';
import { listCorpus, loadCorpusFile, sidecarArticle } from '../core/corpus/load.js';
import { eventsOf, extractDates, SentenceCache } from '../core/dates/store.js';
import { librarySteps, type Library } from '../core/library.js';
import { runSteps, type Steps } from '../core/steps.js';
import { TokenCache } from '../core/search/tokens.js';
import { QuoteTextCache } from '../core/quotes/texts.js';
import { extractArticleQuotes, type ArticleQuotes } from '../core/quotes/store.js';
import type { Article, DatedEvent, DateMention, LoadProblem } from '../core/types.js';

/** What extracting one file gives: its article (or why it is skipped), its date mentions and its attributed quotes. */
export interface Extract {
  article: Article | null;
  problem: LoadProblem | null;
  dates: DateMention[] | null;
  quotes: ArticleQuotes | null;
}

interface Entry extends Extract {
  /** Hash of the code that extracts, the file's id and its bytes (and its sidecar's). */
  key: string;
  /**
   * The article's dated events, made from its date mentions by the first build
   * that reads this entry and kept for the next ones (the date store holds these
   * same objects, so keeping them costs nothing). Not cached on disk.
   */
  events?: DatedEvent[];
}

export type Log = Pick<Logger, 'info' | 'warn' | 'error' | 'debug'>;

export interface CorpusFolderOptions {
  /** Folder for the per-file cache (QUOTEBOT_CACHE_DIR); null: no cache. */
  cacheDir?: string | null;
  logger: Log;
}

/** Bumped when the cache's layout changes; the code's own hash covers changes to extraction. */
const CACHE_FORMAT = 'qb-extract-2';

let codeHash: Promise<string> | null = null;

/**
 * A hash of the core's code (every module under src/core or dist/core): an entry
 * extracted by other code (a new date rule) must not be reused.
 */
function extractionCodeHash(): Promise<string> {
  codeHash ??= (async () => {
    const core = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'core');
    const h = createHash('sha256').update(CACHE_FORMAT);
    const walk = async (dir: string): Promise<void> => {
      const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
      for (const e of entries) {
        const abs = path.join(dir, e.name);
        if (e.isDirectory()) await walk(abs);
        else if (/\.(?:js|ts)$/.test(e.name) && !e.name.endsWith('.d.ts')) h.update(e.name).update(await readFile(abs));
      }
    };
    await walk(core);
    return h.digest('hex');
  })();
  return codeHash;
}

export class CorpusFolder {
  readonly root: string;
  private readonly entries = new Map<string, Entry>();
  private listProblems: LoadProblem[] = [];
  private readonly cacheDir: string | null;
  private readonly log: Log;
  /** Files extracted since this folder was opened (a restart from the cache adds none for unchanged files). */
  extractions = 0;
  /** Entries read back from the cache. */
  cacheHits = 0;
  /** The paragraph index's words of each article, kept between builds (in memory only). */
  readonly tokens = new TokenCache();
  /** What each quote's words give (grouping key, search terms), kept between builds. */
  readonly quoteTexts = new QuoteTextCache();
  /** The dated sentences' terms, kept between builds. */
  readonly sentences = new SentenceCache();

  constructor(root: string, opts: CorpusFolderOptions) {
    this.root = path.resolve(root);
    this.cacheDir = opts.cacheDir ? path.join(path.resolve(opts.cacheDir), 'extracts') : null;
    this.log = opts.logger;
  }

  /** Every file of the folder, in sync: new and changed ones extracted, gone ones dropped. Returns the ids that changed. */
  async syncAll(): Promise<{ changed: string[]; removed: string[] }> {
    const listing = await listCorpus(this.root);
    this.listProblems = listing.problems;
    for (const p of listing.problems) this.log.warn({ file: p.file, reason: p.reason }, `skipped ${p.file}: ${p.reason}`);
    const ids = new Set(listing.ids);
    const removed = [...this.entries.keys()].filter((id) => !ids.has(id));
    for (const id of removed) this.entries.delete(id);
    const changed: string[] = [];
    let next = 0;
    const order = listing.ids;
    // A few files at once hide disk latency; extraction itself is one CPU.
    const worker = async (): Promise<void> => {
      while (next < order.length) {
        const id = order[next++]!;
        if (await this.syncOne(id, listing.sidecars)) changed.push(id);
      }
    };
    await Promise.all(Array.from({ length: Math.min(16, order.length) }, worker));
    await this.pruneCache();
    return { changed: changed.sort(), removed };
  }

  /**
   * One file that a watcher saw added, changed or removed (or its sidecar).
   * Returns whether the corpus changed.
   */
  async syncFile(rel: string): Promise<boolean> {
    const id = sidecarArticle(rel) ?? rel;
    const present = await stat(path.join(this.root, ...id.split('/'))).then(
      () => true,
      () => false,
    );
    if (!present) return this.removeFile(id);
    const changed = await this.syncOne(id, null);
    if (changed) await this.pruneCache();
    return changed;
  }

  /** Forget a file (deleted, or its folder went away). */
  removeFile(id: string): boolean {
    const had = this.entries.delete(id);
    if (had) void this.pruneCache();
    return had;
  }

  /** Forget every file under a folder that went away ('' for the whole corpus). */
  removeFolder(prefix: string): string[] {
    const gone = [...this.entries.keys()].filter((id) => !prefix || id.startsWith(`${prefix}/`));
    for (const id of gone) this.entries.delete(id);
    if (gone.length) void this.pruneCache();
    return gone;
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  /** An article that came from elsewhere (`add`, a feed): extracted here, kept until removed or its file changes. */
  put(article: Article): void {
    this.extractions++;
    const key = `put:${createHash('sha256').update(article.id).update('\0').update(article.raw).digest('hex')}`;
    this.entries.set(article.id, { article, problem: null, dates: extractDates(article), quotes: extractArticleQuotes(article), key });
  }

  /** The library of the entries as they are now (the expensive cross-article part). */
  library(): Library {
    return runSteps(this.librarySteps());
  }

  /**
   * The same, built in slices: the entries are read when this is called, so
   * changes made while it runs wait for the next build.
   */
  librarySteps(): Steps<Library> {
    const ids = [...this.entries.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const articles: Article[] = [];
    const problems: LoadProblem[] = [...this.listProblems];
    const dates = new Map<string, DateMention[]>();
    const quotes = new Map<string, ArticleQuotes>();
    const kept = new Map<string, Entry>();
    for (const id of ids) {
      const e = this.entries.get(id)!;
      if (e.article) {
        kept.set(e.article.id, e);
        articles.push(e.article);
        if (e.dates) dates.set(e.article.id, e.dates);
        if (e.quotes) quotes.set(e.article.id, e.quotes);
      }
      if (e.problem) problems.push(e.problem);
    }
    // As loadCorpus: problems in file order.
    problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    const events = (a: Article, mentions: readonly DateMention[]): DatedEvent[] | undefined => {
      const e = kept.get(a.id);
      // Only for the mentions this entry holds (the build was given them): events of other mentions would be wrong.
      if (!e || e.dates !== mentions) return undefined;
      e.events ??= eventsOf(a, mentions);
      return e.events;
    };
    return librarySteps(articles, problems, this.root, { datesOf: (a) => dates.get(a.id), quotesOf: (a) => quotes.get(a.id), eventsOf: events, tokens: this.tokens, quoteTexts: this.quoteTexts, sentences: this.sentences });
  }

  /** Bring one entry up to date; true when it changed. */
  private async syncOne(id: string, sidecars: Set<string> | null): Promise<boolean> {
    const key = await this.keyOf(id, sidecars);
    const had = this.entries.get(id);
    if (key === null) {
      // Vanished between listing and reading.
      return this.entries.delete(id);
    }
    if (had?.key === key) return false;
    const cached = await this.readCache(key);
    const extract = cached ?? (await this.extract(id));
    this.entries.set(id, { ...extract, key });
    if (!cached) await this.writeCache(key, extract);
    return true;
  }

  private async extract(id: string): Promise<Extract> {
    this.extractions++;
    const r = await loadCorpusFile(this.root, id);
    if (!r.article) {
      const problem = r.problem ?? { file: id, reason: 'It could not be read.' };
      this.log.warn({ file: id, reason: problem.reason }, `skipped ${id}: ${problem.reason}`);
      return { article: null, problem, dates: null, quotes: null };
    }
    return { article: r.article, problem: null, dates: extractDates(r.article), quotes: extractArticleQuotes(r.article) };
  }

  /** Hash of the code, the id and the bytes of the file and of its sidecar; null when the file is gone. */
  private async keyOf(id: string, sidecars: Set<string> | null): Promise<string | null> {
    const abs = path.join(this.root, ...id.split('/'));
    const h = createHash('sha256').update(await extractionCodeHash()).update('\0').update(id).update('\0');
    try {
      h.update(await readFile(abs));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return null;
      // Unreadable (permissions, a folder named like a file): extracting says why.
      h.update(`unreadable:${code ?? 'unknown'}`);
    }
    if (/\.txt$/i.test(id)) {
      const base = abs.replace(/\.txt$/i, '');
      for (const c of [`${base}.meta.yaml`, `${base}.meta.yml`, `${abs}.meta.yaml`]) {
        if (sidecars && !sidecars.has(c)) continue;
        try {
          h.update('\0sidecar\0').update(c).update(await readFile(c));
        } catch {
          // No such sidecar.
        }
      }
    }
    return h.digest('hex');
  }

  private async readCache(key: string): Promise<Extract | null> {
    if (!this.cacheDir) return null;
    try {
      const buf = await readFile(path.join(this.cacheDir, `${key}.v8`));
      const value = deserialize(buf) as Extract;
      this.cacheHits++;
      return value;
    } catch {
      return null;
    }
  }

  private async writeCache(key: string, extract: Extract): Promise<void> {
    if (!this.cacheDir) return;
    try {
      await mkdir(this.cacheDir, { recursive: true });
      const file = path.join(this.cacheDir, `${key}.v8`);
      // Written aside and renamed: a crash mid-write never leaves half an entry.
      const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
      await writeFile(tmp, serialize(extract));
      await rename(tmp, file);
    } catch (err) {
      this.log.warn({ err, cacheDir: this.cacheDir }, 'cannot write the extraction cache; restarts will extract again');
    }
  }

  /** Drop cached entries no file has any more (a changed file's old entry). */
  private async pruneCache(): Promise<void> {
    if (!this.cacheDir) return;
    const live = new Set([...this.entries.values()].map((e) => `${e.key}.v8`));
    let names: string[];
    try {
      names = await readdir(this.cacheDir);
    } catch {
      return;
    }
    await Promise.all(names.filter((n) => n.endsWith('.v8') && !live.has(n)).map((n) => rm(path.join(this.cacheDir!, n), { force: true })));
  }
}
