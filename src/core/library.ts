// Everything built from one corpus. A Library is immutable once built; reloads
// build a new one and swap it in whole, so a query never sees a half-built index.
import type { Article, LoadProblem } from './types.js';
import { loadCorpus } from './corpus/load.js';
import { buildQuoteStore, type QuoteStore } from './quotes/store.js';
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

export function buildLibrary(articles: readonly Article[], problems: readonly LoadProblem[] = [], corpusDir = ''): Library {
  const byId = new Map(articles.map((a) => [a.id, a] as const));
  const quotes = buildQuoteStore(articles);
  // An article over the quote extraction budget is still served (search, dates); /sources says its quotes are missing.
  const skipped = (quotes.skipped ?? []).map((x) => ({ file: byId.get(x.articleId)?.file ?? x.articleId, reason: `quotes not extracted: ${x.reason}` }));
  return {
    corpusDir,
    articles,
    byId,
    problems: skipped.length ? [...problems, ...skipped] : problems,
    quotes,
    dates: buildDateStore(articles),
    index: buildSearchIndex(articles),
    builtAt: new Date(),
  };
}

export async function loadLibrary(corpusDir: string): Promise<Library> {
  const { articles, problems } = await loadCorpus(corpusDir);
  return buildLibrary(articles, problems, corpusDir);
}
