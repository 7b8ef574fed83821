// The paragraph index's per-article work, kept across builds: each article's
// words as numbers of a word table that outlives the builds. A build over
// mostly unchanged articles then reads numbers instead of scanning, hashing,
// normalising and stemming every word of the corpus again; the build gives the
// numbers its own ids in the order a fresh build meets the words (VocabBuilder),
// so the index is the same as one built from the text.
import type { Article } from '../types.js';
import { isStopWord, normaliseWord, scanWords, stem } from './text.js';

/** One article's words: title, outlet, then each paragraph's (stop words left out), as word numbers. */
export interface ArticleTokens {
  title: Int32Array;
  outlet: Int32Array;
  /** Words of paragraph p: `words[paraStart[p] .. paraStart[p + 1])`. */
  words: Int32Array;
  paraStart: Int32Array;
}

/**
 * Raw words (exactly as written) met by any build, each with its normalised
 * form's number (-1: a stop word) and its stem's number. Words of removed
 * articles stay: the table grows with the vocabulary ever seen, not with the
 * corpus's size.
 */
export class WordTable {
  private readonly rawId = new RawWordTable();
  readonly raw: string[] = [];
  /** Per raw word: its normalised form's number, -1 for a stop word. */
  readonly normOf: number[] = [];
  /** Per raw word: written in lower case (shown so). */
  readonly lower: number[] = [];
  private readonly normId = new Map<string, number>();
  readonly norm: string[] = [];
  /** Per normalised form: its stem's number. */
  readonly stemOfNorm: number[] = [];
  private readonly stemId = new Map<string, number>();
  readonly stems: string[] = [];

  /** Number of the raw word `text[s, e)`. */
  span(text: string, s: number, e: number): number {
    const id = this.rawId.get(text, s, e);
    return id !== undefined ? id : this.add(text.slice(s, e));
  }

  private add(word: string): number {
    const id = this.raw.length;
    this.rawId.set(word, id);
    this.raw.push(word);
    this.lower.push(word === word.toLowerCase() ? 1 : 0);
    const n = normaliseWord(word);
    if (!n || isStopWord(n)) {
      this.normOf.push(-1);
      return id;
    }
    let nid = this.normId.get(n);
    if (nid === undefined) {
      nid = this.norm.length;
      this.normId.set(n, nid);
      this.norm.push(n);
      const st = stem(n);
      let sid = this.stemId.get(st);
      if (sid === undefined) {
        sid = this.stems.length;
        this.stemId.set(st, sid);
        this.stems.push(st);
      }
      this.stemOfNorm.push(sid);
    }
    this.normOf.push(nid);
    return id;
  }
}

export interface TokenCacheSnapshot {
  table: WordTable;
  /** Per article of the snapshot, its kept tokens (null: none kept). */
  tokens: Array<ArticleTokens | null>;
}

/** Per-article tokens kept for the articles a store holds (keyed by the article object: a changed file is a new one). */
export class TokenCache {
  readonly table = new WordTable();
  private readonly byArticle = new WeakMap<Article, ArticleTokens>();
  /** Articles tokenised (not found kept): a build after one change adds one. */
  tokenised = 0;

  /** The kept tokens of these articles and the word table, as plain data for a library snapshot (store/corpus.ts). */
  toSnapshot(articles: readonly Article[]): TokenCacheSnapshot {
    return { table: this.table, tokens: articles.map((a) => this.byArticle.get(a) ?? null) };
  }

  /** A cache holding a snapshot's tokens for `articles` (the snapshot's articles, in the order it was taken of). */
  static fromSnapshot(s: TokenCacheSnapshot, articles: readonly Article[]): TokenCache {
    if (s.tokens.length !== articles.length) throw new Error('token snapshot: other articles');
    const c = new TokenCache();
    // Written as plain objects: given their classes back (their fields are all plain data).
    Object.setPrototypeOf(s.table, WordTable.prototype);
    Object.setPrototypeOf((s.table as unknown as { rawId: object }).rawId, RawWordTable.prototype);
    (c as { table: WordTable }).table = s.table;
    s.tokens.forEach((t, i) => {
      if (t) c.byArticle.set(articles[i]!, t);
    });
    return c;
  }

  of(a: Article): ArticleTokens {
    let t = this.byArticle.get(a);
    if (!t) {
      t = this.tokenise(a);
      this.byArticle.set(a, t);
    }
    return t;
  }

  private tokenise(a: Article): ArticleTokens {
    this.tokenised++;
    const table = this.table;
    const idsOf = (text: string, out: number[]) => {
      scanWords(text, 0, text.length, () => true, (s, e) => {
        const id = table.span(text, s, e);
        if (table.normOf[id]! >= 0) out.push(id);
      });
    };
    const title: number[] = [];
    const outlet: number[] = [];
    idsOf(a.meta.title ?? '', title);
    idsOf(a.meta.outlet ?? '', outlet);
    const words: number[] = [];
    const paraStart = new Int32Array(a.paragraphs.length + 1);
    const text = a.text;
    a.paragraphs.forEach((p, i) => {
      paraStart[i] = words.length;
      scanWords(text, p.start, p.end, () => true, (s, e) => {
        const id = table.span(text, s, e);
        if (table.normOf[id]! >= 0) words.push(id);
      });
    });
    paraStart[a.paragraphs.length] = words.length;
    return { title: Int32Array.from(title), outlet: Int32Array.from(outlet), words: Int32Array.from(words), paraStart };
  }
}

/**
 * Raw word → number, looked up by hashing the characters in place: a Map needs
 * a string per token, and that lookup was most of the indexing time.
 */
export class RawWordTable {
  private slots = new Int32Array(1 << 16).fill(-1);
  private readonly words: string[] = [];
  private readonly hashes: number[] = [];
  private readonly values: number[] = [];

  private static hash(text: string, s: number, e: number): number {
    let h = 0x811c9dc5;
    for (let i = s; i < e; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    return h >>> 0;
  }

  get(text: string, s: number, e: number): number | undefined {
    const mask = this.slots.length - 1;
    const len = e - s;
    for (let i = RawWordTable.hash(text, s, e) & mask; ; i = (i + 1) & mask) {
      const k = this.slots[i]!;
      if (k < 0) return undefined;
      const w = this.words[k]!;
      if (w.length !== len) continue;
      let j = 0;
      while (j < len && w.charCodeAt(j) === text.charCodeAt(s + j)) j++;
      if (j === len) return this.values[k]!;
    }
  }

  set(word: string, value: number): void {
    if ((this.words.length + 1) * 2 > this.slots.length) this.grow();
    const h = RawWordTable.hash(word, 0, word.length);
    this.words.push(word);
    this.hashes.push(h);
    this.values.push(value);
    this.place(h, this.words.length - 1);
  }

  private place(h: number, k: number): void {
    const mask = this.slots.length - 1;
    let i = h & mask;
    while (this.slots[i]! >= 0) i = (i + 1) & mask;
    this.slots[i] = k;
  }

  private grow(): void {
    this.slots = new Int32Array(this.slots.length * 2).fill(-1);
    for (let k = 0; k < this.words.length; k++) this.place(this.hashes[k]!, k);
  }
}

