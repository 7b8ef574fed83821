// The reference: a plain MiniSearch over the same paragraphs (default tokenizer,
// no stemming, title and outlet as fields), given the words of the same query
// sets as our commands: every /search query exact and with MiniSearch's fuzzy+
// prefix (typo tolerance, as ours has), and the words of every /quote and
// /timeline query with fuzzy+prefix. A /timeline query's from:/to: options are
// not words; a query that is only a range has nothing to search and is left out
// of the reference's /timeline set (counted).
import MiniSearch from 'minisearch';
import type { Article } from '../src/core/types.js';
import type { BenchQuery } from './queries.js';
import { byKind, heapUsed, log, mb, s1, time, type Stats } from './stats.js';

interface RefDoc {
  id: number;
  text: string;
  title: string;
  outlet: string;
}

export interface ReferenceSet {
  queries: number;
  /** Queries of the command's set with no words for a plain index (a bare date range). */
  leftOut: number;
  fuzzyPrefix: Record<string, Stats | null>;
}

export interface ReferenceRun {
  articles: number;
  indexMs: number;
  heapMB: number;
  /** The /search set, exact (no typo tolerance). */
  exact: Record<string, Stats | null>;
  search: ReferenceSet;
  quote: ReferenceSet;
  timeline: ReferenceSet;
}

export interface ReferenceQueries {
  search: readonly BenchQuery[];
  quote: readonly BenchQuery[];
  timeline: readonly BenchQuery[];
}

/** The words a plain full-text index can be given for a query line (options dropped). */
export function referenceText(text: string): string {
  return text.replace(/\b(?:from|to|limit|page):\S*/g, ' ').replace(/\s+/g, ' ').trim();
}

export function benchReference(articles: readonly Article[], sets: ReferenceQueries): ReferenceRun {
  const heap0 = heapUsed();
  const { value: ms, ms: indexMs } = time(() => {
    const m = new MiniSearch<RefDoc>({ fields: ['text', 'title', 'outlet'], storeFields: [] });
    let id = 0;
    for (const a of articles) for (const p of a.paragraphs) m.add({ id: id++, text: p.text, title: a.meta.title ?? '', outlet: a.meta.outlet ?? '' });
    return m;
  });
  const heapMB = mb(heapUsed() - heap0);
  log(`reference MiniSearch: ${articles.length} articles indexed in ${s1(indexMs)} s, ${heapMB} MB`);
  const run = (queries: readonly BenchQuery[], opts: Parameters<typeof ms.search>[1]): number[] =>
    queries.map((q) => {
      const t = performance.now();
      ms.search(referenceText(q.text), opts).slice(0, 10);
      return performance.now() - t;
    });
  const fuzzy = { prefix: true, fuzzy: 0.2 };
  const set = (name: string, all: readonly BenchQuery[]): ReferenceSet => {
    const queries = all.filter((q) => referenceText(q.text) !== '');
    const t = performance.now();
    const fuzzyPrefix = byKind(queries.map((q) => q.kind), run(queries, fuzzy));
    log(`reference ${name}: ${queries.length} queries fuzzy+prefix in ${s1(performance.now() - t)} s, p99 ${fuzzyPrefix.all?.p99} ms`);
    return { queries: queries.length, leftOut: all.length - queries.length, fuzzyPrefix };
  };
  const exact = byKind(sets.search.map((q) => q.kind), run(sets.search, {}));
  return { articles: articles.length, indexMs, heapMB, exact, search: set('/search', sets.search), quote: set('/quote', sets.quote), timeline: set('/timeline', sets.timeline) };
}
