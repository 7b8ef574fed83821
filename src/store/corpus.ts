// A corpus folder as the memory store holds it: one entry per file, each the
// result of extracting that file alone (read, cleaned, segmented, dates
// resolved, quotes attributed), keyed by a hash of the file's content. A change re-extracts only
// the file that changed; the library (quotes across articles, event groups, the
// index) is then assembled from the entries, off the main thread, and swapped
// in whole. With a cache folder the entries survive a restart: an unchanged file
// is loaded, not extracted again; a file whose stat (size, times, inode) is the
// one recorded in the cache's manifest is not even read to be hashed; and when
// every file is unchanged the library itself is loaded from the snapshot taken
// after the last build settled (snapshot.ts), instead of being assembled again.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import type { Logger } from 'pino';
import { listCorpus, loadCorpusFile, sidecarArticle, type CorpusListing } from '../core/corpus/load.js';
import { eventsOf, extractDates, SentenceCache, type SentenceCacheSnapshot } from '../core/dates/store.js';
import { librarySteps, type Library } from '../core/library.js';
import { libraryFromSnapshot, libraryToSnapshot, unleanArticles, withLeanArticles, type LibrarySnapshot } from '../core/snapshot.js';
import { runSteps, type Steps } from '../core/steps.js';
import { TokenCache, type TokenCacheSnapshot } from '../core/search/tokens.js';
import { QuoteTextCache, type QuoteTextCacheSnapshot } from '../core/quotes/texts.js';
import { extractArticleQuotes, type ArticleQuotes } from '../core/quotes/store.js';
import type { Article, DatedEvent, DateMention, LoadProblem } from '../core/types.js';
import { readSnapshot, writeSnapshotFile } from './snapshot.js';

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
  /** The file's stat when its key was computed (statSignature), null when it is not to be trusted. */
  sig?: string | null;
}

/** What a library was built from (its entries, in id order, and the listing's problems): what its snapshot holds. */
interface BuiltFrom {
  entries: Array<[string, Entry]>;
  listProblems: LoadProblem[];
}

/** An entry as the snapshot holds it: its article by id (the articles and their quotes are written apart). */
type SnapshotEntry = Omit<Entry, 'article' | 'quotes'> & { articleId: string | null };

/** One part of a snapshot's articles (withLeanArticles), with each one's attributed quotes. */
interface ArticleChunk {
  articles: Article[];
  fullText: string[];
  quotes: Array<ArticleQuotes | null>;
}

/** The kept per-article work, the part before the last. */
interface KeptSnapshot {
  tokens: TokenCacheSnapshot;
  quoteTexts: QuoteTextCacheSnapshot;
  sentences: SentenceCacheSnapshot;
}

/** Articles serialized at a time when a snapshot is written (the store answers between chunks). */
const SNAPSHOT_CHUNK = 250;

/**
 * The last part of a snapshot (after the article chunks and the kept work): the library without
 * its articles and the entries it was built from, in one value (shared objects stay shared).
 */
interface SnapshotValue {
  lib: LibrarySnapshot;
  entries: Array<[string, SnapshotEntry]>;
  listProblems: LoadProblem[];
}

export type Log = Pick<Logger, 'info' | 'warn' | 'error' | 'debug'>;

export interface CorpusFolderOptions {
  /** Folder for the per-file cache (QUOTEBOT_CACHE_DIR); null: no cache. */
  cacheDir?: string | null;
  logger: Log;
}

/** Bumped when the cache's layout changes; the code's own hash covers changes to extraction. */
const CACHE_FORMAT = 'qb-extract-3';
const MANIFEST_FORMAT = 'qb-manifest-1';
const SNAPSHOT_FORMAT = 'qb-library-4';

/**
 * A file modified less than this before its stat was taken may be written again
 * within the same timestamp without its stat changing: its stat is not recorded,
 * so the next start hashes it.
 */
const RACY_NS = 2_000_000_000n;

/** The MiniSearch version: the snapshot holds its internal maps (search/minisearch-state.ts). */
const MINISEARCH_VERSION = miniSearchVersion();

function miniSearchVersion(): string {
  try {
    const main = createRequire(import.meta.url).resolve('minisearch');
    // dist/cjs/index.cjs → the package's own package.json ('./package.json' is not exported).
    const pkg = JSON.parse(readFileSync(path.join(path.dirname(main), '..', '..', 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

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

/** Per file of the manifest: the stat its key was computed at, and the key. */
type Manifest = Map<string, { sig: string; key: string }>;

/** What one file's key look-up found: its key (null: the file is gone) and its stat signature. */
interface Keyed {
  key: string | null;
  sig: string | null;
  /** True when the key is the manifest's (the file was not read). */
  fromStat: boolean;
}

export class CorpusFolder {
  readonly root: string;
  private readonly entries = new Map<string, Entry>();
  private listProblems: LoadProblem[] = [];
  private readonly cacheDir: string | null;
  /** The cache folder itself (manifest, snapshot); cacheDir is its extracts/ folder. */
  private readonly cacheRoot: string | null;
  private readonly log: Log;
  /** The manifest read at the first sync (null: not read yet). */
  private manifest: Manifest | null = null;
  /** Key of the snapshot on disk, once read or written (a build with the same key is not written again). */
  private snapshotOnDisk: string | null = null;
  private readonly built = new WeakMap<Library, BuiltFrom>();
  /** Files extracted since this folder was opened (a restart from the cache adds none for unchanged files). */
  extractions = 0;
  /** Entries read back from the cache. */
  cacheHits = 0;
  /** Files read and hashed to find their key (a file whose stat the manifest holds is not). */
  hashed = 0;
  /** Libraries assembled from the entries (a start from a snapshot assembles none). */
  assemblies = 0;
  /** Libraries loaded from a snapshot, and snapshots written. */
  snapshotLoads = 0;
  snapshotWrites = 0;
  /** The paragraph index's words of each article, kept between builds (and in the snapshot). */
  tokens = new TokenCache();
  /** What each quote's words give (grouping key, search terms), kept between builds. */
  quoteTexts = new QuoteTextCache();
  /** The dated sentences' terms, kept between builds. */
  sentences = new SentenceCache();

  constructor(root: string, opts: CorpusFolderOptions) {
    this.root = path.resolve(root);
    this.cacheRoot = opts.cacheDir ? path.resolve(opts.cacheDir) : null;
    this.cacheDir = this.cacheRoot ? path.join(this.cacheRoot, 'extracts') : null;
    this.log = opts.logger;
  }

  /**
   * The first sync and the library of it, for a store that starts: from the
   * snapshot when every file (and the code) is as when it was taken, else
   * synced and assembled as usual.
   */
  async open(): Promise<{ library: Library; fromSnapshot: boolean }> {
    const listing = await this.list();
    const keys = await this.keysOf(listing);
    if (this.cacheRoot && this.entries.size === 0) {
      const lib = await this.loadSnapshot(keys);
      if (lib) {
        await this.writeManifest();
        return { library: lib, fromSnapshot: true };
      }
    }
    await this.syncKeyed(listing, keys);
    return { library: this.library(), fromSnapshot: false };
  }

  /** Every file of the folder, in sync: new and changed ones extracted, gone ones dropped. Returns the ids that changed. */
  async syncAll(): Promise<{ changed: string[]; removed: string[] }> {
    const listing = await this.list();
    return this.syncKeyed(listing, await this.keysOf(listing));
  }

  private async list(): Promise<CorpusListing> {
    const listing = await listCorpus(this.root);
    this.listProblems = listing.problems;
    for (const p of listing.problems) this.log.warn({ file: p.file, reason: p.reason }, `skipped ${p.file}: ${p.reason}`);
    return listing;
  }

  /** The key of every listed file: from its stat when the manifest (or the entry held) has that stat, else hashed. */
  private async keysOf(listing: CorpusListing): Promise<Map<string, Keyed>> {
    this.manifest ??= await this.readManifest();
    const keys = new Map<string, Keyed>();
    await eachAtOnce(listing.ids, async (id) => {
      keys.set(id, await this.keyed(id, listing.sidecars));
    });
    return keys;
  }

  private async syncKeyed(listing: CorpusListing, keys: Map<string, Keyed>): Promise<{ changed: string[]; removed: string[] }> {
    const ids = new Set(listing.ids);
    const removed = [...this.entries.keys()].filter((id) => !ids.has(id));
    for (const id of removed) this.entries.delete(id);
    const changed: string[] = [];
    await eachAtOnce(listing.ids, async (id) => {
      if (await this.syncOne(id, listing.sidecars, keys.get(id)!)) changed.push(id);
    });
    await this.pruneCache();
    if (this.hashed || changed.length) await this.writeManifest();
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
    // A watcher's event: the file is read whatever its stat says.
    const changed = await this.syncOne(id, null, await this.hashedKey(id, null));
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
    this.entries.set(article.id, { article: withoutRaw(article), problem: null, dates: extractDates(article), quotes: extractArticleQuotes(article), key });
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
    this.assemblies++;
    const ids = [...this.entries.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const from: BuiltFrom = { entries: ids.map((id) => [id, this.entries.get(id)!]), listProblems: this.listProblems };
    const articles: Article[] = [];
    const problems: LoadProblem[] = [...this.listProblems];
    const dates = new Map<string, DateMention[]>();
    const quotes = new Map<string, ArticleQuotes>();
    const kept = new Map<string, Entry>();
    for (const [, e] of from.entries) {
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
    const steps = librarySteps(articles, problems, this.root, { datesOf: (a) => dates.get(a.id), quotesOf: (a) => quotes.get(a.id), eventsOf: events, tokens: this.tokens, quoteTexts: this.quoteTexts, sentences: this.sentences });
    const built = this.built;
    return (function* () {
      const lib = yield* steps;
      built.set(lib, from);
      return lib;
    })();
  }

  /**
   * Write the snapshot of a library this folder built (or loaded), unless the
   * one on disk is of the same entries. Written aside and renamed. Returns
   * whether it wrote one.
   */
  async writeSnapshot(lib: Library): Promise<boolean> {
    const from = this.built.get(lib);
    if (!this.cacheRoot || !from) return false;
    const key = await this.snapshotKey(from.listProblems, from.entries.map(([id, e]) => [id, e.key]));
    if (key === this.snapshotOnDisk) return false;
    const t = performance.now();
    try {
      // The kept per-article work too, so the first change after a start from the snapshot re-derives one article's.
      const kept: KeptSnapshot = { tokens: this.tokens.toSnapshot(lib.articles), quoteTexts: this.quoteTexts.toSnapshot(), sentences: this.sentences.toSnapshot(from.entries.map(([, e]) => e.events)) };
      // Serializing holds the thread: the articles (most of the bytes) go in chunks, the store answering between them.
      // The library is immutable and the entries list is this build's, so what a chunk reads cannot change meanwhile.
      const parts: Buffer[] = [];
      let longest = 0;
      const timed = (make: () => Buffer) => {
        const s0 = performance.now();
        parts.push(make());
        longest = Math.max(longest, performance.now() - s0);
      };
      // Each article's attributed quotes go with it: nothing else holds them.
      const quotesOf = new Map<string, ArticleQuotes | null>();
      for (const [, e] of from.entries) if (e.article) quotesOf.set(e.article.id, e.quotes);
      const yieldNow = () => new Promise<void>((resolve) => setImmediate(resolve));
      for (let i = 0; i < lib.articles.length; i += SNAPSHOT_CHUNK) {
        const chunk = lib.articles.slice(i, i + SNAPSHOT_CHUNK);
        const quotes = chunk.map((a) => quotesOf.get(a.id) ?? null);
        timed(() => withLeanArticles(chunk, (fullText) => serialize({ articles: chunk, fullText, quotes } satisfies ArticleChunk)));
        await yieldNow();
      }
      // The kept work holds no object of the library (its lists follow the articles' and entries' order): a part of its own.
      // A build that ran meanwhile may have added or swept entries of its maps: they are keyed by content, so a
      // start from this snapshot derives again what it lacks, and what it has extra is swept by its first build.
      timed(() => serialize(kept));
      await yieldNow();
      const entries = from.entries.map(([id, e]): [string, SnapshotEntry] => {
        const { article, quotes: _, ...rest } = e;
        return [id, { ...rest, articleId: article?.id ?? null }];
      });
      timed(() => serialize({ lib: libraryToSnapshot(lib), entries, listProblems: from.listProblems } satisfies SnapshotValue));
      const serializeMs = Math.round(longest);
      const bytes = await writeSnapshotFile(this.snapshotFile(), key, parts);
      this.snapshotOnDisk = key;
      this.snapshotWrites++;
      this.log.info({ articles: lib.articles.length, bytes, longestHoldMs: serializeMs, ms: Math.round(performance.now() - t) }, 'library snapshot written');
    } catch (err) {
      this.log.warn({ err, cacheDir: this.cacheRoot }, 'cannot write the library snapshot; the next start assembles the library');
      return false;
    }
    await this.writeManifest();
    return true;
  }

  private snapshotFile(): string {
    return path.join(this.cacheRoot!, 'library.snapshot');
  }

  /** Hash of what a library is made from: the code, the folder, the listing's problems and every entry's key. */
  private async snapshotKey(listProblems: readonly LoadProblem[], keys: Array<[string, string]>): Promise<string> {
    const h = createHash('sha256').update(SNAPSHOT_FORMAT).update('\0').update(await extractionCodeHash()).update('\0');
    h.update(MINISEARCH_VERSION).update('\0').update(process.versions.v8).update('\0').update(this.root).update('\0');
    const problems = [...listProblems].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    h.update(JSON.stringify(problems)).update('\0');
    for (const [id, key] of [...keys].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) h.update(id).update('\0').update(key).update('\n');
    return h.digest('hex');
  }

  /** The snapshot's library when it was taken of exactly these files; null (logged) otherwise. */
  private async loadSnapshot(keys: Map<string, Keyed>): Promise<Library | null> {
    const pairs: Array<[string, string]> = [];
    for (const [id, k] of keys) if (k.key !== null) pairs.push([id, k.key]);
    const key = await this.snapshotKey(this.listProblems, pairs);
    const file = this.snapshotFile();
    const t = performance.now();
    let value: SnapshotValue;
    let lib: Library;
    let entries: Array<[string, Entry]>;
    let kept: { tokens: TokenCache; quoteTexts: QuoteTextCache; sentences: SentenceCache };
    try {
      const read = await readSnapshot(file, key);
      if (read.status === 'absent') return null;
      if (read.status === 'stale') {
        this.log.info({ file }, 'library snapshot is of other files or code; assembling the library');
        return null;
      }
      if (read.parts.length < 2) throw new Error('too few parts');
      const articles: Article[] = [];
      const quotesOf = new Map<string, ArticleQuotes | null>();
      for (const part of read.parts.slice(0, -2)) {
        const chunk = deserialize(part) as ArticleChunk;
        unleanArticles(chunk.articles, chunk.fullText);
        chunk.articles.forEach((a, i) => {
          articles.push(a);
          quotesOf.set(a.id, chunk.quotes[i] ?? null);
        });
      }
      const keptValue = deserialize(read.parts[read.parts.length - 2]!) as KeptSnapshot;
      value = deserialize(read.parts[read.parts.length - 1]!) as SnapshotValue;
      lib = libraryFromSnapshot(value.lib, articles);
      // The key says these are the files; the entries must say so too.
      const held = new Map(value.entries);
      if (held.size !== pairs.length || pairs.some(([id, k]) => held.get(id)?.key !== k)) throw new Error('its entries are not the files listed');
      entries = value.entries.map(([id, { articleId, ...e }]): [string, Entry] => {
        const article = articleId === null ? null : lib.byId.get(articleId);
        if (article === undefined) throw new Error(`entry ${id} names an article the snapshot has not`);
        return [id, { ...e, article, quotes: article ? quotesOf.get(article.id) ?? null : null }];
      });
      kept = {
        tokens: TokenCache.fromSnapshot(keptValue.tokens, lib.articles),
        quoteTexts: QuoteTextCache.fromSnapshot(keptValue.quoteTexts),
        sentences: SentenceCache.fromSnapshot(keptValue.sentences, entries.map(([, e]) => e.events)),
      };
    } catch (err) {
      this.log.warn({ err: err instanceof Error ? err.message : String(err), file }, 'library snapshot unreadable; assembling the library');
      return null;
    }
    for (const [id, e] of entries) {
      e.sig = keys.get(id)?.sig ?? null;
      this.entries.set(id, e);
    }
    this.built.set(lib, { entries, listProblems: value.listProblems });
    ({ tokens: this.tokens, quoteTexts: this.quoteTexts, sentences: this.sentences } = kept);
    this.snapshotOnDisk = key;
    this.snapshotLoads++;
    this.log.info({ articles: lib.articles.length, ms: Math.round(performance.now() - t) }, 'library loaded from its snapshot');
    return lib;
  }

  /** Bring one entry up to date; true when it changed. */
  private async syncOne(id: string, sidecars: Set<string> | null, keyed: Keyed): Promise<boolean> {
    let { key } = keyed;
    const had = this.entries.get(id);
    if (key === null) {
      // Vanished between listing and reading.
      return this.entries.delete(id);
    }
    if (had?.key === key) {
      had.sig = keyed.sig;
      return false;
    }
    let sig = keyed.sig;
    let cached = await this.readCache(key);
    if (!cached && keyed.fromStat) {
      // The manifest's key but no extract for it: read the file, so what is extracted is what the key names.
      ({ key, sig } = await this.hashedKey(id, sidecars));
      if (key === null) return this.entries.delete(id);
      if (had?.key === key) return false;
      cached = await this.readCache(key);
    }
    const extract = cached ?? (await this.extract(id));
    this.entries.set(id, { ...extract, key, sig });
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
    return { article: withoutRaw(r.article), problem: null, dates: extractDates(r.article), quotes: extractArticleQuotes(r.article) };
  }

  /** A file's key: the manifest's (or the held entry's) when its stat is the one recorded, else hashed. */
  private async keyed(id: string, sidecars: Set<string> | null): Promise<Keyed> {
    const sig = await this.statSignature(id, sidecars);
    if (sig !== null) {
      const known = this.entries.get(id) ?? this.manifest?.get(id);
      if (known?.sig === sig) return { key: known.key, sig, fromStat: true };
    }
    return this.hashedKey(id, sidecars, sig);
  }

  /** The key read from the file's bytes; the stat is taken first, so a write during the read changes it. */
  private async hashedKey(id: string, sidecars: Set<string> | null, sig?: string | null): Promise<Keyed> {
    const s = sig === undefined ? await this.statSignature(id, sidecars) : sig;
    this.hashed++;
    const key = await this.keyOf(id, sidecars);
    return { key, sig: key === null ? null : s, fromStat: false };
  }

  /** The sidecars a .txt file's key reads (those listed, or those present when no listing is given). */
  private sidecarsOf(abs: string, sidecars: Set<string> | null): string[] {
    if (!/\.txt$/i.test(abs)) return [];
    const base = abs.replace(/\.txt$/i, '');
    return [`${base}.meta.yaml`, `${base}.meta.yml`, `${abs}.meta.yaml`].filter((c) => !sidecars || sidecars.has(c));
  }

  /**
   * Size, modification and change times and inode of the file and of its
   * sidecars: equal, the bytes are the ones hashed before. Null when the file is
   * not a plain file or was modified too recently to trust (RACY_NS).
   */
  private async statSignature(id: string, sidecars: Set<string> | null): Promise<string | null> {
    const abs = path.join(this.root, ...id.split('/'));
    const now = BigInt(Date.now()) * 1_000_000n;
    const parts: string[] = [];
    for (const p of [abs, ...this.sidecarsOf(abs, sidecars)]) {
      let s;
      try {
        s = await stat(p, { bigint: true });
      } catch {
        if (p === abs) return null;
        // No such sidecar: its absence is part of what the key read.
        continue;
      }
      if (!s.isFile() || now - s.mtimeNs < RACY_NS) return null;
      parts.push(`${p === abs ? '' : path.basename(p)}:${s.size}:${s.mtimeNs}:${s.ctimeNs}:${s.ino}`);
    }
    return parts.join('|');
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
    for (const c of this.sidecarsOf(abs, sidecars)) {
      try {
        h.update('\0sidecar\0').update(c).update(await readFile(c));
      } catch {
        // No such sidecar.
      }
    }
    return h.digest('hex');
  }

  private manifestFile(): string {
    return path.join(this.cacheRoot!, 'manifest.json');
  }

  /** The stat → key records of the last run (empty when there are none, or of another folder or code). */
  private async readManifest(): Promise<Manifest> {
    const m: Manifest = new Map();
    if (!this.cacheRoot) return m;
    try {
      const j = JSON.parse(await readFile(this.manifestFile(), 'utf8')) as { format?: string; code?: string; root?: string; files?: Array<[string, string, string]> };
      if (j.format !== MANIFEST_FORMAT || j.code !== (await extractionCodeHash()) || j.root !== this.root || !Array.isArray(j.files)) return m;
      for (const [id, sig, key] of j.files) m.set(id, { sig, key });
    } catch {
      // None yet, or unreadable: every file is hashed.
    }
    return m;
  }

  private async writeManifest(): Promise<void> {
    if (!this.cacheRoot) return;
    const files: Array<[string, string, string]> = [];
    for (const [id, e] of this.entries) if (e.sig && !e.key.startsWith('put:')) files.push([id, e.sig, e.key]);
    try {
      await mkdir(this.cacheRoot, { recursive: true });
      const file = this.manifestFile();
      const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
      await writeFile(tmp, JSON.stringify({ format: MANIFEST_FORMAT, code: await extractionCodeHash(), root: this.root, files }));
      await rename(tmp, file);
    } catch (err) {
      this.log.warn({ err, cacheDir: this.cacheRoot }, 'cannot write the cache manifest; restarts will hash every file');
    }
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

/**
 * The article as the store keeps it: without its raw body. Citations point into the file
 * through rawOffset and the clean→raw runs, so nothing after extraction reads the body,
 * and holding it (most articles' bodies are two-byte strings: curly quotes) was a third of
 * an article's heap, and of each cache entry and snapshot.
 */
function withoutRaw(a: Article): Article {
  return a.raw ? { ...a, raw: '' } : a;
}

/** Run `fn` over the ids, a few at once: that hides disk latency; the work itself is one CPU. */
async function eachAtOnce(ids: readonly string[], fn: (id: string) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < ids.length) await fn(ids[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(16, ids.length) }, worker));
}
