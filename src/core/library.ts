// Everything built from one corpus. A Library is immutable once built; a change
// builds a new one (from the per-article work already done) and the store swaps
// it in whole, so a query never sees a half-built index.
import type { Article, DateMention, LoadProblem } from './types.js';
import { loadCorpus } from './corpus/load.js';
import { buildQuoteStore, type ArticleQuotes, type QuoteStore } from './quotes/store.js';
import { buildDateStore, type DateStore } from './dates/store.js';
import { buildSearchIndex, type SearchIndex } from './search/index.js';

export interface Library {
  corpusDir: string;
  articles: readonly Article[];
  byId: ReadonlyMap<string, Article>;
  problems: readonly LoadProblem[];
  quotes: QuoteStore;
  dates: DateStore;
  index: SearchIndex;
  builtAt: Date;
}

export interface LibraryParts {
  /** Per-article work already done (see store/corpus.ts): the date mentions of an article. */
  datesOf?: (article: Article) => DateMention[] | undefined;
  /** …and its quotes, attributed from the article alone. */
  quotesOf?: (article: Article) => ArticleQuotes | undefined;
}

export function buildLibrary(articles: readonly Article[], problems: readonly LoadProblem[] = [], corpusDir = '', parts: LibraryParts = {}): Library {
  const byId = new Map(articles.map((a) => [a.id, a] as const));
  const quotes = buildQuoteStore(articles, { extracted: parts.quotesOf });
  // An article over the quote extraction budget is still served (search, dates); /sources says its quotes are missing.
  const skipped = (quotes.skipped ?? []).map((x) => ({ file: byId.get(x.articleId)?.file ?? x.articleId, reason: `quotes not extracted: ${x.reason}` }));
  return {
    corpusDir,
    articles,
    byId,
    problems: skipped.length ? [...problems, ...skipped] : problems,
    quotes,
    dates: buildDateStore(articles, { mentionsOf: parts.datesOf }),
    index: buildSearchIndex(articles),
    builtAt: new Date(),
  };
}

export async function loadLibrary(corpusDir: string): Promise<Library> {
  const { articles, problems } = await loadCorpus(corpusDir);
  return buildLibrary(articles, problems, corpusDir);
}
