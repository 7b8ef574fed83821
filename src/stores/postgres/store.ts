// The PostgreSQL store. The database is the system of record every bot process
// shares: ingest, `add`, feeds and the folder watcher write there, one transaction per
// article. Read from SQL per command: /search and did-you-mean (search.ts: the query's
// postings scored with the corpus's statistics, as the memory index scores them),
// /timeline (timeline.ts: event groups kept by the writer), /quote by words
// (quote-words.ts), the speaker reads (speakers.ts, quotes.ts), /sources, problems and
// status, /verify's candidates (verify.ts). Autocomplete still comes from a read model: the
// core's memory store assembled from the extraction each article row keeps (no paragraph
// index), so both stores run the same code and give the same answers. The read model
// follows the database through LISTEN/NOTIFY and is checked against the corpus version
// before every read (see sync.ts); when the database cannot be reached, every read fails
// with StoreUnavailableError and the command answers that the corpus is unavailable.
import type pg from 'pg';
import { buildLibrary, type LibraryParts } from '../../core/library.js';
import { MemoryStore } from '../../core/store/memory.js';
import {
  StoreUnavailableError,
  type ArticleView,
  type PageOf,
  type PageRequest,
  type ParagraphResults,
  type QuoteResults,
  type ReportedView,
  type SnippetView,
  type SpeakerMatch,
  type Store,
  type StoreChange,
  type StoreStatus,
  type Suggestion,
  type SuggestKind,
  type TimelineQuery,
  type TimelineResults,
  type VerifyCandidates,
} from '../../core/store/types.js';
import type { Article, LoadProblem } from '../../core/types.js';
import { sourceRef } from '../../core/cite.js';
import { makeSnippet } from '../../core/search/snippet.js';
import { contentHash, fromRow, type ArticleRow } from './codec.js';
import { SqlSearch } from './search.js';
import { SqlSpeakers } from './speakers.js';
import { SqlQuotes } from './quotes.js';
import { SqlQuoteWords } from './quote-words.js';
import { SqlTimeline } from './timeline.js';
import { SqlVerify } from './verify.js';
import { extractFacts, type StoredExtract } from './facts.js';
import { listenForChanges, type Listener } from './listen.js';
import { migrate } from './migrations.js';
import { createPool, inTransaction, isConnectionError } from './pool.js';
import { CorpusSync, type CorpusDelta } from './sync.js';
import { deleteArticle, recordProblem, writeArticle } from './writer.js';

export interface PgStoreOptions {
  /** Connections to hold (default 5). */
  maxConnections?: number;
  /** For logs: a connection lost, a sync that failed. */
  onError?: (err: Error, what: string) => void;
  /** Listener reconnect backoff (tests use short ones). */
  retryMs?: number;
  maxRetryMs?: number;
  /**
   * Speaker look-ups and a speaker's statements and reported words from SQL (speakers.ts,
   * quotes.ts; the default). false answers them from the read model instead: an escape
   * hatch while the read model still serves the other reads; the answers are the same.
   */
  sqlQuoteReads?: boolean;
}

/** Passages /search ranks at most (as the memory store). */
const SEARCH_LIMIT = 200;

/** Corpus order, as the folder loader lists files: by id, code unit by code unit. */
const byId = (a: Article, b: Article): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export class PgStore implements Store {
  private readonly mem: MemoryStore;
  private readonly articles = new Map<string, Article>();
  /** What the writer extracted from each article (rows written before it was kept have none). */
  private readonly extracts = new Map<string, StoredExtract>();
  /** The read model is assembled from the kept extracts, not extracted again in every process. */
  private readonly parts: LibraryParts = {
    quotesOf: (a) => this.extracts.get(a.id)?.quotes,
    datesOf: (a) => this.extracts.get(a.id)?.dates,
    // No paragraph index: /search, /timeline and /verify's passages are read from SQL.
    searchIndex: false,
  };
  private readonly sync: CorpusSync;
  private readonly search: SqlSearch;
  private readonly speakers: SqlSpeakers;
  private readonly quotes: SqlQuotes;
  private readonly quoteWords: SqlQuoteWords;
  private readonly timelines: SqlTimeline;
  private readonly verify: SqlVerify;
  private listener: Listener | null = null;
  private readonly listeners = new Set<(change: StoreChange) => void>();
  private closed = false;

  private constructor(
    readonly pool: pg.Pool,
    private readonly opts: PgStoreOptions,
  ) {
    this.mem = new MemoryStore(buildLibrary([]), null, this.parts);
    this.sync = new CorpusSync(pool, { apply: (d) => this.apply(d) });
    this.search = new SqlSearch(pool);
    this.speakers = new SqlSpeakers(pool);
    this.quotes = new SqlQuotes(pool, this.speakers);
    this.quoteWords = new SqlQuoteWords(pool, this.speakers, this.quotes);
    this.timelines = new SqlTimeline(pool, this.search);
    this.verify = new SqlVerify(pool, this.search, this.speakers, this.quotes, (ids) => this.articlesById(ids));
  }

  /** Open the database (migrating it), load the read model and start listening for changes. */
  static async open(url: string, opts: PgStoreOptions = {}): Promise<PgStore> {
    const pool = createPool(url, {
      max: opts.maxConnections ?? 5,
      onIdleError: (err) => opts.onError?.(err, 'idle connection lost'),
    });
    const store = new PgStore(pool, opts);
    try {
      await migrate(pool);
      // Listen before the first load: a change committed during it is heard, not missed.
      store.listener = await listenForChanges(
        url,
        {
          change: () => store.background(),
          resync: () => store.background(),
          error: (err) => opts.onError?.(err, 'change listener'),
        },
        { retryMs: opts.retryMs, maxRetryMs: opts.maxRetryMs },
      );
      await store.sync.syncNow();
    } catch (err) {
      await store.close();
      throw err;
    }
    return store;
  }

  /** Catch up now rather than at the next command; failures wait for the next command (which will say so). */
  private background(): void {
    if (this.closed) return;
    this.sync.syncNow().catch((err: unknown) => this.opts.onError?.(err instanceof Error ? err : new Error(String(err)), 'sync'));
  }

  /** Apply what the database changed to the read model, in one step. */
  private async apply(d: CorpusDelta): Promise<void> {
    for (const id of d.removed) {
      this.articles.delete(id);
      this.extracts.delete(id);
    }
    for (const a of d.upserted) {
      this.articles.set(a.id, a);
      const x = d.extracts.get(a.id);
      if (x) this.extracts.set(a.id, x);
      else this.extracts.delete(a.id);
    }
    if (!d.initial && !d.problemsChanged && d.upserted.length + d.removed.length === 1) {
      // One article: the memory store applies it alone.
      if (d.upserted[0]) await this.mem.upsertArticle(d.upserted[0]);
      else await this.mem.removeArticle(d.removed[0]!);
    } else {
      this.mem.replace(buildLibrary([...this.articles.values()].sort(byId), d.problems, '', this.parts));
    }
    const change: StoreChange = { upserted: d.upserted.map((a) => a.id), removed: d.removed, updatedAt: new Date().toISOString() };
    for (const l of this.listeners) l(change);
  }

  /** The read model, current with the database; a database that cannot be reached is StoreUnavailableError. */
  private async current(): Promise<MemoryStore> {
    try {
      await this.sync.current();
    } catch (err) {
      if (isConnectionError(err)) throw new StoreUnavailableError(err instanceof Error ? err.message : String(err));
      throw err;
    }
    return this.mem;
  }

  /** Writes: the database first; this process's read model follows as every other's does. */
  private async write(fn: (c: pg.PoolClient) => Promise<unknown>): Promise<void> {
    try {
      await inTransaction(this.pool, fn);
    } catch (err) {
      if (isConnectionError(err)) throw new StoreUnavailableError(err instanceof Error ? err.message : String(err));
      throw err;
    }
    await this.current();
  }

  async status(): Promise<StoreStatus> {
    return this.fromSql(async () => {
      const { rows } = await this.pool.query<{ articles: string; problems: string; updated_at: Date }>(
        `SELECT (SELECT count(*) FROM articles) AS articles,
                (SELECT count(*) FROM problems) + (SELECT count(*) FROM articles WHERE quotes_skipped IS NOT NULL) AS problems,
                (SELECT updated_at FROM corpus_state WHERE id = 1) AS updated_at`,
      );
      const r = rows[0]!;
      return { ready: true, articles: Number(r.articles), problems: Number(r.problems), updatedAt: new Date(r.updated_at).toISOString() };
    });
  }
  async sources(page: PageRequest): Promise<PageOf<ArticleView>> {
    return this.fromSql(async () => {
      // The memory store's order: published, then file, both by localeCompare, which is ICU's root collation.
      const { rows } = await this.pool.query<{ id: string; title: string | null; outlet: string | null; published: string | null; url: string | null; quotes: string; total: string }>(
        `SELECT a.id, a.title, a.outlet, a.published, a.url, count(*) OVER () AS total,
                (SELECT count(*) FROM quotes q WHERE q.article_id = a.id) AS quotes
           FROM articles a
          ORDER BY coalesce(a.published::text, '') COLLATE "und-x-icu", a.id COLLATE "und-x-icu"
          OFFSET $1 LIMIT $2`,
        [Math.max(0, page.offset), Math.max(0, page.limit)],
      );
      const total = rows.length ? Number(rows[0]!.total) : Number((await this.pool.query<{ n: string }>('SELECT count(*) AS n FROM articles')).rows[0]!.n);
      const items = rows.map((r) => ({
        title: r.title,
        outlet: r.outlet,
        published: r.published,
        quotes: Number(r.quotes),
        source: { file: r.id, outlet: r.outlet, title: r.title, published: r.published, url: r.url },
      }));
      return { total, items };
    });
  }
  async problems(): Promise<LoadProblem[]> {
    return this.fromSql(async () => {
      // Files that could not be read, then articles served without their quotes (as the memory store lists them).
      const { rows } = await this.pool.query<LoadProblem>(
        `SELECT file, reason FROM (
           SELECT 0 AS k, file, reason FROM problems
           UNION ALL
           SELECT 1, id, 'quotes not extracted: ' || quotes_skipped FROM articles WHERE quotes_skipped IS NOT NULL) x
          ORDER BY k, file COLLATE "C"`,
      );
      return rows.map((r) => ({ file: r.file, reason: r.reason }));
    });
  }
  async searchParagraphs(query: string, page: PageRequest): Promise<ParagraphResults> {
    return this.fromSql(async () => {
      const hits = await this.search.search(query, SEARCH_LIMIT);
      const shown = hits.slice(page.offset, page.offset + page.limit);
      // Only the articles of the page shown are read: the snippet and its citation need the article's text.
      const articles = await this.articlesById(shown.map((h) => h.articleId));
      const items: SnippetView[] = [];
      for (const h of shown) {
        const article = articles.get(h.articleId);
        const snip = article ? makeSnippet(article, h.paragraphIndex, h.terms) : null;
        if (article && snip) items.push({ text: snip.text, highlights: snip.highlights, source: sourceRef(article, snip.span) });
      }
      return { total: hits.length, articles: new Set(hits.map((h) => h.articleId)).size, items };
    });
  }
  async didYouMean(query: string): Promise<string[]> {
    return this.fromSql(() => this.search.suggest(query));
  }

  /** Articles read on demand (never the whole corpus). */
  private async articlesById(ids: readonly string[]): Promise<Map<string, Article>> {
    const out = new Map<string, Article>();
    if (!ids.length) return out;
    const { rows } = await this.pool.query<ArticleRow>(
      'SELECT id, title, outlet, published, url, source, extra, content_hash, doc FROM articles WHERE id = ANY($1::text[])',
      [[...new Set(ids)]],
    );
    for (const r of rows) out.set(r.id, fromRow(r));
    return out;
  }

  /** A read answered from SQL; a database that cannot be reached is StoreUnavailableError. */
  private async fromSql<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (isConnectionError(err)) throw new StoreUnavailableError(err instanceof Error ? err.message : String(err));
      throw err;
    }
  }
  async findSpeaker(query: string): Promise<SpeakerMatch | null> {
    if (this.opts.sqlQuoteReads === false) return (await this.current()).findSpeaker(query);
    return this.fromSql(() => this.speakers.find(query));
  }
  async resolveSpeaker(query: string): Promise<SpeakerMatch | null> {
    if (this.opts.sqlQuoteReads === false) return (await this.current()).resolveSpeaker(query);
    return this.fromSql(() => this.speakers.resolve(query));
  }
  async nearSpeakers(query: string, limit?: number): Promise<string[]> {
    if (this.opts.sqlQuoteReads === false) return (await this.current()).nearSpeakers(query, limit);
    return this.fromSql(() => this.speakers.near(query, limit));
  }
  async quotesBySpeaker(speakerId: string, page: PageRequest): Promise<QuoteResults> {
    if (this.opts.sqlQuoteReads === false) return (await this.current()).quotesBySpeaker(speakerId, page);
    return this.fromSql(() => this.quotes.bySpeaker(speakerId, page));
  }
  async quotesByWords(query: string, filter: { speakerId?: string }, page: PageRequest): Promise<QuoteResults> {
    return this.fromSql(() => this.quoteWords.byWords(query, filter.speakerId, page));
  }
  async reportedBySpeaker(speakerId: string): Promise<ReportedView[]> {
    if (this.opts.sqlQuoteReads === false) return (await this.current()).reportedBySpeaker(speakerId);
    return this.fromSql(() => this.quotes.reportedBy(speakerId));
  }
  async suggest(kind: SuggestKind, typed: string, limit: number): Promise<Suggestion[]> {
    return (await this.current()).suggest(kind, typed, limit);
  }
  async quoteQuerySuggestions(prefix: string, limit: number): Promise<string[]> {
    return (await this.current()).quoteQuerySuggestions(prefix, limit);
  }
  async timeline(query: TimelineQuery, page: PageRequest): Promise<TimelineResults> {
    return this.fromSql(() => this.timelines.timeline(query, page));
  }
  async verifyCandidates(claim: string, speakerId: string | null): Promise<VerifyCandidates> {
    return this.fromSql(() => this.verify.candidates(claim, speakerId));
  }

  async upsertArticle(article: Article): Promise<void> {
    await this.current();
    // Several processes may see the same file change: only the first writes it.
    if (this.sync.hashOf(article.id) === contentHash(article)) return;
    const facts = extractFacts([article]).get(article.id)!;
    await this.write((c) => writeArticle(c, article, facts));
  }

  async removeArticle(file: string): Promise<void> {
    await this.write((c) => deleteArticle(c, file));
  }

  /** A file that cannot be served (the watcher read it and it is malformed): recorded, its old article removed. */
  async recordProblem(problem: LoadProblem): Promise<void> {
    await this.write((c) => recordProblem(c, problem.file, problem.reason));
  }

  onChange(listener: (change: StoreChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.listeners.clear();
    await this.listener?.close();
    await this.mem.close();
    await this.pool.end().catch(() => undefined);
  }
}
