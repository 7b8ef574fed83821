// The PostgreSQL store. The database is the system of record every bot process
// shares: ingest, `add`, feeds and the folder watcher write there, one transaction per
// article. Every read is answered from SQL per command, over rows the writer keeps:
// /search and did-you-mean (search.ts, search-heads.ts: the query's postings and head
// lists scored with the corpus's statistics, as the memory index scores them), /timeline
// (timeline.ts: event groups), /quote by words (quote-words.ts), the speaker reads
// (speakers.ts, quotes.ts), autocomplete (suggest.ts), /verify's candidates (verify.ts),
// /sources, problems and status. Readers shape the rows with the core's own functions,
// so both stores give the same answers (the parity test). A process holds no corpus:
// only bounded per-version caches of the readers, and the change feed (changes.ts)
// that tells its listeners what the writers changed (LISTEN/NOTIFY). When the database
// cannot be reached, every read fails with StoreUnavailableError and the command
// answers that the corpus is unavailable.
import type pg from 'pg';
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
import { SqlSuggest } from './suggest.js';
import { SqlVerify } from './verify.js';
import { ChangeFeed } from './changes.js';
import { listenForChanges, type Listener } from './listen.js';
import { migrateWhenReachable, type WaitOptions } from './database.js';
import { createPool, inTransaction, isConnectionError } from './pool.js';
import { deleteArticle, recordProblem, writeArticle } from './writer.js';

export interface PgStoreOptions extends WaitOptions {
  /** Connections to hold (default 5). */
  maxConnections?: number;
  /** For logs: a connection lost, a change feed that could not catch up. */
  onError?: (err: Error, what: string) => void;
  /** Listener reconnect backoff (tests use short ones). */
  retryMs?: number;
  maxRetryMs?: number;
}

/** Passages /search ranks at most (as the memory store). */
const SEARCH_LIMIT = 200;

export class PgStore implements Store {
  private readonly feed: ChangeFeed;
  private readonly search: SqlSearch;
  private readonly speakers: SqlSpeakers;
  private readonly quotes: SqlQuotes;
  private readonly quoteWords: SqlQuoteWords;
  private readonly timelines: SqlTimeline;
  private readonly suggestions: SqlSuggest;
  private readonly verify: SqlVerify;
  private listener: Listener | null = null;
  private readonly listeners = new Set<(change: StoreChange) => void>();
  private closed = false;

  private constructor(
    readonly pool: pg.Pool,
    opts: PgStoreOptions,
  ) {
    this.feed = new ChangeFeed(pool, (change) => {
      for (const l of this.listeners) l(change);
    }, (err) => opts.onError?.(err, 'change feed'));
    this.search = new SqlSearch(pool);
    this.speakers = new SqlSpeakers(pool);
    this.quotes = new SqlQuotes(pool, this.speakers);
    this.quoteWords = new SqlQuoteWords(pool, this.speakers, this.quotes);
    this.timelines = new SqlTimeline(pool, this.search);
    this.suggestions = new SqlSuggest(pool, this.speakers);
    this.verify = new SqlVerify(pool, this.search, this.speakers, this.quotes, (ids) => this.articlesById(ids));
  }

  /** Open the database (migrating it) and start listening for changes. */
  static async open(url: string, opts: PgStoreOptions = {}): Promise<PgStore> {
    const pool = createPool(url, {
      max: opts.maxConnections ?? 5,
      // The readers' statements are short index look-ups whose row counts the planner guesses
      // (unnest of bound arrays): past jit_above_cost it compiled them for 10–50 ms, more than they run.
      settings: { jit: 'off' },
      onIdleError: (err) => opts.onError?.(err, 'idle connection lost'),
    });
    const store = new PgStore(pool, opts);
    try {
      await migrateWhenReachable(pool, opts);
      // Listen before the feed starts: a change committed meanwhile is heard, not missed.
      store.listener = await listenForChanges(
        url,
        {
          change: (msg) => void store.feed.heard(msg),
          resync: () => void store.feed.resync(),
          error: (err) => opts.onError?.(err, 'change listener'),
        },
        { retryMs: opts.retryMs, maxRetryMs: opts.maxRetryMs },
      );
      await store.feed.start();
    } catch (err) {
      await store.close();
      throw err;
    }
    return store;
  }

  /** A write in one transaction; its change is told to this process's listeners at once (other processes hear its NOTIFY). */
  private async write(ids: { upserted: string[]; removed: string[] }, fn: (c: pg.PoolClient) => Promise<number | null>): Promise<void> {
    const version = await this.fromSql(() => inTransaction(this.pool, fn));
    if (version !== null) await this.feed.heard({ version, ...ids });
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
      // The memory store's order: published, then file, both by localeCompare, which is ICU's root collation
      // (an ISO date orders as its text; no date first, as ''): the order of articles_sources_order (migration 18).
      // The total is an uncorrelated subquery (counted once, in the page's snapshot).
      const { rows } = await this.pool.query<{ id: string; title: string | null; outlet: string | null; published: string | null; url: string | null; quotes: string; total: string }>(
        `SELECT a.id, a.title, a.outlet, a.published, a.url, (SELECT count(*) FROM articles) AS total,
                (SELECT count(*) FROM quotes q WHERE q.article_id = a.id) AS quotes
           FROM articles a
          ORDER BY a.published NULLS FIRST, a.id COLLATE "und-x-icu"
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
    return this.fromSql(() => this.speakers.find(query));
  }
  async resolveSpeaker(query: string): Promise<SpeakerMatch | null> {
    return this.fromSql(() => this.speakers.resolve(query));
  }
  async nearSpeakers(query: string, limit?: number): Promise<string[]> {
    return this.fromSql(() => this.speakers.near(query, limit));
  }
  async quotesBySpeaker(speakerId: string, page: PageRequest): Promise<QuoteResults> {
    return this.fromSql(() => this.quotes.bySpeaker(speakerId, page));
  }
  async quotesByWords(query: string, filter: { speakerId?: string }, page: PageRequest): Promise<QuoteResults> {
    return this.fromSql(() => this.quoteWords.byWords(query, filter.speakerId, page));
  }
  async reportedBySpeaker(speakerId: string): Promise<ReportedView[]> {
    return this.fromSql(() => this.quotes.reportedBy(speakerId));
  }
  async suggest(kind: SuggestKind, typed: string, limit: number): Promise<Suggestion[]> {
    return this.fromSql(() => this.suggestions.choices(kind, typed, limit));
  }
  async quoteQuerySuggestions(prefix: string, limit: number): Promise<string[]> {
    return this.fromSql(() => this.suggestions.quoteQueries(prefix, Math.max(0, limit)));
  }
  async timeline(query: TimelineQuery, page: PageRequest): Promise<TimelineResults> {
    return this.fromSql(() => this.timelines.timeline(query, page));
  }
  async verifyCandidates(claim: string, speakerId: string | null): Promise<VerifyCandidates> {
    return this.fromSql(() => this.verify.candidates(claim, speakerId));
  }

  async upsertArticle(article: Article): Promise<void> {
    // Several processes may see the same file change: only the first writes it.
    const { rows } = await this.fromSql(() => this.pool.query<{ content_hash: string }>('SELECT content_hash FROM articles WHERE id = $1', [article.id]));
    if (rows[0]?.content_hash === contentHash(article)) return;
    // The extraction is loaded at the first write: a process that only reads never needs it.
    const { extractFacts } = await import('./facts.js');
    const facts = extractFacts([article]).get(article.id)!;
    await this.write({ upserted: [article.id], removed: [] }, (c) => writeArticle(c, article, facts));
  }

  async removeArticle(file: string): Promise<void> {
    await this.write({ upserted: [], removed: [file] }, (c) => deleteArticle(c, file));
  }

  /** A file that cannot be served (the watcher read it and it is malformed): recorded, its old article removed. */
  async recordProblem(problem: LoadProblem): Promise<void> {
    await this.write({ upserted: [], removed: [problem.file] }, (c) => recordProblem(c, problem.file, problem.reason));
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
    await this.pool.end().catch(() => undefined);
  }
}
