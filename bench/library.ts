// The library built in this process from the corpus files, stage by stage:
// file reading + front matter + cleaning + segmentation (the real loader), then
// the quote store, the date store and the paragraph index, each from ALL the
// articles, with the heap after each stage.
import { loadCorpus } from '../src/core/corpus/load.js';
import { buildDateStore } from '../src/core/dates/store.js';
import type { Library } from '../src/core/library.js';
import { buildQuoteStore } from '../src/core/quotes/store.js';
import { buildSearchIndex } from '../src/core/search/index.js';
import { heapUsed, log, mb, s1, timeAsync, time } from './stats.js';

export interface LibraryBench {
  lib: Library;
  articles: number;
  problems: number;
  paragraphs: number;
  wordsPerArticle: number;
  /** Corpus files on disk, MB. */
  corpusMB: number;
  ms: { load: number; quotes: number; dates: number; index: number; total: number };
  perSec: { load: number; quotes: number; dates: number; index: number; extraction: number };
  quotesFound: number;
  /** Articles whose quotes were left out (over the extraction budget): built from all, served from all but these. */
  quotesSkipped: number;
  eventsFound: number;
  heapMB: { articles: number; quotes: number; dates: number; index: number; total: number };
}

export async function benchLibrary(dir: string, corpusBytes: number): Promise<LibraryBench> {
  const base = heapUsed();
  const loaded = await timeAsync(() => loadCorpus(dir));
  const { articles, problems } = loaded.value;
  const n = articles.length;
  const hArticles = heapUsed();
  log(`loaded ${n} files in ${s1(loaded.ms)} s (${problems.length} skipped); articles ${mb(hArticles - base)} MB of heap`);
  const quotes = time(() => buildQuoteStore(articles));
  const hQuotes = heapUsed();
  log(`quote store from all ${n} articles in ${s1(quotes.ms)} s (${quotes.value.quotes.length} quotes; ${quotes.value.skipped?.length ?? 0} articles over the budget)`);
  const dates = time(() => buildDateStore(articles));
  const hDates = heapUsed();
  log(`date store in ${s1(dates.ms)} s (${dates.value.events.length} events)`);
  const index = time(() => buildSearchIndex(articles));
  const hIndex = heapUsed();
  log(`paragraph index in ${s1(index.ms)} s`);
  // As buildLibrary assembles it; built here stage by stage to time each.
  const lib: Library = {
    corpusDir: dir,
    articles,
    byId: new Map(articles.map((a) => [a.id, a] as const)),
    problems,
    quotes: quotes.value,
    dates: dates.value,
    index: index.value,
    builtAt: new Date(),
  };
  const total = heapUsed();
  const paragraphs = articles.reduce((s, a) => s + a.paragraphs.length, 0);
  const words = articles.reduce((s, a) => s + a.text.split(/\s+/).length, 0);
  const rate = (ms: number) => Math.round(n / (ms / 1000));
  const totalMs = loaded.ms + quotes.ms + dates.ms + index.ms;
  return {
    lib,
    articles: n,
    problems: problems.length,
    paragraphs,
    wordsPerArticle: Math.round(words / Math.max(1, n)),
    corpusMB: mb(corpusBytes),
    ms: { load: loaded.ms, quotes: quotes.ms, dates: dates.ms, index: index.ms, total: totalMs },
    perSec: { load: rate(loaded.ms), quotes: rate(quotes.ms), dates: rate(dates.ms), index: rate(index.ms), extraction: rate(quotes.ms + dates.ms) },
    quotesFound: quotes.value.quotes.length,
    quotesSkipped: quotes.value.skipped?.length ?? 0,
    eventsFound: dates.value.events.length,
    heapMB: { articles: mb(hArticles - base), quotes: mb(hQuotes - hArticles), dates: mb(hDates - hQuotes), index: mb(hIndex - hDates), total: mb(total - base) },
  };
}
