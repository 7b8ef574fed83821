// The paragraph index: one document per paragraph, its article's title and
// outlet as boosted fields.
//
// Why it is not a plain MiniSearch: MiniSearch scores every posting of every
// query term, and fuzzy/prefix search adds every near term's postings, so on a
// big news corpus one common word ("government") costs over 100 ms. So:
// - the query is planned here: exact words first; an unknown word is replaced by
//   its few nearest known words, an unfinished last word by its few most frequent
//   completions, and only when the exact query finds too little; AND, then OR.
// - "head" terms (in more than HEAD_FRACTION of the paragraphs) are kept out of
//   MiniSearch. Each gets a precomputed list of its best-scoring paragraphs, and
//   a forward index says which head terms each paragraph has, so a head word in
//   a query filters and scores candidates instead of being scanned.
// - MiniSearch is filled through its snapshot format (loadJS) from postings we
//   count in one pass: adding documents one by one walks its radix tree for every
//   token, which was most of the indexing time.
import MiniSearch, { type Query, type SearchResult } from 'minisearch';
import SearchableMap from 'minisearch/SearchableMap';
import { EVERY, runSteps, type Steps } from '../steps.js';
import type { Article } from '../types.js';
import { rowHas } from './rows.js';
import { isStopWord, normaliseWord, processTerm, quotedPhrases, scanWords, stem, tokenize } from './text.js';
import { RawWordTable, type ArticleTokens, type TokenCache, type WordTable } from './tokens.js';
import { miniSearchFromState, miniSearchState, type MiniSearchState } from './minisearch-state.js';

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

export interface BuildOptions {
  /** Paragraph count above which a term is a head term; default scales with the corpus. */
  headDf?: number;
  /** Best paragraphs kept per head term. */
  headTop?: number;
  /** Per-article tokens kept from earlier builds (tokens.ts): only new and changed articles are read word by word. */
  tokens?: TokenCache;
}

const FIELDS = ['text', 'title', 'outlet'] as const;
const BOOSTS = [1, 2, 1.5];
const BM25 = { k: 1.2, b: 0.7, d: 0.5 };
/** Fewer exact hits than this and the query is widened (prefix, then OR). */
const FEW = 5;
/** Completions of an unfinished last word kept, most frequent first. */
const MAX_PREFIX_TERMS = 6;
/** Corrections of an unknown word kept, nearest then most frequent first. */
const MAX_FUZZY_TERMS = 3;
const PREFIX_WEIGHT = 0.4;
const FUZZY_WEIGHT = 0.45;
/** Candidates checked word by word for a quoted phrase. */
const PHRASE_CHECK = 100;
const DEFAULT_LIMIT = 50;
/** Query words used at most (the rarest). */
const MAX_GROUPS = 12;
const HEAD_FRACTION = 0.005;
const MIN_HEAD_DF = 500;
const HEAD_TOP = 1000;
const MAX_HEADS = 65_535;

interface Doc {
  id: number;
}

/** The maps MiniSearch.loadJS fills (MiniSearch 7), filled here directly. */
interface MiniSearchInternals {
  _documentIds: Map<number, number>;
  _idToShortId: Map<number, number>;
  _fieldLength: Map<number, number[]>;
  _index: SearchableMap<Map<number, Map<number, number>>>;
}

function miniSearchOptions() {
  return {
    fields: [...FIELDS],
    storeFields: [] as string[],
    // Query terms reach MiniSearch already processed (see plan()).
    tokenize: (s: string) => [s],
    processTerm: (t: string) => t,
    searchOptions: { boost: { text: BOOSTS[0]!, title: BOOSTS[1]!, outlet: BOOSTS[2]! }, prefix: false, fuzzy: false, bm25: BM25 },
  };
}

function bm25(tf: number, df: number, n: number, len: number, avg: number): number {
  const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
  return idf * (BM25.d + (tf * (BM25.k + 1)) / (tf + BM25.k * (1 - BM25.b + (BM25.b * len) / (avg || 1))));
}

/** Words as written in the corpus, for prefix/fuzzy lookup and "did you mean". */
interface Vocab {
  /** normalised surface word → surface id */
  map: SearchableMap<number>;
  stemOf: number[];
  display: string[];
  freq: number[];
}

/** Head-term structures: best paragraphs per head term, head terms per paragraph. */
interface Heads {
  /** stem id → head id, or -1 */
  idOf: Int32Array;
  stemOfHead: Int32Array;
  /** Score of a paragraph with the term once at average length: for head words without a listed score. */
  unit: Float64Array;
  topDocs: Int32Array[];
  topScores: Float32Array[];
  fwdStart: Uint32Array;
  fwd: Uint16Array;
}

/** One query word and the stems that may stand for it, with their weights. */
interface TermGroup {
  word: string;
  stems: Map<number, number>;
  exact: boolean;
}

interface Scored {
  doc: number;
  score: number;
  terms: string[];
}

class ParagraphIndex implements SearchIndex {
  private readonly stemIdOf: Map<string, number>;

  constructor(
    readonly ms: MiniSearch<Doc>,
    readonly articles: readonly Article[],
    readonly docArticle: Int32Array,
    readonly docPara: Int32Array,
    readonly vocab: Vocab,
    readonly stems: string[],
    readonly df: Int32Array,
    readonly heads: Heads,
  ) {
    this.stemIdOf = new Map(stems.map((s, i) => [s, i]));
  }

  get size(): number {
    return this.docArticle.length;
  }

  search(query: string, options: SearchOptions = {}): SearchHit[] {
    const limit = Math.max(1, options.limit ?? DEFAULT_LIMIT);
    const { groups, phrases } = this.plan(query);
    if (groups.length === 0) return [];
    const userFilter = options.filter;
    const keep = userFilter ? (d: number) => userFilter(this.articles[this.docArticle[d]!]!.id, this.docPara[d]!) : null;
    const few = Math.min(FEW, limit);

    let results = this.evaluate(groups, 'AND', keep);
    if (results.length < few) {
      const last = groups[groups.length - 1]!;
      if (last.exact && this.prefixStems(normaliseWord(last.word), last)) results = this.evaluate(groups, 'AND', keep);
    }
    if (results.length < few && groups.length > 1) {
      const seen = new Set(results.map((r) => r.doc));
      results = results.concat(this.evaluate(groups, 'OR', keep).filter((r) => !seen.has(r.doc)));
    }
    if (phrases.length) results = this.preferPhrases(results, phrases);
    return results.slice(0, limit).map((r) => ({
      articleId: this.articles[this.docArticle[r.doc]!]!.id,
      paragraphIndex: this.docPara[r.doc]!,
      score: r.score,
      terms: r.terms,
    }));
  }

  suggest(query: string): string[] {
    const words = tokenize(query).map((t) => t.word);
    const out: string[] = [];
    const corrected: string[] = [];
    let changed = false;
    for (const w of words) {
      const n = normaliseWord(w);
      const known = this.vocab.map.get(n);
      if (known !== undefined || !n || isStopWord(n)) {
        corrected.push(known !== undefined ? this.vocab.display[known]! : w);
        continue;
      }
      const near = this.nearest(n, 3);
      if (near.length === 0) {
        corrected.push(w);
        continue;
      }
      changed = true;
      corrected.push(this.vocab.display[near[0]!]!);
      if (words.length === 1) for (const id of near) out.push(this.vocab.display[id]!);
    }
    if (words.length > 1 && changed) out.push(corrected.join(' '));
    return [...new Set(out)].slice(0, 3);
  }

  /** Query words → groups of known stems; quoted stretches are also kept as phrases. */
  private plan(query: string): { groups: TermGroup[]; phrases: string[][] } {
    const groups: TermGroup[] = [];
    const seen = new Set<string>();
    const phrases = quotedPhrases(query);
    const tokens = tokenize(query);
    for (let i = 0; i < tokens.length; i++) {
      const word = tokens[i]!.word;
      const s = processTerm(word);
      if (s === null || seen.has(s)) continue;
      seen.add(s);
      const g: TermGroup = { word, stems: new Map(), exact: true };
      const id = this.stemIdOf.get(s);
      if (id !== undefined) g.stems.set(id, 1);
      else {
        g.exact = false;
        const n = normaliseWord(word);
        if (i === tokens.length - 1) this.prefixStems(n, g);
        for (const sid of this.nearest(n, MAX_FUZZY_TERMS)) {
          const st = this.vocab.stemOf[sid]!;
          if (!g.stems.has(st)) g.stems.set(st, FUZZY_WEIGHT);
        }
      }
      // A word nothing resembles cannot match; keeping it would empty every AND.
      if (g.stems.size) groups.push(g);
    }
    // A pasted paragraph must not cost a scan per word: its rarest words decide.
    if (groups.length > MAX_GROUPS) {
      const rarity = (g: TermGroup) => Math.min(...[...g.stems.keys()].map((st) => this.df[st] ?? 0));
      const keep = new Set([...groups].sort((a, b) => rarity(a) - rarity(b)).slice(0, MAX_GROUPS));
      return { groups: groups.filter((g) => keep.has(g)), phrases };
    }
    return { groups, phrases };
  }

  /** Adds the most frequent completions of an unfinished word; true when any was new. */
  private prefixStems(n: string, g: TermGroup): boolean {
    if (n.length < 3) return false;
    const before = g.stems.size;
    const cands: Array<[number, number]> = [];
    for (const [key, id] of this.vocab.map.atPrefix(n)) if (key.length > n.length) cands.push([id, this.vocab.freq[id]!]);
    cands.sort((a, b) => b[1] - a[1]);
    let added = 0;
    for (const [id] of cands) {
      if (added >= MAX_PREFIX_TERMS) break;
      const st = this.vocab.stemOf[id]!;
      if (g.stems.has(st)) continue;
      g.stems.set(st, PREFIX_WEIGHT);
      added++;
    }
    return g.stems.size > before;
  }

  /** Known words within a small edit distance, nearest then most frequent. */
  private nearest(n: string, max: number): number[] {
    if (n.length < 4) return [];
    // Two edits from 6 letters on: a swapped pair of letters is two edits.
    const dist = n.length < 6 ? 1 : 2;
    const found: Array<[number, number]> = [];
    let best = dist;
    for (const [, [id, d]] of this.vocab.map.fuzzyGet(n, dist)) {
      if (d === 0) continue;
      found.push([id, d]);
      best = Math.min(best, d);
    }
    // Only the nearest words: a one-edit match makes two-edit ones noise.
    return found
      .filter(([, d]) => d === best)
      .sort((a, b) => this.vocab.freq[b[0]]! - this.vocab.freq[a[0]]!)
      .slice(0, max)
      .map(([id]) => id);
  }

  /** Does paragraph `doc` have head term `h`? */
  private hasHead(doc: number, h: number): boolean {
    return rowHas(this.heads.fwd, this.heads.fwdStart, doc, h);
  }

  private evaluate(groups: TermGroup[], mode: 'AND' | 'OR', keep: ((d: number) => boolean) | null): Scored[] {
    const { idOf, unit } = this.heads;
    // A group with any head stem is served by the head structures; its rarer
    // alternatives (prefix/fuzzy guesses) are dropped, the head stem being the likelier reading.
    const tail: Array<Map<number, number>> = [];
    const head: Array<Array<[number, number]>> = [];
    for (const g of groups) {
      const hs = [...g.stems].filter(([s]) => idOf[s]! >= 0).map(([s, w]) => [idOf[s]!, w] as [number, number]);
      if (hs.length) head.push(hs);
      else tail.push(g.stems);
    }
    const headScore = (doc: number, hs: Array<[number, number]>, listed: Map<number, Map<number, number>>): [number, number] | null => {
      let best: [number, number] | null = null;
      for (const [h, w] of hs) {
        if (!this.hasHead(doc, h)) continue;
        const sc = w * (listed.get(h)?.get(doc) ?? unit[h]!);
        if (!best || sc > best[1]) best = [h, sc];
      }
      return best;
    };
    const listed = new Map<number, Map<number, number>>();
    const scoreMap = (h: number): Map<number, number> => {
      let m = listed.get(h);
      if (!m) {
        m = new Map();
        const docs = this.heads.topDocs[h]!;
        const scores = this.heads.topScores[h]!;
        for (let i = 0; i < docs.length; i++) m.set(docs[i]!, scores[i]!);
        listed.set(h, m);
      }
      return m;
    };
    for (const hs of head) for (const [h] of hs) scoreMap(h);

    const out = new Map<number, Scored>();
    const addHeads = (s: Scored, needAll: boolean): boolean => {
      for (const hs of head) {
        const best = headScore(s.doc, hs, listed);
        if (!best) {
          if (needAll) return false;
          continue;
        }
        s.score += best[1];
        s.terms.push(this.stems[this.heads.stemOfHead[best[0]]!]!);
      }
      return true;
    };

    if (tail.length) {
      const weights = new Map<string, number>();
      const queries: Query[] = tail.map((stems) => {
        const terms = [...stems].map(([s, w]) => {
          const t = this.stems[s]!;
          weights.set(t, Math.max(weights.get(t) ?? 0, w));
          return t;
        });
        return terms.length === 1 ? terms[0]! : { combineWith: 'OR', queries: terms };
      });
      const filter = (r: SearchResult) => {
        const d = r.id as number;
        if (keep && !keep(d)) return false;
        if (mode === 'AND') for (const hs of head) if (!hs.some(([h]) => this.hasHead(d, h))) return false;
        return true;
      };
      for (const r of this.ms.search({ combineWith: mode, queries }, { boostTerm: (t) => weights.get(t) ?? 1, filter })) {
        const s: Scored = { doc: r.id as number, score: r.score, terms: r.terms };
        addHeads(s, false);
        out.set(s.doc, s);
      }
    }
    if (head.length && (mode === 'OR' || tail.length === 0)) {
      // Candidates are the head terms' best paragraphs: a bounded set, by design.
      for (const hs of head) {
        for (const [h] of hs) {
          for (const doc of this.heads.topDocs[h]!) {
            if (out.has(doc) || (keep && !keep(doc))) continue;
            const s: Scored = { doc, score: 0, terms: [] };
            if (addHeads(s, mode === 'AND')) out.set(doc, s);
          }
        }
      }
    }
    return [...out.values()].sort((a, b) => b.score - a.score || a.doc - b.doc);
  }

  /** Paragraphs holding a quoted phrase word for word come first. */
  private preferPhrases(results: Scored[], phrases: string[][]): Scored[] {
    const yes: Scored[] = [];
    const no: Scored[] = [];
    for (let i = 0; i < results.length; i++) {
      const r = results[i]!;
      if (i < PHRASE_CHECK && this.hasPhrases(r.doc, phrases)) yes.push(r);
      else no.push(r);
    }
    return yes.concat(no);
  }

  private hasPhrases(doc: number, phrases: string[][]): boolean {
    const p = this.articles[this.docArticle[doc]!]?.paragraphs[this.docPara[doc]!];
    if (!p) return false;
    const seq = tokenize(p.text)
      .map((t) => processTerm(t.word))
      .filter((s): s is string => s !== null);
    return phrases.every((ph) => {
      outer: for (let i = 0; i + ph.length <= seq.length; i++) {
        for (let j = 0; j < ph.length; j++) if (seq[i + j] !== ph[j]) continue outer;
        return true;
      }
      return false;
    });
  }
}

/** Growable Int32 buffer. */
class IntBuf {
  a = new Int32Array(1024);
  n = 0;
  push(v: number): void {
    if (this.n === this.a.length) {
      const b = new Int32Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = v;
  }
  view(): Int32Array {
    return this.a.subarray(0, this.n);
  }
}

/** What the build reads of a vocabulary, however it was made. */
interface VocabParts {
  readonly map: SearchableMap<number>;
  readonly stemOf: number[];
  readonly display: string[];
  readonly freq: number[];
  readonly stems: string[];
}

/**
 * The vocabulary of kept tokens (tokens.ts), built as VocabBuilder builds it
 * from the text: local ids in the order the words are met, a surface word shown
 * in lower case once written so, counts per occurrence.
 */
class CachedVocab implements VocabParts {
  readonly map = new SearchableMap<number>();
  readonly stemOf: number[] = [];
  readonly display: string[] = [];
  readonly freq: number[] = [];
  readonly stems: string[] = [];
  private readonly localOfNorm: Int32Array;
  private readonly localOfStem: Int32Array;
  private readonly seen: Uint8Array;

  constructor(private readonly table: WordTable) {
    this.localOfNorm = new Int32Array(table.norm.length).fill(-1);
    this.localOfStem = new Int32Array(table.stems.length).fill(-1);
    this.seen = new Uint8Array(table.raw.length);
  }

  /** Local stem id of raw word `g` (never a stop word), counting it. */
  local(g: number): number {
    const t = this.table;
    const nid = t.normOf[g]!;
    let id = this.localOfNorm[nid]!;
    if (!this.seen[g]) {
      // The first time this build meets the raw word: as VocabBuilder.resolve.
      this.seen[g] = 1;
      if (id < 0) {
        id = this.stemOf.length;
        this.localOfNorm[nid] = id;
        this.map.set(t.norm[nid]!, id);
        const sg = t.stemOfNorm[nid]!;
        let sid = this.localOfStem[sg]!;
        if (sid < 0) {
          sid = this.stems.length;
          this.localOfStem[sg] = sid;
          this.stems.push(t.stems[sg]!);
        }
        this.stemOf.push(sid);
        this.display.push(t.raw[g]!);
        this.freq.push(0);
      } else if (t.lower[g]) this.display[id] = t.raw[g]!;
    }
    this.freq[id]!++;
    return this.stemOf[id]!;
  }
}

class VocabBuilder implements VocabParts {
  readonly map = new SearchableMap<number>();
  readonly stemOf: number[] = [];
  readonly display: string[] = [];
  readonly freq: number[] = [];
  readonly stems: string[] = [];
  private readonly stemIds = new Map<string, number>();
  /** raw token → surface id (or -1 for stop words), hashed straight from the text */
  private readonly raw = new RawWordTable();

  /** Stem id of the word `text[s, e)` (-1 for stop words), counting the word. */
  addSpan(text: string, s: number, e: number): number {
    let id = this.raw.get(text, s, e);
    if (id === undefined) {
      const word = text.slice(s, e);
      id = this.resolve(word);
      this.raw.set(word, id);
    }
    if (id < 0) return -1;
    this.freq[id]!++;
    return this.stemOf[id]!;
  }

  private resolve(word: string): number {
    const n = normaliseWord(word);
    if (!n || isStopWord(n)) return -1;
    let id = this.map.get(n);
    if (id === undefined) {
      id = this.stemOf.length;
      this.map.set(n, id);
      const st = stem(n);
      let sid = this.stemIds.get(st);
      if (sid === undefined) {
        sid = this.stems.length;
        this.stems.push(st);
        this.stemIds.set(st, sid);
      }
      this.stemOf.push(sid);
      this.display.push(word);
      this.freq.push(0);
    } else if (word === word.toLowerCase()) {
      // A word ever written in lower case is shown so; names keep their capitals.
      this.display[id] = word;
    }
    return id;
  }

  ids(text: string): number[] {
    const out: number[] = [];
    scanWords(text, 0, text.length, () => true, (ws, we) => {
      const s = this.addSpan(text, ws, we);
      if (s >= 0) out.push(s);
    });
    return out;
  }
}

/** Fixed-size min-heap of (score, doc): the best `cap` seen so far. */
class TopK {
  readonly scores: Float64Array;
  readonly docs: Int32Array;
  n = 0;
  constructor(readonly cap: number) {
    this.scores = new Float64Array(cap);
    this.docs = new Int32Array(cap);
  }
  offer(score: number, doc: number): void {
    const { scores, docs } = this;
    if (this.n < this.cap) {
      let i = this.n++;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (!less(score, doc, scores[p]!, docs[p]!)) break;
        scores[i] = scores[p]!;
        docs[i] = docs[p]!;
        i = p;
      }
      scores[i] = score;
      docs[i] = doc;
      return;
    }
    if (!less(scores[0]!, docs[0]!, score, doc)) return;
    this.siftDown(score, doc, this.n);
  }
  /** Best first; empties the heap. */
  sorted(): { docs: Int32Array; scores: Float32Array } {
    const n = this.n;
    const docs = new Int32Array(n);
    const scores = new Float32Array(n);
    for (let out = n - 1; out >= 0; out--) {
      docs[out] = this.docs[0]!;
      scores[out] = this.scores[0]!;
      this.popMin();
    }
    return { docs, scores };
  }
  private popMin(): void {
    const n = --this.n;
    this.siftDown(this.scores[n]!, this.docs[n]!, n);
  }
  /** Put (score, doc) at the root of a heap of `n` entries and move it down to its place. */
  private siftDown(score: number, doc: number, n: number): void {
    const { scores, docs } = this;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && less(scores[r]!, docs[r]!, scores[l]!, docs[l]!) ? r : l;
      if (!less(scores[c]!, docs[c]!, score, doc)) break;
      scores[i] = scores[c]!;
      docs[i] = docs[c]!;
      i = c;
    }
    scores[i] = score;
    docs[i] = doc;
  }
}

/** Heap order: lower score first; on equal scores the later paragraph goes first, so the earlier one ranks higher. */
function less(s1: number, d1: number, s2: number, d2: number): boolean {
  return s1 < s2 || (s1 === s2 && d1 > d2);
}

export function buildSearchIndex(articles: readonly Article[], options: BuildOptions = {}): SearchIndex {
  return runSteps(searchIndexSteps(articles, options));
}

/** buildSearchIndex in slices (steps.ts): the same build, yielding now and then. */
export function* searchIndexSteps(articles: readonly Article[], options: BuildOptions = {}): Steps<SearchIndex> {
  let nDocs = 0;
  for (const a of articles) nDocs += a.paragraphs.length;
  const docArticle = new Int32Array(nDocs);
  const docPara = new Int32Array(nDocs);
  let vocab: VocabParts;

  // Pass 1: every paragraph to stem ids once; document frequencies.
  const tok = new IntBuf();
  const docStart = new Uint32Array(nDocs + 1);
  const titleIds: number[][] = [];
  const outletIds: number[][] = [];
  const dfBuf = new IntBuf();
  const last = new IntBuf();
  const count = (s: number, d: number) => {
    while (dfBuf.n <= s) {
      dfBuf.push(0);
      last.push(-1);
    }
    if (last.a[s] !== d) {
      last.a[s] = d;
      dfBuf.a[s]!++;
    }
  };
  let d = 0;
  const always = () => true;
  if (options.tokens) {
    const cache = options.tokens;
    const kept: ArticleTokens[] = [];
    for (let ai = 0; ai < articles.length; ai++) {
      if ((ai & 15) === 0) yield;
      kept.push(cache.of(articles[ai]!));
    }
    // Every word the build meets is in the table now: the local ids can be sized by it.
    const cv = new CachedVocab(cache.table);
    vocab = cv;
    for (let ai = 0; ai < articles.length; ai++) {
      if ((ai & 63) === 0) yield;
      const a = articles[ai]!;
      const t = kept[ai]!;
      const ti = Array.from(t.title, (g) => cv.local(g));
      const oi = Array.from(t.outlet, (g) => cv.local(g));
      titleIds.push(ti);
      outletIds.push(oi);
      for (let pi = 0; pi < a.paragraphs.length; pi++) {
        docArticle[d] = ai;
        docPara[d] = a.paragraphs[pi]!.index;
        docStart[d] = tok.n;
        for (let k = t.paraStart[pi]!; k < t.paraStart[pi + 1]!; k++) {
          const st = cv.local(t.words[k]!);
          tok.push(st);
          count(st, d);
        }
        for (const st of ti) count(st, d);
        for (const st of oi) count(st, d);
        d++;
      }
    }
  } else {
    const vb = new VocabBuilder();
    vocab = vb;
    for (let ai = 0; ai < articles.length; ai++) {
      if ((ai & 15) === 0) yield;
      const a = articles[ai]!;
      const text = a.text;
      const ti = vb.ids(a.meta.title ?? '');
      const oi = vb.ids(a.meta.outlet ?? '');
      titleIds.push(ti);
      outletIds.push(oi);
      for (const p of a.paragraphs) {
        docArticle[d] = ai;
        docPara[d] = p.index;
        docStart[d] = tok.n;
        scanWords(text, p.start, p.end, always, (ws, we) => {
          const s = vb.addSpan(text, ws, we);
          if (s >= 0) {
            tok.push(s);
            count(s, d);
          }
        });
        for (const s of ti) count(s, d);
        for (const s of oi) count(s, d);
        d++;
      }
    }
  }
  docStart[nDocs] = tok.n;
  const nStems = vocab.stems.length;
  while (dfBuf.n < nStems) dfBuf.push(0);
  const df = dfBuf.view().slice();

  // Head terms: the most widespread stems.
  const headDf = options.headDf ?? Math.max(MIN_HEAD_DF, Math.ceil(HEAD_FRACTION * nDocs));
  const headStems = Array.from({ length: nStems }, (_, i) => i)
    .filter((s) => df[s]! > headDf)
    .sort((a, b) => df[b]! - df[a]! || a - b)
    .slice(0, MAX_HEADS)
    .sort((a, b) => a - b);
  const idOf = new Int32Array(nStems).fill(-1);
  headStems.forEach((s, h) => (idOf[s] = h));
  const nHeads = headStems.length;

  // Pass 2: field lengths, tail postings for MiniSearch, head scores and forward lists.
  const fieldLen = [new Uint16Array(nDocs), new Uint16Array(nDocs), new Uint16Array(nDocs)];
  const stamp = new Int32Array(nStems).fill(-1);
  const uniq = (ids: ArrayLike<number>, from: number, to: number, mark: number): number => {
    let u = 0;
    for (let i = from; i < to; i++) {
      const s = ids[i]!;
      if (stamp[s] !== mark) {
        stamp[s] = mark;
        u++;
      }
    }
    return u;
  };
  const toks = tok.view();
  for (let doc = 0; doc < nDocs; doc++) {
    if ((doc & EVERY) === 0) yield;
    const ai = docArticle[doc]!;
    fieldLen[0]![doc] = Math.min(65535, uniq(toks, docStart[doc]!, docStart[doc + 1]!, doc * 3));
    const ti = titleIds[ai]!;
    const oi = outletIds[ai]!;
    fieldLen[1]![doc] = uniq(ti, 0, ti.length, doc * 3 + 1);
    fieldLen[2]![doc] = uniq(oi, 0, oi.length, doc * 3 + 2);
  }
  const avg = [0, 0, 0];
  for (let f = 0; f < 3; f++) {
    let sum = 0;
    for (let doc = 0; doc < nDocs; doc++) sum += fieldLen[f]![doc]!;
    avg[f] = nDocs ? sum / nDocs : 0;
  }

  // Tail postings in flat arrays by (stem, field), sized by a counting pass:
  // millions of small arrays were most of the garbage collector's work.
  const tail = (st: number) => idOf[st]! < 0;
  const nSlots = nStems * 3;
  const mark = new Int32Array(nSlots).fill(-1);
  const off = new Uint32Array(nSlots + 1);
  const countSlot = (st: number, f: number, doc: number) => {
    if (!tail(st)) return;
    const k = st * 3 + f;
    if (mark[k] !== doc) {
      mark[k] = doc;
      off[k + 1]!++;
    }
  };
  for (let doc = 0; doc < nDocs; doc++) {
    if ((doc & EVERY) === 0) yield;
    const ai = docArticle[doc]!;
    for (let i = docStart[doc]!; i < docStart[doc + 1]!; i++) countSlot(toks[i]!, 0, doc);
    for (const st of titleIds[ai]!) countSlot(st, 1, doc);
    for (const st of outletIds[ai]!) countSlot(st, 2, doc);
  }
  for (let k = 0; k < nSlots; k++) off[k + 1]! += off[k]!;
  const pDoc = new Int32Array(off[nSlots]!);
  const pTf = new Uint16Array(off[nSlots]!);
  const cursor = off.slice(0, nSlots);
  mark.fill(-1);

  const tops: TopK[] = headStems.map((st) => new TopK(Math.min(options.headTop ?? HEAD_TOP, df[st]!)));
  const headTf = [new Int32Array(nHeads), new Int32Array(nHeads), new Int32Array(nHeads)];
  const touched: number[] = [];
  const fwd = new IntBuf();
  const fwdStart = new Uint32Array(nDocs + 1);
  const post = (st: number, f: number, doc: number) => {
    const h = idOf[st]!;
    if (h >= 0) {
      if (headTf[0]![h] === 0 && headTf[1]![h] === 0 && headTf[2]![h] === 0) touched.push(h);
      headTf[f]![h]!++;
      return;
    }
    const k = st * 3 + f;
    if (mark[k] !== doc) {
      mark[k] = doc;
      const pos = cursor[k]!++;
      pDoc[pos] = doc;
      pTf[pos] = 1;
    } else if (pTf[cursor[k]! - 1]! < 65535) pTf[cursor[k]! - 1]!++;
  };
  for (let doc = 0; doc < nDocs; doc++) {
    if ((doc & EVERY) === 0) yield;
    const ai = docArticle[doc]!;
    for (let i = docStart[doc]!; i < docStart[doc + 1]!; i++) post(toks[i]!, 0, doc);
    for (const st of titleIds[ai]!) post(st, 1, doc);
    for (const st of outletIds[ai]!) post(st, 2, doc);
    fwdStart[doc] = fwd.n;
    touched.sort((x, y) => x - y);
    for (const h of touched) {
      const st = headStems[h]!;
      let score = 0;
      for (let f = 0; f < 3; f++) {
        const tf = headTf[f]![h]!;
        if (tf) score += BOOSTS[f]! * bm25(tf, df[st]!, nDocs, fieldLen[f]![doc]!, avg[f]!);
        headTf[f]![h] = 0;
      }
      tops[h]!.offer(score, doc);
      fwd.push(h);
    }
    touched.length = 0;
  }
  fwdStart[nDocs] = fwd.n;

  // An empty MiniSearch with the corpus's counts, filled with the postings in
  // slices: what loadJS would build from the same postings (documents, then
  // terms in stem order, each field's documents ascending), without the plain
  // objects loadJS reads them from.
  const ms = MiniSearch.loadJS<Doc>(
    {
      documentCount: nDocs,
      nextId: nDocs,
      documentIds: {},
      fieldIds: { text: 0, title: 1, outlet: 2 },
      fieldLength: {},
      averageFieldLength: avg,
      storedFields: {},
      dirtCount: 0,
      index: [],
      serializationVersion: 2,
    },
    miniSearchOptions(),
  );
  // MiniSearch's own maps, as loadJS fills them (not part of its typed API).
  const inner = ms as unknown as MiniSearchInternals;
  for (let doc = 0; doc < nDocs; doc++) {
    if ((doc & EVERY) === 0) yield;
    inner._documentIds.set(doc, doc);
    inner._idToShortId.set(doc, doc);
    inner._fieldLength.set(doc, [fieldLen[0]![doc]!, fieldLen[1]![doc]!, fieldLen[2]![doc]!]);
  }
  for (let st = 0; st < nStems; st++) {
    if ((st & EVERY) === 0) yield;
    if (!tail(st)) continue;
    let entry: Map<number, Map<number, number>> | null = null;
    for (let f = 0; f < 3; f++) {
      const k = st * 3 + f;
      if (off[k] === off[k + 1]) continue;
      const o = new Map<number, number>();
      for (let i = off[k]!; i < off[k + 1]!; i++) o.set(pDoc[i]!, pTf[i]!);
      (entry ??= new Map()).set(f, o);
    }
    if (entry) inner._index.set(vocab.stems[st]!, entry);
  }

  const unit = new Float64Array(nHeads);
  const topDocs: Int32Array[] = [];
  const topScores: Float32Array[] = [];
  for (let h = 0; h < nHeads; h++) {
    if ((h & 15) === 0) yield;
    unit[h] = bm25(1, df[headStems[h]!]!, nDocs, avg[0]!, avg[0]!);
    const { docs, scores } = tops[h]!.sorted();
    topDocs.push(docs);
    topScores.push(scores);
  }
  yield;
  const heads: Heads = { idOf, stemOfHead: Int32Array.from(headStems), unit, topDocs, topScores, fwdStart, fwd: Uint16Array.from(fwd.view()) };
  yield;
  const v: Vocab = { map: vocab.map, stemOf: vocab.stemOf, display: vocab.display, freq: vocab.freq };
  return new ParagraphIndex(ms, articles, docArticle, docPara, v, vocab.stems, df, heads);
}

// --- Snapshots -------------------------------------------------------------
// One header line (vocabulary, head structures, corpus fingerprint) followed by
// MiniSearch's own JSON, so a big corpus can start without re-indexing.

interface SnapshotHeader {
  v: 1;
  articles: Array<[string, number, number]>;
  words: string[];
  stemOf: number[];
  display: string[];
  freq: number[];
  stems: string[];
  df: string;
  headStems: string;
  unit: string;
  topDocs: string[];
  topScores: string[];
  fwdStart: string;
  fwd: string;
}

function fingerprint(articles: readonly Article[]): Array<[string, number, number]> {
  return articles.map((a) => [a.id, a.paragraphs.length, a.text.length]);
}

const b64 = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
function unb64<T>(s: string, make: (buf: ArrayBuffer) => T): T {
  const b = Buffer.from(s, 'base64');
  // Copied out so the typed array is aligned and owns its memory.
  const ab = new ArrayBuffer(b.byteLength);
  new Uint8Array(ab).set(b);
  return make(ab);
}

export function serializeSearchIndex(index: SearchIndex): string {
  if (!(index instanceof ParagraphIndex)) throw new Error('serializeSearchIndex: not an index built by buildSearchIndex');
  const words: string[] = new Array(index.vocab.stemOf.length);
  for (const [w, id] of index.vocab.map) words[id] = w;
  const h = index.heads;
  const header: SnapshotHeader = {
    v: 1,
    articles: fingerprint(index.articles),
    words,
    stemOf: index.vocab.stemOf,
    display: index.vocab.display,
    freq: index.vocab.freq,
    stems: index.stems,
    df: b64(index.df),
    headStems: b64(h.stemOfHead),
    unit: b64(h.unit),
    topDocs: h.topDocs.map(b64),
    topScores: h.topScores.map(b64),
    fwdStart: b64(h.fwdStart),
    fwd: b64(h.fwd),
  };
  return `${JSON.stringify(header)}\n${JSON.stringify(index.ms)}`;
}

/** An index from a snapshot; throws when the snapshot was made from other articles. */
export function loadSearchIndex(json: string, articles: readonly Article[]): SearchIndex {
  const nl = json.indexOf('\n');
  if (nl < 0) throw new Error('search snapshot: malformed');
  const header = JSON.parse(json.slice(0, nl)) as SnapshotHeader;
  if (header.v !== 1) throw new Error(`search snapshot: unknown version ${String(header.v)}`);
  const fp = fingerprint(articles);
  const same = fp.length === header.articles.length && fp.every((f, i) => {
    const h = header.articles[i]!;
    return h[0] === f[0] && h[1] === f[1] && h[2] === f[2];
  });
  if (!same) throw new Error('search snapshot: made from a different corpus');
  const ms = MiniSearch.loadJSON<Doc>(json.slice(nl + 1), miniSearchOptions());
  let nDocs = 0;
  for (const a of articles) nDocs += a.paragraphs.length;
  const docArticle = new Int32Array(nDocs);
  const docPara = new Int32Array(nDocs);
  let d = 0;
  articles.forEach((a, ai) => {
    for (const p of a.paragraphs) {
      docArticle[d] = ai;
      docPara[d++] = p.index;
    }
  });
  const map = new SearchableMap<number>();
  header.words.forEach((w, i) => map.set(w, i));
  const vocab: Vocab = { map, stemOf: header.stemOf, display: header.display, freq: header.freq };
  const stemOfHead = unb64(header.headStems, (b) => new Int32Array(b));
  const idOf = new Int32Array(header.stems.length).fill(-1);
  stemOfHead.forEach((s, h) => (idOf[s] = h));
  const heads: Heads = {
    idOf,
    stemOfHead,
    unit: unb64(header.unit, (b) => new Float64Array(b)),
    topDocs: header.topDocs.map((s) => unb64(s, (b) => new Int32Array(b))),
    topScores: header.topScores.map((s) => unb64(s, (b) => new Float32Array(b))),
    fwdStart: unb64(header.fwdStart, (b) => new Uint32Array(b)),
    fwd: unb64(header.fwd, (b) => new Uint16Array(b)),
  };
  const df = unb64(header.df, (b) => new Int32Array(b));
  return new ParagraphIndex(ms, articles, docArticle, docPara, vocab, header.stems, df, heads);
}

// --- Library snapshots (store/snapshot.ts) -----------------------------------
// The index as plain data for v8.serialize, taken with the rest of the library
// in one value (so `articles` stays the library's own array), and back.

export interface SearchIndexSnapshot {
  ms: MiniSearchState;
  articles: readonly Article[];
  docArticle: Int32Array;
  docPara: Int32Array;
  vocab: { tree: unknown; stemOf: number[]; display: string[]; freq: number[] };
  stems: string[];
  df: Int32Array;
  heads: Heads;
}

export function searchIndexToSnapshot(index: SearchIndex): SearchIndexSnapshot {
  if (!(index instanceof ParagraphIndex)) throw new Error('searchIndexToSnapshot: not an index built by buildSearchIndex');
  const v = index.vocab;
  return {
    ms: miniSearchState(index.ms),
    articles: index.articles,
    docArticle: index.docArticle,
    docPara: index.docPara,
    vocab: { tree: (v.map as unknown as { _tree: unknown })._tree, stemOf: v.stemOf, display: v.display, freq: v.freq },
    stems: index.stems,
    df: index.df,
    heads: index.heads,
  };
}

export function searchIndexFromSnapshot(s: SearchIndexSnapshot): SearchIndex {
  if (!(s.vocab.tree instanceof Map) || !(s.df instanceof Int32Array)) throw new Error('search snapshot: malformed');
  const map = new SearchableMap<number>(s.vocab.tree as Map<string, never>);
  const vocab: Vocab = { map, stemOf: s.vocab.stemOf, display: s.vocab.display, freq: s.vocab.freq };
  return new ParagraphIndex(miniSearchFromState<Doc>(s.ms, miniSearchOptions()), s.articles, s.docArticle, s.docPara, vocab, s.stems, s.df, s.heads);
}
