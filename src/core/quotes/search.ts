// Searching the quoted words of every group (/quote WORDS). A plain MiniSearch
// scores every posting of every query word, so a common word ("president",
// "government") costs time in proportion to the corpus. As the paragraph index
// does for /search, the commonest ("head") terms are answered from lists built
// once: each head term's best-scoring groups (MiniSearch's own scores), and per
// group the head terms it holds, so a head word in a query filters and scores
// candidates instead of being scanned. Rarer words go to MiniSearch as before;
// a corpus with no head term (the seeds, the tests) is searched exactly as it was.
import { distance } from 'fastest-levenshtein';
import MiniSearch from 'minisearch';
import { miniSearchFromState, miniSearchState, type MiniSearchState } from '../search/minisearch-state.js';
import { rowHas } from '../search/rows.js';
import { processTerm } from '../search/text.js';
import { EVERY, runSteps, type Steps } from '../steps.js';
import { groupKey } from './group.js';
import type { QuoteTextCache } from './texts.js';
import type { QuoteGroup, QuoteHit } from './store.js';

/** Groups a term must be in to be a head term: at least this many, and this share of all groups. */
export const MIN_HEAD_DF = 300;
export const HEAD_FRACTION = 0.004;
/** Best groups kept per head term: more than any page of answers (search returns at most 100). */
export const HEAD_TOP = 400;
/** Head ids are kept in 16 bits. */
export const MAX_HEADS = 65_535;

const TOKENIZE = MiniSearch.getDefault('tokenize') as (text: string) => string[];

/** Distinct processed terms of a text, split and processed as MiniSearch does. */
export function termsOf(words: string): string[] {
  const terms = new Set<string>();
  for (const t of TOKENIZE(words)) {
    const p = processTerm(t);
    if (p) terms.add(p);
  }
  return [...terms];
}

interface Heads {
  idOf: Map<string, number>;
  /**
   * Per head: its best groups, best first, with MiniSearch's score for the term alone.
   * Made on the first query that needs the head (headList): the scores move with every
   * change of the corpus, and a build making every head's list scored all the groups of
   * every head term again after a one-article change, most of them never asked for.
   */
  top: Array<Map<number, number> | undefined>;
  topOrder: Array<Int32Array | undefined>;
  /** Score of a group holding the head term without a listed score: the lowest listed one. */
  floor: Float64Array;
  /** Head ids of group g: fwd[fwdStart[g] .. fwdStart[g + 1]), ascending. */
  fwdStart: Uint32Array;
  fwd: Uint16Array;
}

/** Head lists made (headList), over all searches: a build makes none. */
export const headListsMade = { count: 0 };

/** Head `h`'s list of best groups, made now if no query needed it before. */
function headList(mini: MiniSearch<{ id: number; text: string }>, heads: Heads, h: number): { top: Map<number, number>; order: Int32Array } {
  let top = heads.top[h];
  let order = heads.topOrder[h];
  if (!top || !order) {
    headListsMade.count++;
    const term = headTerm(heads, h);
    const res = bestOfTerm(mini, term, HEAD_TOP) ?? mini.search(term, { processTerm: (x) => x }).slice(0, HEAD_TOP).map((r) => ({ id: r.id as number, score: r.score }));
    heads.top[h] = top = new Map(res.map((r) => [r.id, r.score] as const));
    heads.topOrder[h] = order = Int32Array.from(res, (r) => r.id);
    heads.floor[h] = res.length ? res[res.length - 1]!.score : 0;
  }
  return { top, order };
}

/** The fields of MiniSearch 7 a one-term score reads (as its termResults does; not part of its typed API). */
interface MiniSearchScoring {
  _index: { get(term: string): Map<number, Map<number, number>> | undefined };
  _documentIds: Map<number, unknown>;
  _fieldLength: Map<number, number[]>;
  _avgFieldLength: number[];
  _documentCount: number;
}

/**
 * The `k` best documents for one exact term, with the scores and order MiniSearch's
 * search(term) gives (BM25 with its default parameters, the one field unboosted, ties in
 * posting order), without building a result object for every posting: a head term's
 * postings are thousands of groups, and making, matching and sorting a result for each
 * was most of a head word's first query (135 ms at 50k articles). Null when the index
 * holds a discarded document, whose removal inside termResults moves the term's
 * document count mid-scan: the caller then asks MiniSearch itself.
 */
export function bestOfTerm(mini: MiniSearch<{ id: number; text: string }>, term: string, k: number): Array<{ id: number; score: number }> | null {
  const m = mini as unknown as MiniSearchScoring;
  const postings = m._index.get(term)?.get(0);
  if (!postings) return [];
  const n = postings.size;
  const { k: k1, b, d } = BM25_DEFAULTS;
  const avg = m._avgFieldLength[0]!;
  const idf = Math.log(1 + (m._documentCount - n + 0.5) / (n + 0.5));
  // The k best so far in a heap whose root is the worst of them: the lowest score, and of
  // equal scores the later posting (postings come in order, so a later tie never gets in).
  const size = Math.min(k, n);
  const hs = new Float64Array(size);
  const hd = new Int32Array(size);
  const hp = new Int32Array(size);
  let filled = 0;
  const worse = (i: number, j: number) => hs[i]! < hs[j]! || (hs[i] === hs[j] && hp[i]! > hp[j]!);
  const swap = (i: number, j: number) => {
    [hs[i], hs[j]] = [hs[j]!, hs[i]!];
    [hd[i], hd[j]] = [hd[j]!, hd[i]!];
    [hp[i], hp[j]] = [hp[j]!, hp[i]!];
  };
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      if (l >= filled) return;
      const c = l + 1 < filled && worse(l + 1, l) ? l + 1 : l;
      if (!worse(c, i)) return;
      swap(c, i);
      i = c;
    }
  };
  let pos = 0;
  for (const [doc, tf] of postings) {
    if (!m._documentIds.has(doc)) return null;
    const len = m._fieldLength.get(doc)![0]!;
    // calcBM25Score's expression, term for term, so the floats are the same.
    const score = idf * (d + (tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * len) / avg)));
    if (filled < size) {
      hs[filled] = score;
      hd[filled] = doc;
      hp[filled] = pos;
      for (let i = filled++; i > 0; ) {
        const up = (i - 1) >> 1;
        if (!worse(i, up)) break;
        swap(i, up);
        i = up;
      }
    } else if (size > 0 && score > hs[0]!) {
      hs[0] = score;
      hd[0] = doc;
      hp[0] = pos;
      down(0);
    }
    pos++;
  }
  // Best first; equal scores in posting order, as MiniSearch's stable sort leaves them.
  const order = Array.from({ length: filled }, (_, i) => i).sort((x, y) => hs[y]! - hs[x]! || hp[x]! - hp[y]!);
  return order.map((i) => ({ id: m._documentIds.get(hd[i]!) as number, score: hs[i]! }));
}

/** MiniSearch 7's BM25 defaults: the quote search sets none of its own (miniOptions). */
const BM25_DEFAULTS = { k: 1.2, b: 0.7, d: 0.5 };

/** The term of head `h` (ids follow idOf's insertion order). */
function headTerm(heads: Heads, h: number): string {
  let terms = TERMS.get(heads);
  if (!terms) TERMS.set(heads, (terms = [...heads.idOf.keys()]));
  return terms[h]!;
}
const TERMS = new WeakMap<Heads, string[]>();

function* buildHeads(groups: readonly QuoteGroup[], texts?: QuoteTextCache): Steps<Heads | null> {
  const df = new Map<string, number>();
  const termLists: string[][] = [];
  for (let g = 0; g < groups.length; g++) {
    if ((g & EVERY) === 0) yield;
    const text = groups[g]!.quotes[0]!.text;
    const terms = texts ? texts.of(text).terms : termsOf(text);
    for (const t of terms) df.set(t, (df.get(t) ?? 0) + 1);
    termLists.push(terms);
  }
  const threshold = Math.max(MIN_HEAD_DF, Math.ceil(HEAD_FRACTION * groups.length));
  const heads = [...df]
    .filter(([, n]) => n > threshold)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, MAX_HEADS)
    .map(([t]) => t);
  if (heads.length === 0) return null;
  const idOf = new Map(heads.map((t, i) => [t, i] as const));
  const fwdStart = new Uint32Array(groups.length + 1);
  const fwd: number[] = [];
  termLists.forEach((terms, g) => {
    fwdStart[g] = fwd.length;
    const ids = terms.map((t) => idOf.get(t)).filter((h): h is number => h !== undefined);
    ids.sort((a, b) => a - b);
    for (const h of ids) fwd.push(h);
  });
  fwdStart[groups.length] = fwd.length;
  return { idOf, top: new Array<undefined>(heads.length).fill(undefined), topOrder: new Array<undefined>(heads.length).fill(undefined), floor: new Float64Array(heads.length), fwdStart, fwd: Uint16Array.from(fwd) };
}

/**
 * The head term within MiniSearch's fuzzy distance of an unknown term (0.2 of its length),
 * nearest then commonest: `heads` must run commonest first (the first of equal distance wins).
 */
export function nearestHead(heads: Iterable<string>, term: string): string | null {
  if (term.length < 5) return null;
  const max = Math.round(term.length * 0.2);
  let best: string | null = null;
  let bestD = max + 1;
  for (const t of heads) {
    if (Math.abs(t.length - term.length) > max) continue;
    const d = distance(t, term);
    if (d < bestD) {
      bestD = d;
      best = t;
    }
  }
  return best;
}

function hasHead(heads: Heads, g: number, h: number): boolean {
  return rowHas(heads.fwd, heads.fwdStart, g, h);
}

interface Scored {
  id: number;
  score: number;
  terms: string[];
}

/** Exact AND search of `terms` when some are head terms: the head lists, then MiniSearch for the rest. */
function searchWithHeads(mini: MiniSearch<{ id: number; text: string }>, heads: Heads, terms: readonly string[]): Scored[] {
  const head = terms.filter((t) => heads.idOf.has(t)).map((t) => heads.idOf.get(t)!);
  const tail = terms.filter((t) => !heads.idOf.has(t));
  for (const h of head) headList(mini, heads, h);
  const headScore = (g: number, h: number) => heads.top[h]!.get(g) ?? heads.floor[h]!;
  const out: Scored[] = [];
  if (tail.length) {
    // The rare words find the candidates; the head words filter and add their scores.
    const res = mini.search({ combineWith: 'AND', queries: tail }, { processTerm: (x) => x, filter: (r) => head.every((h) => hasHead(heads, r.id as number, h)) });
    for (const r of res) {
      let score = r.score;
      for (const h of head) score += headScore(r.id as number, h);
      out.push({ id: r.id as number, score, terms: [...r.terms, ...head.map((h) => terms.find((t) => heads.idOf.get(t) === h)!)] });
    }
    return out;
  }
  // Only head words: candidates are their best groups (a bounded set, by design) holding every one of them.
  const seen = new Set<number>();
  const headTerms = head.map((h) => terms.find((t) => heads.idOf.get(t) === h)!);
  for (const h of head) {
    for (const g of headList(mini, heads, h).order) {
      if (seen.has(g)) continue;
      seen.add(g);
      if (!head.every((x) => hasHead(heads, g, x))) continue;
      let score = 0;
      for (const x of head) score += headScore(g, x);
      out.push({ id: g, score, terms: headTerms });
    }
  }
  return out;
}

/** The steps of MiniSearch's add (MiniSearch 7; not part of its typed API), for adding already-processed terms. */
interface MiniSearchAdd {
  _documentCount: number;
  addDocumentId(id: number): number;
  addFieldLength(shortId: number, fieldId: number, count: number, length: number): void;
  _index: { set(term: string, value: Map<number, Map<number, number>>): unknown };
}

export interface QuoteSearch {
  (words: string, limit?: number): QuoteHit[];
  /** The terms answered from precomputed lists (processed form), commonest first. */
  readonly headTerms: readonly string[];
}

/** The search over these groups (their first quote's words), built once per store. */
export function makeQuoteSearch(groups: readonly QuoteGroup[]): QuoteSearch {
  return runSteps(quoteSearchSteps(groups));
}

/** makeQuoteSearch in slices (steps.ts): the same build, yielding now and then. */
export function* quoteSearchSteps(groups: readonly QuoteGroup[], texts?: QuoteTextCache): Steps<QuoteSearch> {
  const mini = new MiniSearch<{ id: number; text: string }>(miniOptions());
  // As addAll: one document after another.
  const inner = mini as unknown as MiniSearchAdd;
  // With kept tokens, what add does (MiniSearch 7): the id and the field's distinct raw tokens per
  // document, and each processed term counted; the terms then go into its tree in the order add
  // would first meet them, so the tree is the one add builds, without a tree walk per token.
  const postings = new Map<string, Map<number, number>>();
  for (let i = 0; i < groups.length; i++) {
    if ((i & EVERY) === 0) yield;
    const text = groups[i]!.quotes[0]!.text;
    if (!texts) {
      mini.add({ id: i, text });
      continue;
    }
    const t = texts.of(text);
    const short = inner.addDocumentId(i);
    inner.addFieldLength(short, 0, inner._documentCount - 1, t.unique);
    for (const term of t.indexed) {
      let docs = postings.get(term);
      if (!docs) postings.set(term, (docs = new Map()));
      docs.set(short, (docs.get(short) ?? 0) + 1);
    }
  }
  let k = 0;
  for (const [term, docs] of postings) {
    if ((++k & EVERY) === 0) yield;
    inner._index.set(term, new Map([[0, docs]]));
  }
  const heads = yield* buildHeads(groups, texts);

  return searchOver(mini, heads, groups);
}

/** The MiniSearch of the quoted words (built here, restored from a snapshot with the same options). */
function miniOptions() {
  return { fields: ['text'], processTerm: (t: string) => processTerm(t) ?? null };
}

/** What a search is made of, kept for a library snapshot (the search itself is a closure). */
const PARTS = new WeakMap<QuoteSearch, { mini: MiniSearch<{ id: number; text: string }>; heads: Heads | null }>();

/** The search over a built index, its head lists and the groups. */
function searchOver(mini: MiniSearch<{ id: number; text: string }>, heads: Heads | null, groups: readonly QuoteGroup[]): QuoteSearch {
  const known = new Map<string, boolean>();
  const knownTerm = (term: string): boolean => {
    let k = known.get(term);
    if (k === undefined) {
      k = heads?.idOf.has(term) || mini.search(term, { processTerm: (x) => x }).length > 0;
      if (known.size > 10_000) known.clear();
      known.set(term, k);
    }
    return k;
  };

  const search = (words: string, limit = 100): QuoteHit[] => {
    if (!words.trim() || groups.length === 0) return [];
    // Fuzzy matching only for words no quote has: expanding a word the index knows
    // costs the most and finds mostly noise.
    const opts = {
      prefix: (t: string) => t.length >= 4,
      fuzzy: (t: string) => (t.length >= 5 && !knownTerm(t) ? 0.2 : false),
    };
    const terms = termsOf(words);
    // Exact words first: fuzzy expansion of a long, common word is the slow part of a
    // query, and it only helps when the words as typed find nothing.
    let res: Scored[] =
      heads && terms.some((t) => heads.idOf.has(t))
        ? searchWithHeads(mini, heads, terms)
        : mini.search(words, { combineWith: 'AND' }).map((r) => ({ id: r.id as number, score: r.score, terms: r.terms }));
    // A misspelt common word ("goverment") would make MiniSearch's fuzzy search scan the
    // common word's postings: read it as the nearest head term instead, through the lists.
    if (res.length === 0 && heads) {
      const fixed = terms.map((t) => (knownTerm(t) ? t : nearestHead(heads.idOf.keys(), t) ?? t));
      if (fixed.some((t, i) => t !== terms[i])) res = searchWithHeads(mini, heads, [...new Set(fixed)]);
    }
    const widen = (combineWith: 'AND' | 'OR') => mini.search(words, { ...opts, combineWith }).map((r) => ({ id: r.id as number, score: r.score, terms: r.terms }));
    if (res.length === 0) res = widen('AND');
    // With one term AND and OR are the same search: fuzzy matching a long term is the slow part, so do it once.
    if (res.length === 0 && terms.length > 1) res = widen('OR');
    const phrase = groupKey(words);
    return res
      .map((r) => {
        const g = groups[r.id]!;
        // The words as typed, in order, beat scattered matches.
        const bonus = phrase && g.key.includes(phrase) ? 100 : 0;
        return { group: g, score: r.score + bonus, terms: r.terms };
      })
      .sort((a, b) => b.score - a.score)
      .slice(0, limit);
  };
  const headTerms = heads ? [...heads.idOf.keys()] : [];
  const made = Object.assign(search, { headTerms });
  PARTS.set(made, { mini, heads });
  return made;
}

/** The search as plain data (store/snapshot.ts); the groups are the store's, given back to fromSnapshot. */
export interface QuoteSearchSnapshot {
  mini: MiniSearchState;
  heads: Heads | null;
}

export function quoteSearchToSnapshot(search: QuoteSearch): QuoteSearchSnapshot {
  const parts = PARTS.get(search);
  if (!parts) throw new Error('quoteSearchToSnapshot: not a search made by quoteSearchSteps');
  return { mini: miniSearchState(parts.mini), heads: parts.heads };
}

export function quoteSearchFromSnapshot(s: QuoteSearchSnapshot, groups: readonly QuoteGroup[]): QuoteSearch {
  return searchOver(miniSearchFromState(s.mini, miniOptions()), s.heads, groups);
}
