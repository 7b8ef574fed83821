// The reference: a plain MiniSearch over the same paragraphs (default tokenizer,
// no stemming, title and outlet as fields), searched with the same query set,
// exact and with default fuzzy+prefix. Every query is run both ways.
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

export interface ReferenceRun {
  articles: number;
  indexMs: number;
  heapMB: number;
  exact: Record<string, Stats | null>;
  fuzzyPrefix: Record<string, Stats | null>;
  queries: number;
}

export function benchReference(articles: readonly Article[], queries: readonly BenchQuery[]): ReferenceRun {
  const heap0 = heapUsed();
  const { value: ms, ms: indexMs } = time(() => {
    const m = new MiniSearch<RefDoc>({ fields: ['text', 'title', 'outlet'], storeFields: [] });
    let id = 0;
    for (const a of articles) for (const p of a.paragraphs) m.add({ id: id++, text: p.text, title: a.meta.title ?? '', outlet: a.meta.outlet ?? '' });
    return m;
  });
  const heapMB = mb(heapUsed() - heap0);
  log(`reference MiniSearch: ${articles.length} articles indexed in ${s1(indexMs)} s, ${heapMB} MB; ${queries.length} queries exact, then fuzzy+prefix`);
  const kinds = queries.map((q) => q.kind);
  const run = (opts: Parameters<typeof ms.search>[1]): number[] =>
    queries.map((q) => {
      const t = performance.now();
      ms.search(q.text, opts).slice(0, 10);
      return performance.now() - t;
    });
  const exact = byKind(kinds, run({}));
  const fuzzy = byKind(kinds, run({ prefix: true, fuzzy: 0.2 }));
  return { articles: articles.length, indexMs, heapMB, exact, fuzzyPrefix: fuzzy, queries: queries.length };
}
