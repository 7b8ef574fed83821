// Snippets: the verbatim sentences of a paragraph that contain matched terms,
// with the matched words marked as ranges (never as markup inside the text).
import type { Article, Span } from '../types.js';
import { processTerm, tokenize } from './text.js';

export interface Snippet {
  text: string;
  span: Span;
  highlights: Array<[number, number]>;
}

export function makeSnippet(article: Article, paragraphIndex: number, terms: readonly string[], maxSentences = 2): Snippet | null {
  const p = article.paragraphs[paragraphIndex];
  if (!p) return null;
  const want = new Set(terms);
  const scored = p.sentences.map((s) => {
    const hits = tokenize(s.text).filter((t) => {
      const pt = processTerm(t.word);
      return pt !== null && want.has(pt);
    });
    return { s, hits };
  });
  let chosen = scored.filter((x) => x.hits.length > 0);
  if (chosen.length === 0) chosen = scored.slice(0, 1);
  chosen = chosen.sort((a, b) => b.hits.length - a.hits.length).slice(0, maxSentences).sort((a, b) => a.s.start - b.s.start);
  if (chosen.length === 0) return null;
  const start = chosen[0]!.s.start;
  const end = chosen[chosen.length - 1]!.s.end;
  const highlights: Array<[number, number]> = [];
  for (const c of chosen) for (const h of c.hits) highlights.push([c.s.start - start + h.start, c.s.start - start + h.end]);
  return { text: article.text.slice(start, end), span: { start, end }, highlights };
}
