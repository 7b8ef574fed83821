// The paragraph index. (Placeholder: plain MiniSearch; issue 2 tunes it for speed.)
import MiniSearch from 'minisearch';
import type { Article } from '../types.js';
import { processTerm, tokenize } from './text.js';

export interface SearchHit {
  articleId: string;
  paragraphIndex: number;
  score: number;
  /** Processed (stemmed) terms of the paragraph that matched the query. */
  terms: string[];
}

export interface SearchOptions {
  limit?: number;
  /** Keep only these articles (e.g. a topic filter from another command). */
  filter?: (articleId: string, paragraphIndex: number) => boolean;
}

export interface SearchIndex {
  readonly size: number;
  search(query: string, options?: SearchOptions): SearchHit[];
  /** "Did you mean" candidates when a query finds nothing. */
  suggest(query: string): string[];
}

interface Doc {
  id: number;
  articleId: string;
  paragraphIndex: number;
  text: string;
  title: string;
  outlet: string;
}

export function buildSearchIndex(articles: readonly Article[]): SearchIndex {
  const ms = new MiniSearch<Doc>({
    fields: ['text', 'title', 'outlet'],
    storeFields: ['articleId', 'paragraphIndex'],
    tokenize: (s) => tokenize(s).map((t) => t.word),
    processTerm: (t) => processTerm(t) ?? false,
    searchOptions: { boost: { title: 2, outlet: 1.5 }, prefix: true, fuzzy: 0.2 },
  });
  const docs: Doc[] = [];
  for (const a of articles) {
    for (const p of a.paragraphs) {
      docs.push({ id: docs.length, articleId: a.id, paragraphIndex: p.index, text: p.text, title: a.meta.title ?? '', outlet: a.meta.outlet ?? '' });
    }
  }
  ms.addAll(docs);
  return {
    size: docs.length,
    search(query, options = {}) {
      const results = ms.search(query, {
        filter: options.filter ? (r) => options.filter!(r.articleId as string, r.paragraphIndex as number) : undefined,
      });
      return results.slice(0, options.limit ?? 50).map((r) => ({
        articleId: r.articleId as string,
        paragraphIndex: r.paragraphIndex as number,
        score: r.score,
        terms: r.terms,
      }));
    },
    suggest(query) {
      return ms.autoSuggest(query, { fuzzy: 0.3 }).slice(0, 3).map((s) => s.suggestion);
    },
  };
}
