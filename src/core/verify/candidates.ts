// Which quotes are worth aligning with a claim: an inverted index of the
// quotes' normalised words, built once per QuoteStore (lazily, cached by the
// store itself) so a claim is aligned with a few dozen quotes, not all of them.
import type { QuoteStore } from '../quotes/store.js';
import type { Quote } from '../types.js';
import { tokenKeys, type VToken } from './tokens.js';

interface QuoteIndex {
  postings: Map<string, number[]>;
  byArticle: Map<string, Quote[]>;
}

const cache = new WeakMap<QuoteStore, QuoteIndex>();

function keysOf(text: string): Set<string> {
  return new Set(tokenKeys(text));
}

function quoteIndex(store: QuoteStore): QuoteIndex {
  let idx = cache.get(store);
  if (!idx) {
    const postings = new Map<string, number[]>();
    const byArticle = new Map<string, Quote[]>();
    store.quotes.forEach((q, i) => {
      const list = byArticle.get(q.articleId);
      if (list) list.push(q);
      else byArticle.set(q.articleId, [q]);
      for (const k of keysOf(q.text)) {
        const list = postings.get(k);
        if (list) list.push(i);
        else postings.set(k, [i]);
      }
    });
    idx = { postings, byArticle };
    cache.set(store, idx);
  }
  return idx;
}

/** The quotes of one article (to tell quoted words from the reporter's). */
export function quotesInArticle(store: QuoteStore, articleId: string): readonly Quote[] {
  return quoteIndex(store).byArticle.get(articleId) ?? [];
}

export interface CandidateOptions {
  /** Quotes compared in full at most. */
  limit?: number;
  /** Also keep the best of this speaker's quotes, even if others share more words. */
  speakerId?: string | null;
  speakerLimit?: number;
}

/** A word in more quotes than this share tells little about which quote is meant. */
const COMMON_FRACTION = 0.02;
const MIN_COMMON_DF = 200;

/** Indexes into store.quotes of the quotes sharing the most (and rarest) words with the claim, best first. */
export function candidateQuotes(store: QuoteStore, claim: readonly VToken[], options: CandidateOptions = {}): number[] {
  const total = store.quotes.length;
  if (total === 0 || claim.length === 0) return [];
  const { postings } = quoteIndex(store);
  const lists = candidateKeys(claim).map((k) => postings.get(k) ?? []);
  const used = listsToScore(total, lists.map((l) => l.length)).map((i) => lists[i]!);
  const quotes = store.quotes;
  const id = options.speakerId;
  return rankCandidates(total, used, total, { ...options, ofSpeaker: id ? (i) => quotes[i]!.speakerId === id : null });
}

/** The keys a claim's candidates are looked up by: its content words' (all its words' when it has none), first-seen order. */
export function candidateKeys(claim: readonly VToken[]): string[] {
  const keys = [...new Set(claim.filter((t) => t.content).map((t) => t.key))];
  return keys.length ? keys : [...new Set(claim.map((t) => t.key))];
}

/**
 * Which of the keys' postings lists score the claim, given each list's length (its
 * key's document frequency) among `total` quotes: indexes into `dfs`, in order.
 * Words every other quote has are skipped while rarer ones remain: they would cost a
 * pass over a long list and barely change the ranking.
 */
export function listsToScore(total: number, dfs: readonly number[]): number[] {
  const lists = dfs.flatMap((df, i) => (df > 0 ? [i] : []));
  const commonDf = Math.max(MIN_COMMON_DF, total * COMMON_FRACTION);
  const rare = lists.filter((i) => dfs[i]! <= commonDf);
  return rare.length >= 2 ? rare : lists;
}

export interface RankOptions {
  limit?: number;
  speakerLimit?: number;
  /** Whether quote i is the speaker's (its best extra quotes are kept too); null: no speaker. */
  ofSpeaker?: ((i: number) => boolean) | null;
}

/**
 * The best of the quotes in these postings lists (indexes below `size`, numbered in
 * corpus order: ties go to the lower), best first: each list adds log(1 + total/its
 * length) to its quotes' scores, in list order; then, with a speaker, the best of the
 * speaker's quotes not already chosen.
 */
export function rankCandidates(total: number, used: ReadonlyArray<ArrayLike<number>>, size: number, options: RankOptions = {}): number[] {
  const scores = new Float64Array(size);
  const touched: number[] = [];
  for (const list of used) {
    const idf = Math.log(1 + total / list.length);
    for (let j = 0; j < list.length; j++) {
      const i = list[j]!;
      if (scores[i] === 0) touched.push(i);
      scores[i] = scores[i]! + idf;
    }
  }
  const out = topK(touched, scores, options.limit ?? 48, () => true);
  const ofSpeaker = options.ofSpeaker;
  if (ofSpeaker) {
    const chosen = new Set(out);
    out.push(...topK(touched, scores, options.speakerLimit ?? 16, (i) => !chosen.has(i) && ofSpeaker(i)));
  }
  return out;
}

/** The k best-scoring indexes that pass `keep`, best first, ties by index; one pass, no full sort. */
function topK(indexes: readonly number[], scores: Float64Array, k: number, keep: (i: number) => boolean): number[] {
  const better = (a: number, b: number) => scores[a]! > scores[b]! || (scores[a] === scores[b] && a < b);
  const top: number[] = [];
  for (const i of indexes) {
    if (!keep(i)) continue;
    if (top.length === k && !better(i, top[k - 1]!)) continue;
    let j = top.length < k ? top.length : k - 1;
    top[j] = i;
    while (j > 0 && better(top[j]!, top[j - 1]!)) {
      const t = top[j - 1]!;
      top[j - 1] = top[j]!;
      top[j] = t;
      j--;
    }
  }
  return top;
}
