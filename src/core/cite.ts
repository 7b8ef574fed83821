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
