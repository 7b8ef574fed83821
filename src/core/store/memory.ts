// The embedded store: the whole corpus in this process, read through the Store
// interface. It holds one Library (corpus/quotes/dates/index built together) and
// answers every read from it; a write builds the next Library and swaps it in
// one step, so a query sees either the corpus before a change or after it,
// never half of it. The next Library is built in slices between queries, and
// writes that arrive meanwhile are applied together by the build after it.
import { sourceRef } from '../cite.js';
import { buildLibrary, librarySteps, loadLibrary, type Library } from '../library.js';
import { runStepsAsync, type Steps } from '../steps.js';
import { findSpeaker as findSpeakerIn, nearSpeakers as nearSpeakersIn } from '../quotes/speakers.js';
import { suggestQuoteQueries } from '../quotes/store.js';
import { makeSnippet } from '../search/snippet.js';
import type { Article, LoadProblem } from '../types.js';
import { resolveSpeaker as resolveSpeakerIn } from '../verify/speaker.js';
import { quotesBySpeaker, quotesByWords, reportedBySpeaker, speakerView } from './memory/quotes.js';
import { quoteChoices, speakerChoices, topicChoices } from './memory/suggest.js';
import { timeline } from './memory/timeline.js';
import { verifyCandidates } from './memory/verify.js';
import type {
  ArticleView,
  PageOf,
  PageRequest,
  ParagraphResults,
  QuoteResults,
  ReportedView,
  SnippetView,
  SpeakerMatch,
  Store,
  StoreChange,
  StoreStatus,
  Suggestion,
  SuggestKind,
  TimelineQuery,
  TimelineResults,
  VerifyCandidates,
} from './types.js';

/** Passages /search ranks at most (the rest of the corpus is not worth a page). */
const SEARCH_LIMIT = 200;

/**
 * Where a store's library comes from when it is written to: the corpus folder
 * keeps one extract per article, so a write extracts that article alone and the
 * library is assembled from what is already extracted.
 */
export interface LibrarySource {
  put(article: Article): void;
  /** False when the source had no such file. */
  removeFile(file: string): boolean;
  library(): Library;
  /** library() in slices; what the source holds when called is what is built. */
  librarySteps(): Steps<Library>;
}

/** The files of one change: the last thing that happened to each. */
type Pending = Map<string, 'upserted' | 'removed'>;

/**
 * The source of a store built over articles already read: the articles in
 * their order (an upserted one goes last) and the problems of the files.
 */
class ArticleList implements LibrarySource {
  private readonly articles: Map<string, Article>;
  private problems: LoadProblem[];
  private readonly corpusDir: string;
  constructor(lib: Library) {
    this.articles = new Map(lib.articles.map((a) => [a.id, a] as const));
    this.problems = [...lib.problems];
    this.corpusDir = lib.corpusDir;
  }
  put(article: Article): void {
    this.articles.delete(article.id);
    this.articles.set(article.id, article);
    this.problems = this.problems.filter((p) => p.file !== article.file);
  }
  removeFile(file: string): boolean {
    const had = this.articles.delete(file) || this.problems.some((p) => p.file === file);
    this.problems = this.problems.filter((p) => p.file !== file);
    return had;
  }
  library(): Library {
    return buildLibrary([...this.articles.values()], this.problems, this.corpusDir);
  }
  librarySteps(): Steps<Library> {
    return librarySteps([...this.articles.values()], this.problems, this.corpusDir);
  }
}

export class MemoryStore implements Store {
  private lib: Library;
  private readonly listeners = new Set<(change: StoreChange) => void>();
  private source: LibrarySource | null;
  /** True when `source` is this store's own list of its articles (a store given no source). */
  private ownSource = false;
  /** Changes written but not yet in a library being built. */
  private pending: Pending = new Map();
  private waiting: Array<{ resolve: () => void; reject: (e: Error) => void }> = [];
  /** The build loop, while one runs. */
  private building: Promise<void> | null = null;

  constructor(lib: Library, source: LibrarySource | null = null) {
    this.lib = lib;
    this.source = source;
  }

  /** Load a corpus folder into a new store. */
  static async open(corpusDir: string): Promise<MemoryStore> {
    return new MemoryStore(await loadLibrary(corpusDir));
  }

  /** Build a store over articles already read (tests, tools, `extract`). */
  static of(articles: readonly Article[], problems: readonly LoadProblem[] = [], corpusDir = ''): MemoryStore {
    return new MemoryStore(buildLibrary(articles, problems, corpusDir));
  }

  /**
   * Swap in the library built after a change, in one step (a query sees the
   * corpus before or after it, never half of it). `change` names the files; by
   * default every file is reported.
   */
  replace(lib: Library, change?: { upserted: string[]; removed: string[] }): void {
    // A library given from outside is the truth now: the store's own list is made again from it at the next write.
    if (this.ownSource) {
      this.source = null;
      this.ownSource = false;
    }
    this.swap(lib, change);
  }

  private swap(lib: Library, change?: { upserted: string[]; removed: string[] }): void {
    const before = new Set(this.lib.byId.keys());
    this.lib = lib;
    const removed = change?.removed ?? [...before].filter((id) => !lib.byId.has(id));
    this.emit({ upserted: change?.upserted ?? lib.articles.map((a) => a.id), removed, updatedAt: lib.builtAt.toISOString() });
  }

  /** The library answering now (a snapshot of it is written once changes settle: store/open.ts). */
  current(): Library {
    return this.lib;
  }

  async status(): Promise<StoreStatus> {
    const lib = this.lib;
    return { ready: true, articles: lib.articles.length, problems: lib.problems.length, updatedAt: lib.builtAt.toISOString() };
  }

  async sources(page: PageRequest): Promise<PageOf<ArticleView>> {
    const lib = this.lib;
    const quoteCounts = new Map<string, number>();
    for (const q of lib.quotes.quotes) quoteCounts.set(q.articleId, (quoteCounts.get(q.articleId) ?? 0) + 1);
    const sorted = [...lib.articles].sort((a, b) => (a.meta.published ?? '').localeCompare(b.meta.published ?? '') || a.file.localeCompare(b.file));
    const items = sorted.slice(page.offset, page.offset + page.limit).map((a) => ({
      title: a.meta.title,
      outlet: a.meta.outlet,
      published: a.meta.published,
      quotes: quoteCounts.get(a.id) ?? 0,
      source: sourceRef(a),
    }));
    return { total: sorted.length, items };
  }

  async problems(): Promise<LoadProblem[]> {
    return this.lib.problems.map((p) => ({ ...p }));
  }

  async searchParagraphs(query: string, page: PageRequest): Promise<ParagraphResults> {
    const lib = this.lib;
    const hits = lib.index.search(query, { limit: SEARCH_LIMIT }).filter((h) => lib.byId.has(h.articleId));
    // Snippets only for the page shown: making one per hit is most of a query's time.
    const items: SnippetView[] = [];
    for (const h of hits.slice(page.offset, page.offset + page.limit)) {
      const article = lib.byId.get(h.articleId)!;
      const snip = makeSnippet(article, h.paragraphIndex, h.terms);
      if (snip) items.push({ text: snip.text, highlights: snip.highlights, source: sourceRef(article, snip.span) });
    }
    return { total: hits.length, articles: new Set(hits.map((h) => h.articleId)).size, items };
  }

  async didYouMean(query: string): Promise<string[]> {
    return this.lib.index.suggest(query);
  }

  async findSpeaker(query: string): Promise<SpeakerMatch | null> {
    const m = findSpeakerIn(this.lib.quotes, query);
    return m ? { speaker: speakerView(m.speaker), exact: m.exact } : null;
  }

  async resolveSpeaker(query: string): Promise<SpeakerMatch | null> {
    const m = resolveSpeakerIn(this.lib.quotes, query);
    return m ? { speaker: speakerView(m.speaker), exact: m.exact } : null;
  }

  async nearSpeakers(query: string, limit?: number): Promise<string[]> {
    return nearSpeakersIn(this.lib.quotes, query, limit).map((s) => s.name);
  }

  async quotesBySpeaker(speakerId: string, page: PageRequest): Promise<QuoteResults> {
    return quotesBySpeaker(this.lib, speakerId, page);
  }

  async quotesByWords(query: string, filter: { speakerId?: string }, page: PageRequest): Promise<QuoteResults> {
    return quotesByWords(this.lib, query, filter.speakerId, page);
  }

  async reportedBySpeaker(speakerId: string): Promise<ReportedView[]> {
    return reportedBySpeaker(this.lib, speakerId);
  }

  async suggest(kind: SuggestKind, typed: string, limit: number): Promise<Suggestion[]> {
    if (kind === 'quote') return quoteChoices(this.lib, typed, limit);
    if (kind === 'topic') return topicChoices(this.lib, typed, limit);
    return speakerChoices(this.lib, typed, limit);
  }

  async quoteQuerySuggestions(prefix: string, limit: number): Promise<string[]> {
    return suggestQuoteQueries(this.lib.quotes, prefix, limit);
  }

  async timeline(query: TimelineQuery, page: PageRequest): Promise<TimelineResults> {
    return timeline(this.lib, query, page);
  }

  async verifyCandidates(claim: string, speakerId: string | null): Promise<VerifyCandidates> {
    return verifyCandidates(this.lib, claim, speakerId);
  }

  async upsertArticle(article: Article): Promise<void> {
    const source = this.writable();
    source.put(article);
    await this.apply({ upserted: [article.id], removed: [] });
  }

  async removeArticle(file: string): Promise<void> {
    if (!this.writable().removeFile(file)) return;
    await this.apply({ upserted: [], removed: [file] });
  }

  /**
   * Files the source already holds as they are now (a watcher synced them):
   * resolves once a library with them is swapped in. Changes that arrive while
   * a library is being built are built together after it.
   */
  apply(change: { upserted: string[]; removed: string[] }): Promise<void> {
    this.writable();
    for (const id of change.upserted) this.pending.set(id, 'upserted');
    for (const id of change.removed) this.pending.set(id, 'removed');
    const done = new Promise<void>((resolve, reject) => this.waiting.push({ resolve, reject }));
    this.building ??= this.buildLoop().finally(() => (this.building = null));
    return done;
  }

  private writable(): LibrarySource {
    if (!this.source) {
      this.source = new ArticleList(this.lib);
      this.ownSource = true;
    }
    return this.source;
  }

  private async buildLoop(): Promise<void> {
    while (this.waiting.length) {
      const change = this.pending;
      const waiting = this.waiting;
      this.pending = new Map();
      this.waiting = [];
      try {
        // The source is read now: what it is given from here on waits for the next turn.
        const lib = await runStepsAsync(this.writable().librarySteps());
        const upserted = [...change].filter(([, op]) => op === 'upserted').map(([id]) => id);
        const removed = [...change].filter(([, op]) => op === 'removed').map(([id]) => id);
        this.swap(lib, { upserted, removed });
        for (const w of waiting) w.resolve();
      } catch (err) {
        for (const w of waiting) w.reject(err instanceof Error ? err : new Error(String(err)));
      }
    }
  }

  onChange(listener: (change: StoreChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }

  private emit(change: StoreChange): void {
    for (const l of this.listeners) l(change);
  }
}
