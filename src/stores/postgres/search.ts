// /search from the database: no paragraph index in this process. The query is
// planned as the core's index plans it (exact words, then the nearest known words
// for an unknown one and the commonest completions of an unfinished last one; AND,
// then OR; quoted phrases first), the postings of its stems are read through the
// search_postings primary key, and they are scored by MiniSearch itself, loaded
// with only those postings but the whole corpus's document count and average field
// lengths, so every BM25 score is the one the memory store's index computes.
//
// The planning mirrors src/core/search/index.ts (its class is private to it). The
// vocabulary (words, their stems, counts and display forms) is not held here: each
// look-up is a query on search_vocab's indexes (vocab-sql.ts), in the order the memory
// index's radix tree lists words where that order decides, and a few recent answers are
// kept for the corpus version, bounded by bytes.
//
// Head stems (in more than headDf paragraphs) are served as the core serves them:
// from each one's best headTop paragraphs, worked out from the writer's candidate
// lists at the current statistics (search-heads.ts) and kept for the corpus version,
// and a paragraph has one when its postings say so; their postings are never scored.
import MiniSearch, { type AsPlainObject, type Query, type SearchResult } from 'minisearch';
import type pg from 'pg';
import { inTransaction } from './pool.js';
import type { SearchHit } from '../../core/search/index.js';
import { isStopWord, normaliseWord, processTerm, quotedPhrases, tokenize } from '../../core/search/text.js';
import { ByteLru, strBytes } from './byte-lru.js';
import { OUTLET_IDX, TITLE_IDX } from './search-rows.js';
import { cmpId, docKey, headSettings, presenceKey, readHeadLists, readParagraphLengths, readPostings, readStemDocs, stemsPresent, topFromList, topOf, unitScore, type HeadSettings, type HeadTop } from './search-heads.js';
import { prefixRange, SEARCH_VOCAB, VocabSql } from './vocab-sql.js';

const FIELDS = ['text', 'title', 'outlet'] as const;
const BOOSTS = [1, 2, 1.5];
const BM25 = { k: 1.2, b: 0.7, d: 0.5 };
const FEW = 5;
const MAX_PREFIX_TERMS = 6;
const MAX_FUZZY_TERMS = 3;
const PREFIX_WEIGHT = 0.4;
const FUZZY_WEIGHT = 0.45;
const PHRASE_CHECK = 100;
const DEFAULT_LIMIT = 50;
const MAX_GROUPS = 12;
/** Bytes of head stems' best paragraphs kept between queries (SqlSearch's keptHeadBytes): some ten stems' full lists. */
const KEPT_HEAD_BYTES = 4 << 20;
/** Bytes of look-up answers kept (completions, nearest words, known stems): a few thousand words' answers. */
const KEPT_LOOKUP_BYTES = 1 << 20;
/** Completions read at first: most prefixes have their six stems in far fewer. */
const FIRST_COMPLETIONS = 64;

/** The corpus statistics of one version: no words (they are looked up). */
interface Vocab {
  version: number;
  /** Paragraphs in the corpus and the average field lengths (BM25's corpus statistics). */
  docs: number;
  avg: [number, number, number];
  /** Head stems of this version, with their paragraph counts (bounded: each is in over headDf paragraphs). */
  heads: Map<string, number>;
  settings: HeadSettings;
}

/** A word of the vocabulary as a look-up gives it. */
interface Word {
  word: string;
  stem: string;
  freq: number;
  display: string;
}

interface TermGroup {
  word: string;
  stems: Map<string, number>;
  exact: boolean;
}

/** A paragraph, ordered as the corpus lists them (article id, then paragraph). */
interface DocRef {
  articleId: string;
  idx: number;
}

interface Scored {
  ref: DocRef;
  score: number;
  terms: string[];
}

/** By score, equal scores in corpus order (the core's order of its document numbers). */
const byRank = (a: Scored, b: Scored): number => b.score - a.score || cmpId(a.ref.articleId, b.ref.articleId) || a.ref.idx - b.ref.idx;
const refKey = (r: DocRef): string => docKey(r.articleId, r.idx);

const wordBytes = (w: Word): number => 64 + strBytes(w.word) + strBytes(w.stem) + strBytes(w.display);
/** A head stem's best paragraphs: each a record with its article id, counts and lengths, a score, and a key in byKey. */
const headTopBytes = (t: HeadTop): number => t.docs.reduce((n, d) => n + 320 + 4 * d.articleId.length, 64);

type Lookup = Word[] | boolean | Word | null;
const lookupBytes = (v: Lookup): number => (Array.isArray(v) ? v.reduce((n, w) => n + wordBytes(w), 32) : v && typeof v === 'object' ? wordBytes(v) : 16);

export class SqlSearch {
  private vocab: Vocab | null = null;
  private loading: Promise<Vocab> | null = null;
  /** Head stems' best paragraphs, of one corpus version (ByteLru.at), least recently asked dropped first. */
  private readonly tops: ByteLru<HeadTop>;
  /** Recent look-up answers of one corpus version (keys: kind, then the word). */
  private readonly lookups: ByteLru<Lookup>;
  /** The vocabulary's SQL look-ups and their probe caches. */
  readonly words: VocabSql;

  /**
   * `keptHeadBytes`: bytes of head stems' best paragraphs kept between queries, the least
   * recently asked dropped first (and worked out again when asked: the same lists at the
   * same version give the same paragraphs). Each is up to 1,000 paragraphs; unbounded,
   * they were the largest part of a bot process's heap after a load run (some 23 MB at
   * 3k articles, and the count of head stems grows with the corpus). `keptLookupBytes`:
   * what the look-up answers, and each cache of the probes ordering words, hold at most.
   */
  constructor(
    private readonly pool: pg.Pool,
    keptHeadBytes = KEPT_HEAD_BYTES,
    keptLookupBytes = KEPT_LOOKUP_BYTES,
  ) {
    this.tops = new ByteLru(keptHeadBytes, (_k, t) => headTopBytes(t));
    this.lookups = new ByteLru<Lookup>(keptLookupBytes, (_k, v) => lookupBytes(v));
    this.words = new VocabSql(pool, SEARCH_VOCAB, keptLookupBytes);
  }

  /** Entries and estimated bytes of each per-process cache (tests bound them). */
  held(): Record<'tops' | 'lookups' | 'probes', { entries: number; bytes: number }> {
    return { tops: { entries: this.tops.size, bytes: this.tops.bytes }, lookups: { entries: this.lookups.size, bytes: this.lookups.bytes }, probes: this.words.held() };
  }

  /** Ranked hits, as the memory store's index.search(query, { limit }) gives them. */
  async search(query: string, limit = DEFAULT_LIMIT): Promise<SearchHit[]> {
    limit = Math.max(1, limit);
    const v = await this.current();
    const planned = await this.plan(v, query);
    const { phrases } = planned;
    if (planned.groups.length === 0) return [];
    const q = new QueryRun(this.pool, v, (stems) => this.headTops(v, stems));
    const groups = await q.limitGroups(planned.groups);
    const few = Math.min(FEW, limit);
    let results = await q.evaluate(groups, 'AND');
    if (results.length < few) {
      const last = groups[groups.length - 1]!;
      if (last.exact && (await this.prefixStems(v, normaliseWord(last.word), last))) results = await q.evaluate(groups, 'AND');
    }
    if (results.length < few && groups.length > 1) {
      const seen = new Set(results.map((r) => refKey(r.ref)));
      results = results.concat((await q.evaluate(groups, 'OR')).filter((r) => !seen.has(refKey(r.ref))));
    }
    if (phrases.length) results = await q.preferPhrases(results, phrases);
    return results.slice(0, limit).map((r) => ({ articleId: r.ref.articleId, paragraphIndex: r.ref.idx, score: r.score, terms: r.terms }));
  }

  /**
   * The stem whose best paragraphs alone answer search(query, limit), or null: a query of
   * one known word whose stem is a head stem with at least FEW best paragraphs is one AND
   * group served from that list, so every hit's matched terms are just that stem (no
   * prefix or OR step runs). /timeline asks it before searching a topic.
   */
  async soleHeadStem(query: string, limit = DEFAULT_LIMIT): Promise<string | null> {
    const v = await this.current();
    const { groups } = await this.plan(v, query);
    const g = groups.length === 1 ? groups[0]! : null;
    if (!g?.exact || g.stems.size !== 1) return null;
    const stem = [...g.stems.keys()][0]!;
    const df = v.heads.get(stem);
    return df !== undefined && Math.min(df, v.settings.headTop) >= Math.min(FEW, Math.max(1, limit)) ? stem : null;
  }

  /** "Did you mean" words, as the memory store's index.suggest(query) gives them. */
  async suggest(query: string): Promise<string[]> {
    const v = await this.current();
    const words = tokenize(query).map((t) => t.word);
    const out: string[] = [];
    const corrected: string[] = [];
    let changed = false;
    for (const w of words) {
      const n = normaliseWord(w);
      const known = n ? await this.word(v, n) : null;
      if (known || !n || isStopWord(n)) {
        corrected.push(known ? known.display : w);
        continue;
      }
      const near = await this.nearest(v, n, 3);
      if (near.length === 0) {
        corrected.push(w);
        continue;
      }
      changed = true;
      corrected.push(near[0]!.display);
      if (words.length === 1) for (const x of near) out.push(x.display);
    }
    if (words.length > 1 && changed) out.push(corrected.join(' '));
    return [...new Set(out)].slice(0, 3);
  }

  /** Head stems' best paragraphs at `v`'s statistics: from the writer's lists, or the whole postings where a list cannot vouch. */
  private async headTops(v: Vocab, stems: readonly string[]): Promise<Map<string, HeadTop>> {
    this.tops.at(v.version);
    const out = new Map<string, HeadTop>();
    for (const s of stems) {
      // Asked now: last to be dropped.
      const t = this.tops.get(s);
      if (t) out.set(s, t);
    }
    const want = stems.filter((s) => !out.has(s));
    if (want.length) {
      const lists = await readHeadLists(this.pool, want);
      const whole: string[] = [];
      for (const s of want) {
        const l = lists.get(s);
        const t = l ? topFromList(l, v.heads.get(s)!, v.docs, v.avg, v.settings.headTop) : null;
        if (t) out.set(s, t);
        else whole.push(s);
      }
      if (whole.length) for (const [s, docs] of await readStemDocs(this.pool, whole)) out.set(s, topOf(docs, v.heads.get(s)!, v.docs, v.avg, v.settings.headTop));
      for (const s of want) this.tops.set(s, out.get(s)!);
    }
    return out;
  }

  /** The corpus statistics of the version now committed (the look-ups' answers are kept for it alone). */
  private async current(): Promise<Vocab> {
    const { rows } = await this.pool.query<{ version: string }>('SELECT version FROM corpus_state WHERE id = 1');
    const version = Number(rows[0]?.version ?? 0);
    if (!this.vocab || this.vocab.version < version) {
      if (!this.loading) this.loading = readVocab(this.pool).finally(() => (this.loading = null));
      this.vocab = await this.loading;
    }
    const v = this.vocab;
    this.lookups.at(v.version);
    this.words.at(v.version);
    return v;
  }

  /** A kept look-up answer, or `read`'s (kept for the version it was asked at). */
  private async lookup<T extends Lookup>(v: Vocab, key: string, read: () => Promise<T>): Promise<T> {
    const kept = this.lookups.get(key);
    if (kept !== undefined) return kept as T;
    const got = await read();
    if (this.lookups.version === v.version) this.lookups.set(key, got);
    return got;
  }

  /** A word of the vocabulary (normalised), or null. */
  private word(v: Vocab, n: string): Promise<Word | null> {
    return this.lookup(v, `w\u0000${n}`, async () => {
      const { rows } = await this.pool.query<{ word: string; stem: string; freq: string; display: string }>(
        'SELECT word, stem, freq, display FROM search_vocab WHERE freq > 0 AND word = $1',
        [n],
      );
      const r = rows[0];
      return r ? { word: r.word, stem: r.stem, freq: Number(r.freq), display: r.display } : null;
    });
  }

  /** Whether some word of the vocabulary has this stem. */
  private knownStem(v: Vocab, s: string): Promise<boolean> {
    return this.lookup(v, `s\u0000${s}`, async () => {
      const { rows } = await this.pool.query('SELECT 1 FROM search_vocab_live WHERE stem = $1 LIMIT 1', [s]);
      return rows.length > 0;
    });
  }

  private async plan(v: Vocab, query: string): Promise<{ groups: TermGroup[]; phrases: string[][] }> {
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
      if (await this.knownStem(v, s)) g.stems.set(s, 1);
      else {
        g.exact = false;
        const n = normaliseWord(word);
        if (i === tokens.length - 1) await this.prefixStems(v, n, g);
        for (const w of await this.nearest(v, n, MAX_FUZZY_TERMS)) if (!g.stems.has(w.stem)) g.stems.set(w.stem, FUZZY_WEIGHT);
      }
      if (g.stems.size) groups.push(g);
    }
    return { groups, phrases };
  }

  private async prefixStems(v: Vocab, n: string, g: TermGroup): Promise<boolean> {
    if (n.length < 3) return false;
    const before = g.stems.size;
    let added = 0;
    for (const w of await this.completions(v, n)) {
      if (added >= MAX_PREFIX_TERMS) break;
      if (g.stems.has(w.stem)) continue;
      g.stems.set(w.stem, PREFIX_WEIGHT);
      added++;
    }
    return g.stems.size > before;
  }

  /**
   * The longer words starting with n, as the memory index ranks them: commonest first,
   * equally common ones in the order its tree's iterator lists them (the reverse of the
   * walk order); enough of them for MAX_PREFIX_TERMS stems past one the group already has.
   */
  private completions(v: Vocab, n: string): Promise<Word[]> {
    return this.lookup(v, `p\u0000${n}`, async () => {
      const range = this.words.rangeSql('$1', '$2');
      const [lo, hi] = prefixRange(n);
      const read = async (extra: string, params: unknown[]) =>
        (
          await this.pool.query<{ word: string; stem: string; freq: string; display: string }>(
            `SELECT v.word, v.stem, v.freq, v.display FROM (SELECT word FROM search_vocab_live WHERE ${range} AND (word COLLATE "C") <> $3) w
               JOIN search_vocab v ON v.word = w.word WHERE v.freq > 0 ${extra}`,
            [lo, hi, n, ...params],
          )
        ).rows.map((r) => ({ word: r.word, stem: r.stem, freq: Number(r.freq), display: r.display }));
      let rows = await read('ORDER BY v.freq DESC LIMIT $4', [FIRST_COMPLETIONS]);
      const cut = (list: Word[]): number | null => {
        // The count at which the stems needed are reached; every word as common as that one is needed too.
        const stems = new Set<string>();
        for (const w of list) {
          stems.add(w.stem);
          if (stems.size > MAX_PREFIX_TERMS) return w.freq;
        }
        return null;
      };
      let f = cut(rows);
      if (rows.length === FIRST_COMPLETIONS && (f === null || rows[rows.length - 1]!.freq >= f)) {
        rows = f === null ? await read('', []) : await read('AND v.freq >= $4', [f]);
        f = cut(rows.sort((a, b) => b.freq - a.freq));
      }
      const needed = f === null ? rows : rows.filter((w) => w.freq >= f);
      const order = new Map((await this.words.walkOrder(tied(needed))).map((w, i) => [w, -i] as const));
      return needed.sort((a, b) => b.freq - a.freq || order.get(a.word)! - order.get(b.word)!);
    });
  }

  /** The nearest words to n (fewest edits, then commonest, then the tree's walk order), at most max. */
  private nearest(v: Vocab, n: string, max: number): Promise<Word[]> {
    if (n.length < 4) return Promise.resolve([]);
    return this.lookup(v, `f\u0000${max}\u0000${n}`, async () => {
      const dist = n.length < 6 ? 1 : 2;
      const found = (await this.words.typos<{ word: string; stem: string; freq: string; display: string }>(n, dist, 'd.stem, d.freq, d.display')).filter((r) => r.distance > 0);
      if (!found.length) return [];
      const best = Math.min(...found.map((r) => r.distance));
      const near = found.filter((r) => r.distance === best).map((r) => ({ word: r.word, stem: r.stem, freq: Number(r.freq), display: r.display }));
      const order = new Map((await this.words.walkOrder(tied(near))).map((w, i) => [w, i] as const));
      return near.sort((a, b) => b.freq - a.freq || order.get(a.word)! - order.get(b.word)!).slice(0, max);
    });
  }
}

/** The words sharing their count with another: only their order is the tree's to decide. */
function tied(words: readonly Word[]): string[] {
  const n = new Map<number, number>();
  for (const w of words) n.set(w.freq, (n.get(w.freq) ?? 0) + 1);
  return words.filter((w) => n.get(w.freq)! > 1).map((w) => w.word);
}

/** The statistics and head stems of the corpus version now committed, in one snapshot. */
async function readVocab(pool: pg.Pool): Promise<Vocab> {
  const { cs, heads } = await inTransaction(
    pool,
    async (client) => {
      const cs = (
        await client.query<{ version: string; docs: string; t: string; ti: string; o: string; hdf: number | null; htop: number | null; ready: boolean }>(
          `SELECT version, search_docs AS docs, search_text AS t, search_title AS ti, search_outlet AS o, search_head_df AS hdf, search_head_top AS htop,
                  search_df_ready AS ready FROM corpus_state WHERE id = 1`,
        )
      ).rows;
      const settings = headSettings(Number(cs[0]!.docs), cs[0]!.hdf, cs[0]!.htop);
      return {
        cs,
        // The core's heads: every stem in more than headDf paragraphs (at most some
        // 1/0.005 times a paragraph's distinct stems, far under its cap of 65,535 heads).
        // None while search_df is not filled (a database from before it, until an ingest): answers as before it.
        heads: {
          settings,
          rows: cs[0]!.ready ? (await client.query<{ stem: string; df: number }>('SELECT stem, df FROM search_df WHERE df > $1', [settings.headDf])).rows : [],
        },
      };
    },
    { readSnapshot: true },
  );
  const c = cs[0]!;
  const docs = Number(c.docs);
  const avg = (x: string) => (docs ? Number(x) / docs : 0);
  return {
    version: Number(c.version),
    docs,
    avg: [avg(c.t), avg(c.ti), avg(c.o)],
    heads: new Map(heads.rows.map((r) => [r.stem, r.df] as const)),
    settings: heads.settings,
  };
}

/** The postings one query has read so far, and the MiniSearch that scores them. */
class QueryRun {
  /** Paragraphs met so far, numbered in corpus order when the scorer is built. */
  docs: DocRef[] = [];
  private readonly postings = new Map<string, Array<{ articleId: string; idx: number; tf: number }>>();
  /** Distinct stems of each paragraph met (by docKey). */
  private readonly paraLen = new Map<string, number>();
  /** Title and outlet lengths of each article met. */
  private readonly fieldLens = new Map<string, [number, number]>();
  /** Paragraph indexes of articles whose title or outlet matched. */
  private readonly wholeArticles = new Map<string, number[]>();
  private ms: MiniSearch<{ id: number }> | null = null;

  constructor(
    private readonly pool: pg.Pool,
    private readonly v: Vocab,
    /** Head stems' best paragraphs at v's statistics (kept by SqlSearch for the version). */
    private readonly tops: (stems: readonly string[]) => Promise<Map<string, HeadTop>>,
  ) {}

  /**
   * Read the postings of stems not read yet (with the field lengths of their
   * paragraphs, in the same round trip), and the paragraphs of articles whose
   * title or outlet has one: a title word is in every paragraph of its article.
   */
  private async need(stems: Iterable<string>): Promise<void> {
    const want = [...new Set(stems)].filter((s) => !this.postings.has(s));
    if (!want.length) return;
    const rows = await readPostings(this.pool, want);
    for (const s of want) this.postings.set(s, []);
    const whole = new Set<string>();
    for (const r of rows) {
      this.postings.get(r.stem)!.push({ articleId: r.article_id, idx: r.idx, tf: r.tf });
      this.fieldLens.set(r.article_id, [r.n_title, r.n_outlet]);
      if (r.idx === TITLE_IDX || r.idx === OUTLET_IDX) {
        if (!this.wholeArticles.has(r.article_id)) whole.add(r.article_id);
      } else this.paraLen.set(docKey(r.article_id, r.idx), r.n_terms ?? 0);
    }
    if (whole.size) {
      const ps = await readParagraphLengths(this.pool, whole);
      for (const id of whole) this.wholeArticles.set(id, []);
      for (const r of ps) {
        this.wholeArticles.get(r.article_id)!.push(r.idx);
        this.paraLen.set(docKey(r.article_id, r.idx), r.n_terms);
      }
    }
    this.ms = null;
  }

  /** A MiniSearch holding exactly the postings read, with the whole corpus's statistics. */
  private scorer(): MiniSearch<{ id: number }> {
    if (this.ms) return this.ms;
    // Documents numbered in corpus order: equal scores rank the earlier paragraph first, as in the memory index.
    const keys = [...this.paraLen.keys()].map((k) => {
      const cut = k.lastIndexOf('\u0000');
      return { articleId: k.slice(0, cut), idx: Number(k.slice(cut + 1)), key: k };
    });
    keys.sort((a, b) => cmpId(a.articleId, b.articleId) || a.idx - b.idx);
    this.docs = [];
    const docOf = new Map<string, number>();
    const fieldLength: Record<number, number[]> = {};
    const documentIds: Record<number, number> = {};
    for (const k of keys) {
      const d = this.docs.length;
      const [nt, no] = this.fieldLens.get(k.articleId) ?? [0, 0];
      this.docs.push({ articleId: k.articleId, idx: k.idx });
      docOf.set(k.key, d);
      fieldLength[d] = [this.paraLen.get(k.key)!, nt, no];
      documentIds[d] = d;
    }
    const index: AsPlainObject['index'] = [];
    for (const [stem, list] of this.postings) {
      const fields: Record<string, Record<number, number>> = {};
      for (const p of list) {
        if (p.idx === TITLE_IDX || p.idx === OUTLET_IDX) {
          const f = p.idx === TITLE_IDX ? 1 : 2;
          for (const idx of this.wholeArticles.get(p.articleId) ?? []) (fields[f] ??= {})[docOf.get(docKey(p.articleId, idx))!] = p.tf;
        } else {
          const d = docOf.get(docKey(p.articleId, p.idx));
          if (d !== undefined) (fields[0] ??= {})[d] = p.tf;
        }
      }
      if (Object.keys(fields).length) index.push([stem, fields]);
    }
    this.ms = MiniSearch.loadJS<{ id: number }>(
      {
        documentCount: this.v.docs,
        nextId: this.docs.length,
        documentIds,
        fieldIds: { text: 0, title: 1, outlet: 2 },
        fieldLength,
        averageFieldLength: this.v.avg,
        storedFields: {},
        dirtCount: 0,
        index,
        serializationVersion: 2,
      },
      {
        fields: [...FIELDS],
        storeFields: [],
        tokenize: (s: string) => [s],
        processTerm: (t: string) => t,
        searchOptions: { boost: { text: BOOSTS[0]!, title: BOOSTS[1]!, outlet: BOOSTS[2]! }, prefix: false, fuzzy: false, bm25: BM25 },
      },
    );
    return this.ms;
  }

  /** A pasted paragraph must not cost a scan per word: its rarest words decide (by search_df, the core's df). */
  async limitGroups(groups: TermGroup[]): Promise<TermGroup[]> {
    if (groups.length <= MAX_GROUPS) return groups;
    const all = [...new Set(groups.flatMap((g) => [...g.stems.keys()]))];
    const { rows } = await this.pool.query<{ stem: string; df: number }>('SELECT stem, df FROM search_df WHERE stem = ANY($1::text[])', [all]);
    const df = new Map(rows.map((r) => [r.stem, r.df] as const));
    const rarity = (g: TermGroup) => Math.min(...[...g.stems.keys()].map((st) => df.get(st) ?? 0));
    const keep = new Set([...groups].sort((a, b) => rarity(a) - rarity(b)).slice(0, MAX_GROUPS));
    return groups.filter((g) => keep.has(g));
  }

  /** The core's evaluate (index.ts): tail groups scored by MiniSearch, head groups from their best lists. */
  async evaluate(groups: TermGroup[], mode: 'AND' | 'OR'): Promise<Scored[]> {
    const { heads } = this.v;
    // A group with any head stem is served by the head lists; its rarer alternatives are dropped, as in the core.
    const tail: Array<Map<string, number>> = [];
    const head: Array<Array<[string, number]>> = [];
    for (const g of groups) {
      const hs = [...g.stems].filter(([st]) => heads.has(st));
      if (hs.length) head.push(hs);
      else tail.push(g.stems);
    }
    const headStems = [...new Set(head.flatMap((hs) => hs.map(([h]) => h)))];
    const tops = headStems.length ? await this.tops(headStems) : new Map<string, HeadTop>();
    const unit = new Map(headStems.map((h) => [h, unitScore(heads.get(h)!, this.v.docs, this.v.avg[0])] as const));
    /**
     * The head stems each candidate has, as far as scoring it asks: its best lists first,
     * the postings for the rest. addHeads takes, of each group, the stem present with the
     * best score (the first on ties), a stem outside its best list scoring its unit score:
     * so a candidate is asked only about the stems that could still beat the best one known,
     * best first, one per round, and with `needAll` (AND) a candidate with no stem of a group
     * is out, not asked about the other groups (fewest stems first). A common word with an
     * unfinished one asked every stem for every one of some 4,600 candidates: 22,962 probes.
     */
    const presence = async (refs: readonly DocRef[], needAll: boolean): Promise<(r: DocRef, h: string) => boolean> => {
      const found = new Set<string>();
      const has = (r: DocRef, h: string): boolean => tops.get(h)!.byKey.has(refKey(r)) || found.has(presenceKey(h, r.articleId, r.idx));
      interface Alt {
        h: string;
        score: number;
        at: number;
      }
      /** Whether a beats b as addHeads compares them (a higher score, or as high and earlier in the group). */
      const beats = (a: Alt, b: Alt | null): boolean => !b || a.score > b.score || (a.score === b.score && a.at < b.at);
      const order = needAll ? [...head].sort((a, b) => a.length - b.length) : head;
      let left = refs;
      for (const hs of order) {
        if (!left.length) break;
        let pending = left.map((r) => {
          const k = refKey(r);
          let best: Alt | null = null;
          const rest: Alt[] = [];
          hs.forEach(([h, w], at) => {
            const listed = tops.get(h)!.byKey.get(k);
            if (listed !== undefined) {
              const a = { h, score: w * listed, at };
              if (beats(a, best)) best = a;
            } else rest.push({ h, score: w * unit.get(h)!, at });
          });
          rest.sort((a, b) => (beats(a, b) ? -1 : 1));
          return { r, best: best as Alt | null, rest };
        });
        while (pending.length) {
          const asked: Array<{ x: (typeof pending)[number]; a: Alt }> = [];
          for (const x of pending) {
            const a = x.rest.shift();
            if (a && beats(a, x.best)) asked.push({ x, a });
          }
          if (!asked.length) break;
          const got = await stemsPresent(this.pool, asked.map(({ x, a }) => ({ stem: a.h, articleId: x.r.articleId, idx: x.r.idx })));
          for (const p of got) found.add(p);
          for (const { x, a } of asked) if (got.has(presenceKey(a.h, x.r.articleId, x.r.idx))) x.best = a;
          // A stem found is the best left (the rest are sorted): those still open ask their next one.
          pending = asked.filter(({ x, a }) => x.best !== a && x.rest.length).map(({ x }) => x);
        }
        if (needAll) left = left.filter((r) => hs.some(([h]) => has(r, h)));
      }
      return has;
    };
    const addHeads = (s: Scored, has: (r: DocRef, h: string) => boolean, needAll: boolean): boolean => {
      for (const hs of head) {
        let best: [string, number] | null = null;
        for (const [h, w] of hs) {
          if (!has(s.ref, h)) continue;
          const sc = w * (tops.get(h)!.byKey.get(refKey(s.ref)) ?? unit.get(h)!);
          if (!best || sc > best[1]) best = [h, sc];
        }
        if (!best) {
          if (needAll) return false;
          continue;
        }
        s.score += best[1];
        s.terms.push(best[0]);
      }
      return true;
    };

    const out = new Map<string, Scored>();
    if (tail.length) {
      await this.need(tail.flatMap((g) => [...g.keys()]));
      const ms = this.scorer();
      const weights = new Map<string, number>();
      const queries: Query[] = tail.map((stems) => {
        const terms = [...stems].map(([t, w]) => {
          weights.set(t, Math.max(weights.get(t) ?? 0, w));
          return t;
        });
        return terms.length === 1 ? terms[0]! : { combineWith: 'OR', queries: terms };
      });
      // The core filters MiniSearch's results by the head groups; a filter does not change the scores of the others.
      const found: Scored[] = ms
        .search({ combineWith: mode, queries }, { boostTerm: (t) => weights.get(t) ?? 1, filter: (_r: SearchResult) => true })
        .map((r) => ({ ref: this.docs[r.id as number]!, score: r.score, terms: r.terms }));
      const has = head.length ? await presence(found.map((f) => f.ref), mode === 'AND') : () => false;
      for (const f of found) {
        if (mode === 'AND' && head.some((hs) => !hs.some(([h]) => has(f.ref, h)))) continue;
        addHeads(f, has, false);
        out.set(refKey(f.ref), f);
      }
    }
    if (head.length && (mode === 'OR' || tail.length === 0)) {
      // Candidates are the head stems' best paragraphs: a bounded set, by design.
      const cands = new Map<string, DocRef>();
      for (const hs of head) for (const [h] of hs) for (const d of tops.get(h)!.docs) if (!out.has(refKey(d)) && !cands.has(refKey(d))) cands.set(refKey(d), { articleId: d.articleId, idx: d.idx });
      const has = await presence([...cands.values()], mode === 'AND');
      for (const [k, ref] of cands) {
        const s: Scored = { ref, score: 0, terms: [] };
        if (addHeads(s, has, mode === 'AND')) out.set(k, s);
      }
    }
    return [...out.values()].sort(byRank);
  }

  async preferPhrases(results: Scored[], phrases: string[][]): Promise<Scored[]> {
    const check = results.slice(0, PHRASE_CHECK).map((r) => r.ref);
    const texts = new Map<string, string>();
    if (check.length) {
      const { rows } = await this.pool.query<{ article_id: string; idx: number; text: string }>(
        'SELECT p.article_id, p.idx, p.text FROM paragraphs p JOIN unnest($1::text[], $2::int[]) AS x(a, i) ON p.article_id = x.a AND p.idx = x.i',
        [check.map((d) => d.articleId), check.map((d) => d.idx)],
      );
      for (const r of rows) texts.set(docKey(r.article_id, r.idx), r.text);
    }
    const yes: Scored[] = [];
    const no: Scored[] = [];
    for (let i = 0; i < results.length; i++) {
      const r = results[i]!;
      const text = i < PHRASE_CHECK ? texts.get(refKey(r.ref)) : undefined;
      if (text !== undefined && hasPhrases(text, phrases)) yes.push(r);
      else no.push(r);
    }
    return yes.concat(no);
  }
}

function hasPhrases(text: string, phrases: string[][]): boolean {
  const seq = tokenize(text)
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
