// Snippets: the verbatim sentences of a paragraph that contain matched terms,
// with the matched words marked as ranges (never as markup inside the text).
import type { Article, Span } from '../types.js';
import { processTerm, scanWords } from './text.js';

export { scanAllWords } from './text.js';

export interface Snippet {
  text: string;
  span: Span;
  /** [start, end) ranges of `text`, one per matched word, in order. */
  highlights: Array<[number, number]>;
}

const lowerAscii = (c: number) => (c >= 65 && c <= 90 ? c | 32 : c);

/** The first `k` (≤ 3) characters, lower-cased, as a number; -1 when one is not ASCII (always checked). */
function key(s: string, at: number, k: number): number {
  let v = 0;
  for (let j = 0; j < k; j++) {
    const c = s.charCodeAt(at + j);
    if (c >= 128 || c === 46) return -1;
    v = v * 128 + lowerAscii(c);
  }
  return v;
}

/**
 * The best sentence of the paragraph (most distinct matched terms, then most
 * matches, then earliest), widened by a neighbouring sentence that also matches
 * while `maxSentences` allows; with no match in the text (a title match), the
 * paragraph's first sentence.
 */
export function makeSnippet(article: Article, paragraphIndex: number, terms: readonly string[], maxSentences = 2): Snippet | null {
  const p = article.paragraphs[paragraphIndex];
  if (!p) return null;
  const text = article.text;
  const sentences = p.sentences.length ? p.sentences : [{ start: p.start, end: p.end, text: p.text }];
  const want = new Set(terms);
  // A stem keeps all but (at most) its last letter as the word's first letters,
  // so a word whose first letters start no wanted stem is skipped unstemmed.
  const keys = [new Set<number>(), new Set<number>(), new Set<number>()];
  let prefilter = true;
  for (const t of want) {
    const k = Math.min(3, t.length - 1);
    if (k < 1 || /[^\x00-\x7f]/.test(t.slice(0, k))) prefilter = false;
    else keys[k - 1]!.add(key(t, 0, k));
  }
  const maybe = (ws: number, we: number): boolean => {
    if (!prefilter) return true;
    for (let k = 1; k <= 3; k++) {
      if (keys[k - 1]!.size === 0) continue;
      if (we - ws < k) return true;
      const kk = key(text, ws, k);
      if (kk < 0 || keys[k - 1]!.has(kk)) return true;
    }
    return false;
  };
  const scored = sentences.map((s) => {
    const hits: Array<[number, number]> = [];
    const distinct = new Set<string>();
    if (want.size) {
      scanWords(text, s.start, s.end, maybe, (ws, we) => {
        const pt = processTerm(text.slice(ws, we));
        if (pt !== null && want.has(pt)) {
          hits.push([ws, we]);
          distinct.add(pt);
        }
      });
    }
    return { s, hits, distinct: distinct.size };
  });
  let best = 0;
  for (let i = 1; i < scored.length; i++) {
    const a = scored[i]!;
    const b = scored[best]!;
    if (a.distinct > b.distinct || (a.distinct === b.distinct && a.hits.length > b.hits.length)) best = i;
  }
  let from = best;
  let to = best;
  while (to - from + 1 < maxSentences) {
    const next = scored[to + 1];
    const prev = scored[from - 1];
    if (next && next.hits.length && (!prev || next.hits.length >= prev.hits.length)) to++;
    else if (prev && prev.hits.length) from--;
    else break;
  }
  const first = scored[from];
  const last = scored[to];
  if (!first || !last) return null;
  const start = first.s.start;
  const end = last.s.end;
  const highlights: Array<[number, number]> = [];
  for (let i = from; i <= to; i++) for (const [hs, he] of scored[i]!.hits) highlights.push([hs - start, he - start]);
  return { text: text.slice(start, end), span: { start, end }, highlights };
}
