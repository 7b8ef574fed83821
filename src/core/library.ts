// Everything built from one corpus. A Library is immutable once built; a change
// builds a new one (from the per-article work already done) and the store swaps
// it in whole, so a query never sees a half-built index. The build can run in
// slices (librarySteps) so the thread holding the current library keeps
// answering from it meanwhile.
import type { Article, DatedEvent, DateMention, LoadProblem } from './types.js';
import { loadCorpus } from './corpus/load.js';
import { quoteStoreSteps, type ArticleQuotes, type QuoteStore } from './quotes/store.js';
import { dateStoreSteps, type DateStore, type SentenceCache } from './dates/store.js';
import { searchIndexSteps, type SearchIndex } from './search/index.js';
import type { TokenCache } from './search/tokens.js';
import type { QuoteTextCache } from './quotes/texts.js';
import { runSteps, type Steps } from './steps.js';

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
  /** …and its dated events (eventsOf of those mentions), kept from an earlier build. */
  eventsOf?: (article: Article, mentions: readonly DateMention[]) => DatedEvent[] | undefined;
  /** The paragraph index's per-article tokens, kept from earlier builds (search/tokens.ts). */
  tokens?: TokenCache;
  /** What each quote's words give (grouping key, search terms), kept from earlier builds (quotes/texts.ts). */
  quoteTexts?: QuoteTextCache;
  /** The dated sentences' terms (event grouping), kept from earlier builds (dates/store.ts). */
  sentences?: SentenceCache;
}

export function buildLibrary(articles: readonly Article[], problems: readonly LoadProblem[] = [], corpusDir = '', parts: LibraryParts = {}): Library {
  return runSteps(librarySteps(articles, problems, corpusDir, parts));
}

/** buildLibrary in slices (steps.ts): the same build, yielding now and then. */
export function* librarySteps(articles: readonly Article[], problems: readonly LoadProblem[] = [], corpusDir = '', parts: LibraryParts = {}): Steps<Library> {
  const byId = new Map(articles.map((a) => [a.id, a] as const));
  const quotes = yield* quoteStoreSteps(articles, { extracted: parts.quotesOf, texts: parts.quoteTexts });
  // An article over the quote extraction budget is still served (search, dates); /sources says its quotes are missing.
  const skipped = (quotes.skipped ?? []).map((x) => ({ file: byId.get(x.articleId)?.file ?? x.articleId, reason: `quotes not extracted: ${x.reason}` }));
  const dates = yield* dateStoreSteps(articles, { mentionsOf: parts.datesOf, eventsOf: parts.eventsOf, sentences: parts.sentences });
  const index = yield* searchIndexSteps(articles, { tokens: parts.tokens });
  return {
    corpusDir,
    articles,
    byId,
    problems: skipped.length ? [...problems, ...skipped] : problems,
    quotes,
    dates,
    index,
    builtAt: new Date(),
  };
}

export async function loadLibrary(corpusDir: string): Promise<Library> {
  const { articles, problems } = await loadCorpus(corpusDir);
  return buildLibrary(articles, problems, corpusDir);
}
