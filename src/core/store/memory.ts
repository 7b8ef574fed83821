// The embedded store: the whole corpus in this process, read through the Store
// interface. It holds one Library (corpus/quotes/dates/index built together) and
// answers every read from it; a write builds the next Library and swaps it in
// one step, so a query sees either the corpus before a change or after it,
// never half of it.
import { sourceRef } from '../cite.js';
import { buildLibrary, loadLibrary, type Library } from '../library.js';
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
}

export class MemoryStore implements Store {
  private lib: Library;
  private readonly listeners = new Set<(change: StoreChange) => void>();
  private readonly source: LibrarySource | null;

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
    const before = new Set(this.lib.byId.keys());
    this.lib = lib;
    const removed = change?.removed ?? [...before].filter((id) => !lib.byId.has(id));
    this.emit({ upserted: change?.upserted ?? lib.articles.map((a) => a.id), removed, updatedAt: lib.builtAt.toISOString() });
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
    if (this.source) {
      this.source.put(article);
      this.replace(this.source.library(), { upserted: [article.id], removed: [] });
      return;
    }
    const lib = this.lib;
    const articles = lib.articles.filter((a) => a.id !== article.id);
    articles.push(article);
    const problems = lib.problems.filter((p) => p.file !== article.file);
    this.lib = buildLibrary(articles, problems, lib.corpusDir);
    this.emit({ upserted: [article.id], removed: [], updatedAt: this.lib.builtAt.toISOString() });
  }

  async removeArticle(file: string): Promise<void> {
    if (this.source) {
      if (this.source.removeFile(file)) this.replace(this.source.library(), { upserted: [], removed: [file] });
      return;
    }
    const lib = this.lib;
    if (!lib.byId.has(file) && !lib.problems.some((p) => p.file === file)) return;
    const articles = lib.articles.filter((a) => a.id !== file);
    this.lib = buildLibrary(articles, lib.problems.filter((p) => p.file !== file), lib.corpusDir);
    this.emit({ upserted: [], removed: [file], updatedAt: this.lib.builtAt.toISOString() });
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
