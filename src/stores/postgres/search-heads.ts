// Head terms of the paragraph search in SQL, as the core's index has them
// (src/core/search/index.ts): a stem in more than headDf paragraphs is not scored
// from its postings but from its best headTop paragraphs, and a paragraph "has" it
// when any of its fields does. The core decides both from the whole corpus at every
// build (and it rebuilds after every change), so which stems are heads and their best
// paragraphs are decided here from the current statistics at every query, never stored:
//
// - search_df holds every stem's paragraph count, kept by each write, so the heads of
//   a corpus version are `df > headDf` of that version;
// - search_heads/search_head_docs hold, per head stem, a candidate list the writer keeps
//   (search-head-rows.ts): the stem's paragraphs best by BM25 score without its idf
//   factor ("gain") at the average field lengths the list was built at, then corpus
//   order, as the core's TopK ranks; a reader rescores the candidates at the current
//   statistics. What the list leaves out is bounded two ways:
//   - paragraphs counted exactly as the first one left out ("kind": the same term
//     frequency and length in each field the stem is in) score exactly as it does at
//     any statistics, and come after it in corpus order. Such ties are common: a word of
//     an outlet's name counts the same in every paragraph of that outlet;
//   - any other paragraph left out had a gain <= theta at the list's averages; at other
//     averages its gain is at most rho * theta, rho the largest growth of any field's
//     average (shorter relative lengths raise tf's part by at most that factor; the
//     constant part does not grow).
//   So when the headTop-th best candidate beats both, the candidates hold the exact
//   best headTop; when not (long drift, many removals), the stem's postings are read
//   whole, as before.
import type pg from 'pg';

export const BOOSTS = [1, 2, 1.5] as const;
export const BM25 = { k: 1.2, b: 0.7, d: 0.5 };
const HEAD_FRACTION = 0.005;
const MIN_HEAD_DF = 500;
export const HEAD_TOP = 1000;
/** Candidates a list is built with, in multiples of headTop: room for drift and removals. */
export const LIST_FACTOR = 2;
/** Gains this close to the bound are treated as possibly tied (rounding of the idf product). */
const MARGIN = 1e-9;

/** The head threshold and list length of a corpus: the core's rule unless corpus_state overrides them (tests). */
export interface HeadSettings {
  headDf: number;
  headTop: number;
}

export function headSettings(docs: number, overrideDf: number | null, overrideTop: number | null): HeadSettings {
  return {
    headDf: overrideDf ?? Math.max(MIN_HEAD_DF, Math.ceil(HEAD_FRACTION * docs)),
    headTop: overrideTop ?? HEAD_TOP,
  };
}

/** One paragraph's counts for one stem: term frequency and length per field (text, title, outlet). */
export interface HeadDoc {
  articleId: string;
  idx: number;
  tf: [number, number, number];
  len: [number, number, number];
}

export type Averages = readonly [number, number, number];

/** The core's bm25 (index.ts), term for term, so the float results are the same. */
function bm25(tf: number, df: number, n: number, len: number, avg: number): number {
  const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
  return idf * (BM25.d + (tf * (BM25.k + 1)) / (tf + BM25.k * (1 - BM25.b + (BM25.b * len) / (avg || 1))));
}

/** The score the core's index gives a paragraph for a head stem (its TopK's float64 key). */
export function headScore(d: HeadDoc, df: number, n: number, avg: Averages): number {
  let score = 0;
  for (let f = 0; f < 3; f++) {
    const tf = d.tf[f]!;
    if (tf) score += BOOSTS[f]! * bm25(tf, df, n, d.len[f]!, avg[f]!);
  }
  return score;
}

/** headScore without its idf factor: orders a stem's paragraphs whatever df and n are. */
export function gain(d: HeadDoc, avg: Averages): number {
  let g = 0;
  for (let f = 0; f < 3; f++) {
    const tf = d.tf[f]!;
    if (tf) g += BOOSTS[f]! * (BM25.d + (tf * (BM25.k + 1)) / (tf + BM25.k * (1 - BM25.b + (BM25.b * d.len[f]!) / (avg[f]! || 1))));
  }
  return g;
}

/** How much any paragraph's gain can have grown since a list was built at averages `then`. */
export function drift(then: Averages, now: Averages): number {
  let rho = 1;
  for (let f = 0; f < 3; f++) rho = Math.max(rho, (now[f]! || 1) / (then[f]! || 1));
  return rho;
}

export const cmpId = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
export const docKey = (articleId: string, idx: number): string => `${articleId}\u0000${idx}`;
export const presenceKey = (stem: string, articleId: string, idx: number): string => `${stem}\u0001${docKey(articleId, idx)}`;

/** A head stem's best paragraphs, best first (ties: corpus order), with the core's Float32 scores. */
export interface HeadTop {
  docs: HeadDoc[];
  scores: number[];
  /** docKey → score */
  byKey: Map<string, number>;
}

/** The core's TopK over all of a stem's paragraphs: by score, then the earlier paragraph. */
export function topOf(docs: readonly HeadDoc[], df: number, n: number, avg: Averages, headTop: number): HeadTop {
  const scored = docs.map((d) => ({ d, s: headScore(d, df, n, avg) }));
  scored.sort((x, y) => y.s - x.s || cmpId(x.d.articleId, y.d.articleId) || x.d.idx - y.d.idx);
  const kept = scored.slice(0, Math.min(headTop, df));
  const out: HeadTop = { docs: [], scores: [], byKey: new Map() };
  for (const { d, s } of kept) {
    const f = Math.fround(s);
    out.docs.push(d);
    out.scores.push(f);
    out.byKey.set(docKey(d.articleId, d.idx), f);
  }
  return out;
}

/** Corpus order of two paragraphs (the core's document numbers). */
export const cmpDoc = (a: { articleId: string; idx: number }, b: { articleId: string; idx: number }): number => cmpId(a.articleId, b.articleId) || a.idx - b.idx;

/** Paragraphs of one kind score the same for the stem whatever the statistics. */
export function sameKind(a: HeadDoc, b: HeadDoc): boolean {
  for (let f = 0; f < 3; f++) if (a.tf[f] !== b.tf[f] || (a.tf[f] && a.len[f] !== b.len[f])) return false;
  return true;
}

/**
 * A stored candidate list: the averages it was built at, the first paragraph left out
 * (null: it holds every paragraph), the best gain left out among other kinds (0: none).
 */
export interface HeadList {
  avg: Averages;
  bound: HeadDoc | null;
  theta: number;
  docs: HeadDoc[];
}

/** The exact best paragraphs from a candidate list, or null when the list cannot vouch for them (see the header). */
export function topFromList(list: HeadList, df: number, n: number, avg: Averages, headTop: number): HeadTop | null {
  const want = Math.min(headTop, df);
  if (list.docs.length < want) return null;
  const top = topOf(list.docs, df, n, avg, headTop);
  if (!list.bound) return top;
  const last = top.docs[want - 1]!;
  const sLast = headScore(last, df, n, avg);
  const sBound = headScore(list.bound, df, n, avg);
  if (!(sLast > sBound || (sLast === sBound && cmpDoc(last, list.bound) < 0))) return null;
  if (list.theta > 0 && !(gain(last, avg) > drift(list.avg, avg) * list.theta * (1 + MARGIN))) return null;
  return top;
}

/** A posting as read with its field lengths: idx < 0 is the article's title or outlet (-1, -2). */
export interface PostingRow {
  stem: string;
  article_id: string;
  idx: number;
  tf: number;
  /** The paragraph's length (null for a title or outlet posting). */
  n_terms: number | null;
  n_title: number;
  n_outlet: number;
}

/** Every posting of the stems, with the field lengths of its paragraph and article, in one round trip. */
export async function readPostings(client: pg.ClientBase | pg.Pool, stems: readonly string[]): Promise<PostingRow[]> {
  const { rows } = await client.query<PostingRow>(
    `SELECT s.stem, s.article_id, s.idx, s.tf, p.n_terms, a.n_title, a.n_outlet
       FROM search_postings s
       JOIN articles a ON a.id = s.article_id
       LEFT JOIN paragraphs p ON p.article_id = s.article_id AND p.idx = s.idx
      WHERE s.stem = ANY($1::text[])`,
    [stems],
  );
  return rows;
}

/** The paragraphs of these articles with their lengths: a title or outlet word is in every one of them. */
export async function readParagraphLengths(client: pg.ClientBase | pg.Pool, articleIds: Iterable<string>): Promise<Array<{ article_id: string; idx: number; n_terms: number }>> {
  const { rows } = await client.query<{ article_id: string; idx: number; n_terms: number }>(
    'SELECT article_id, idx, n_terms FROM paragraphs WHERE article_id = ANY($1::text[])',
    [[...articleIds]],
  );
  return rows;
}

/**
 * Every paragraph of the stems, with their counts: a title or outlet word is in every
 * paragraph of its article. (Whole posting lists: for building a list, or a reader's fallback.)
 */
export async function readStemDocs(client: pg.ClientBase | pg.Pool, stems: readonly string[]): Promise<Map<string, HeadDoc[]>> {
  const out = new Map<string, HeadDoc[]>(stems.map((s) => [s, []]));
  if (!stems.length) return out;
  const rows = await readPostings(client, stems);
  const whole = new Set<string>();
  for (const r of rows) if (r.idx < 0) whole.add(r.article_id);
  const parasOf = new Map<string, Array<{ idx: number; n: number }>>();
  if (whole.size) {
    for (const p of await readParagraphLengths(client, whole)) {
      let l = parasOf.get(p.article_id);
      if (!l) parasOf.set(p.article_id, (l = []));
      l.push({ idx: p.idx, n: p.n_terms });
    }
  }
  const byStem = new Map<string, Map<string, HeadDoc>>();
  const docOf = (stem: string, articleId: string, idx: number, nTerms: number, nTitle: number, nOutlet: number): HeadDoc => {
    let m = byStem.get(stem);
    if (!m) byStem.set(stem, (m = new Map()));
    const k = docKey(articleId, idx);
    let d = m.get(k);
    if (!d) m.set(k, (d = { articleId, idx, tf: [0, 0, 0], len: [nTerms, nTitle, nOutlet] }));
    return d;
  };
  for (const r of rows) {
    if (r.idx >= 0) docOf(r.stem, r.article_id, r.idx, r.n_terms ?? 0, r.n_title, r.n_outlet).tf[0] = r.tf;
    else for (const p of parasOf.get(r.article_id) ?? []) docOf(r.stem, r.article_id, p.idx, p.n, r.n_title, r.n_outlet).tf[r.idx === -1 ? 1 : 2] = r.tf;
  }
  for (const [s, m] of byStem) out.set(s, [...m.values()]);
  return out;
}

/** The stored candidate lists of these stems (absent: none kept). */
export async function readHeadLists(client: pg.ClientBase | pg.Pool, stems: readonly string[]): Promise<Map<string, HeadList>> {
  const out = new Map<string, HeadList>();
  if (!stems.length) return out;
  const { rows } = await client.query<{
    stem: string; a_text: number; a_title: number; a_outlet: number; theta: number;
    k_article: string | null; k_idx: number | null; k_tf: number[] | null; k_len: number[] | null;
    article_id: string | null; idx: number | null; tf0: number; tf1: number; tf2: number; len0: number; len1: number; len2: number;
  }>(
    `SELECT h.stem, h.a_text, h.a_title, h.a_outlet, h.theta, h.k_article, h.k_idx, h.k_tf, h.k_len, d.article_id, d.idx, d.tf0, d.tf1, d.tf2, d.len0, d.len1, d.len2
       FROM search_heads h LEFT JOIN search_head_docs d ON d.stem = h.stem
      WHERE h.stem = ANY($1::text[]) AND h.n_docs >= 0`,
    [stems],
  );
  for (const r of rows) {
    let l = out.get(r.stem);
    if (!l) {
      const bound: HeadDoc | null = r.k_article === null ? null : { articleId: r.k_article, idx: r.k_idx!, tf: r.k_tf as HeadDoc['tf'], len: r.k_len as HeadDoc['len'] };
      out.set(r.stem, (l = { avg: [r.a_text, r.a_title, r.a_outlet], bound, theta: r.theta, docs: [] }));
    }
    if (r.article_id !== null) l.docs.push({ articleId: r.article_id, idx: r.idx!, tf: [r.tf0, r.tf1, r.tf2], len: [r.len0, r.len1, r.len2] });
  }
  return out;
}

/** The core's score for a head stem's paragraph missing from its best list: the stem once, at average length. */
export function unitScore(df: number, n: number, avgText: number): number {
  return bm25(1, df, n, avgText, avgText);
}

/**
 * Which of these paragraphs have which of these stems (in any field): the core's forward
 * index, read through search_postings' primary key for each (stem, paragraph) asked.
 * Returns presenceKey(stem, article, idx) for each present pair.
 */
export async function stemsPresent(client: pg.ClientBase | pg.Pool, asks: ReadonlyArray<{ stem: string; articleId: string; idx: number }>): Promise<Set<string>> {
  const out = new Set<string>();
  if (!asks.length) return out;
  const { rows } = await client.query<{ stem: string; a: string; i: number }>(
    `SELECT x.stem, x.a, x.i FROM unnest($1::text[], $2::text[], $3::int[]) AS x(stem, a, i)
      WHERE EXISTS (SELECT 1 FROM search_postings s WHERE s.stem = x.stem AND s.article_id = x.a AND s.idx IN (x.i, -1, -2))`,
    [asks.map((q) => q.stem), asks.map((q) => q.articleId), asks.map((q) => q.idx)],
  );
  for (const r of rows) out.add(presenceKey(r.stem, r.a, r.i));
  return out;
}
