// Citations: every item an answer shows names the article it is a span of.
import type { SourceRef } from './answer.js';
import type { Article, Span } from './types.js';
import { rawIndex } from './corpus/offsets.js';

/** Source reference for an article; with a span, where in the original file it is. */
export function sourceRef(article: Article, span?: Span): SourceRef {
  const ref: SourceRef = {
    file: article.file,
    outlet: article.meta.outlet,
    title: article.meta.title,
    published: article.meta.published,
    url: article.meta.url,
  };
  if (span) {
    // The end maps through the last character, not the one after it: junk
    // removed right after the span must not be counted into the citation.
    const start = rawIndex(article.toRaw, span.start);
    const end = span.end > span.start ? rawIndex(article.toRaw, span.end - 1) + 1 : start;
    ref.at = { start: article.rawOffset + start, end: article.rawOffset + end };
  }
  return ref;
}

/** The part of an article's clean→raw offset runs a citation needs (plain arrays: it crosses store boundaries). */
export interface CiteRuns {
  file: string;
  outlet: string | null;
  title: string | null;
  published: string | null;
  url: string | null;
  rawOffset: number;
  /** Runs of OffsetMap (see corpus/offsets.ts); the first starts at or before any span cited with them. */
  at: number[];
  raw: number[];
}

/** The runs of `article` covering [start, end): enough to cite any span inside it with citeSpan. */
export function citeRuns(article: Article, start: number, end: number): CiteRuns {
  const { at, raw } = article.toRaw;
  let lo = 0;
  while (lo + 1 < at.length && at[lo + 1]! <= start) lo++;
  let hi = lo;
  while (hi + 1 < at.length && at[hi + 1]! <= end) hi++;
  return {
    file: article.file,
    outlet: article.meta.outlet,
    title: article.meta.title,
    published: article.meta.published,
    url: article.meta.url,
    rawOffset: article.rawOffset,
    at: Array.from(at.subarray(lo, hi + 1)),
    raw: Array.from(raw.subarray(lo, hi + 1)),
  };
}

/** The same SourceRef as sourceRef(article, span), from the runs covering the span. */
export function citeSpan(runs: CiteRuns, span: Span): SourceRef {
  const rawAt = (i: number): number => {
    let lo = 0;
    let hi = runs.at.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (runs.at[mid]! <= i) lo = mid;
      else hi = mid - 1;
    }
    return runs.raw[lo]! + (i - runs.at[lo]!);
  };
  const start = rawAt(span.start);
  const end = span.end > span.start ? rawAt(span.end - 1) + 1 : start;
  return {
    file: runs.file,
    outlet: runs.outlet,
    title: runs.title,
    published: runs.published,
    url: runs.url,
    at: { start: runs.rawOffset + start, end: runs.rawOffset + end },
  };
}
