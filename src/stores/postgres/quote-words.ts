// /quote WORDS from the database: no quote index in this process. The search runs the
// steps of quotes/search.ts (exact words AND, head terms through their best groups, a
// misspelt common word read as the nearest head term, then prefix and typo matches AND,
// then OR, then the phrase bonus), reading each step's postings through the
// quote_word_postings primary key. MiniSearch itself scores them, loaded with only the
// postings read but the corpus's group count, average field length and each term's
// group count, so every score is the memory index's. The hits are then shaped as the
// memory store shapes them: groups rebuilt from their quotes with the corpus's speaker
// merges (speakers.ts setOf), variants linked by the core's linkVariants over every group
// of the speaker sharing a shingle with a hit, leadGroups and quoteView.
//
// The steps mirror src/core/quotes/search.ts, whose index is private to it.
import MiniSearch, { type Query, type SearchOptions } from 'minisearch';
import type SearchableMap from 'minisearch/SearchableMap';
import type pg from 'pg';
import { groupKey, keyWords, shingles } from '../../core/quotes/group.js';
import { HEAD_TOP, nearestHead, termsOf } from '../../core/quotes/search.js';
import { byPublished, linkVariants, type QuoteGroup } from '../../core/quotes/store.js';
import { processTerm } from '../../core/search/text.js';
import { articleCount, leadGroups, quoteView, type QuoteLib } from '../../core/store/memory/quotes.js';
import type { PageRequest, QuoteResults } from '../../core/store/types.js';
import type { Article, Speaker } from '../../core/types.js';
import { readWordVocab, WordLookups, type SearchVocab, type WordVocab } from './quote-word-vocab.js';
import type { VocabSql } from './vocab-sql.js';
import { ByteLru, strBytes } from './byte-lru.js';
import { groupRows, QUOTE_ROWS, type QuoteRow, type SqlQuotes } from './quotes.js';
import type { SqlSpeakers } from './speakers.js';
import { groupsWithShingles, shingleHash } from './quote-shingles.js';

/** Groups the memory search ranks at most (quotes/search.ts search's default limit). */
const LIMIT = 100;
/** Term frequencies read one by one for a head term's best groups; above this, all of them (a quote repeating a word 17 times). */
const TOP_TF = 16;
/** Bytes of look-up answers kept for the corpus version, and of the probes that order terms (each). */
const KEPT_LOOKUP_BYTES = 1 << 20;
/** Bytes of head terms' candidate postings and best groups kept (each term's grow with the corpus: up to HEAD_TOP per term frequency). */
const KEPT_TOP_BYTES = 4 << 20;
/** Bytes of group keys of speakers' statements kept for the corpus version they were read at. */
const KEPT_SPEAKER_KEY_BYTES = 4 << 20;

interface KeptTop {
  version: number;
  rows: Posting[];
  stats: string;
  top: Top | null;
}
/** A posting record with its two strings; a best group's place in order, ords and score (its strings are the postings'). */
const keptTopBytes = (c: KeptTop): number => c.rows.reduce((n, p) => n + 72 + strBytes(p.key) + strBytes(p.ord), 96) + (c.top ? 112 * c.top.order.length : 0);
const keyBytes = (k: string): number => 8 + strBytes(k);

/** Bytes each per-process cache of SqlQuoteWords may hold (tests make them small). */
export interface QuoteWordBounds {
  lookupBytes: number;
  topBytes: number;
  speakerKeyBytes: number;
}

interface Posting {
  key: string;
  ord: string;
  tf: number;
  n: number;
}

export interface WordHit {
  key: string;
  score: number;
  terms: string[];
}

interface Top {
  order: string[];
  /** Corpus order of each group in order (to read their postings). */
  ords: string[];
  score: Map<string, number>;
  floor: number;
}

/** MiniSearch's index (MiniSearch 7; not part of its typed API): where a term's postings are put. */
interface MiniSearchIndex {
  _index: SearchableMap<Map<number, Map<number, number>>>;
}

/** The postings one step of a search reads, and the MiniSearch that scores them. */
class StepPostings {
  readonly rows = new Map<string, Posting[]>();

  constructor(
    private readonly pool: pg.Pool,
    private readonly v: SearchVocab,
    private readonly words: VocabSql,
  ) {}

  /** Every posting of these terms. */
  async full(terms: Iterable<string>): Promise<void> {
    const want = [...new Set(terms)].filter((t) => !this.rows.has(t) && this.v.entries.has(t));
    if (!want.length) return;
    await this.read(want, 'SELECT term, group_key, ord, tf, n_tokens FROM quote_word_postings WHERE term = ANY($1::text[])', [want]);
  }

  /** The postings of these terms in the groups read so far: what an AND can still match. */
  async within(terms: Iterable<string>): Promise<void> {
    const want = [...new Set(terms)].filter((t) => !this.rows.has(t) && this.v.entries.has(t));
    if (!want.length) return;
    await this.read(want, 'SELECT term, group_key, ord, tf, n_tokens FROM quote_word_postings WHERE term = ANY($1::text[]) AND ord = ANY($2::text[])', [want, this.ords()]);
  }

  ords(): string[] {
    const out = new Set<string>();
    for (const list of this.rows.values()) for (const p of list) out.add(p.ord);
    return [...out];
  }

  private holds: Map<string, Set<string>> | null = null;

  /** Whether the postings read hold this term in this group (a filter over every candidate: a set, not a scan). */
  has(term: string, key: string): boolean {
    this.holds ??= new Map([...this.rows].map(([t, list]) => [t, new Set(list.map((p) => p.key))] as const));
    return this.holds.get(term)?.has(key) ?? false;
  }

  private async read(want: string[], sql: string, params: unknown[]): Promise<void> {
    const { rows } = await this.pool.query<{ term: string; group_key: string; ord: string; tf: number; n_tokens: number }>(sql, params);
    for (const t of want) this.rows.set(t, []);
    for (const r of rows) this.rows.get(r.term)!.push({ key: r.group_key, ord: r.ord, tf: r.tf, n: r.n_tokens });
    this.holds = null;
    this.rank = null;
  }

  /** The terms read, in the memory index tree's walk order (looked up when the terms change). */
  private rank: Map<string, number> | null = null;

  private async ranked(): Promise<Map<string, number>> {
    this.rank ??= new Map((await this.words.walkOrder(this.rows.keys())).map((t, i) => [t, i] as const));
    return this.rank;
  }

  /**
   * A MiniSearch holding the postings read, as the memory index would: groups numbered in
   * corpus order (equal scores keep it), terms added in the vocabulary tree's walk order,
   * each term's group count the corpus's (MiniSearch reads it as the size of the postings).
   * Only prefix and typo searches list the index's terms: an exact one gets each term by
   * its key, so `walked` false leaves them in any order (no look-up of the walk order).
   */
  private async scorer(walked: boolean): Promise<{ ms: MiniSearch<{ id: number }>; keys: string[] }> {
    const ranks = walked ? await this.ranked() : new Map<string, number>();
    const docs = new Map<string, Posting>();
    for (const list of this.rows.values()) for (const p of list) docs.set(p.key, p);
    const sorted = [...docs.values()].sort((a, b) => (a.ord < b.ord ? -1 : a.ord > b.ord ? 1 : 0));
    const idOf = new Map(sorted.map((p, i) => [p.key, i] as const));
    const documentIds: Record<number, number> = {};
    const fieldLength: Record<number, number[]> = {};
    sorted.forEach((p, i) => {
      documentIds[i] = i;
      fieldLength[i] = [p.n];
    });
    const ms = MiniSearch.loadJS<{ id: number }>(
      {
        documentCount: this.v.groups,
        nextId: sorted.length,
        documentIds,
        fieldIds: { text: 0 },
        fieldLength,
        averageFieldLength: [this.v.avgLength],
        storedFields: {},
        dirtCount: 0,
        index: [],
        serializationVersion: 2,
      },
      // The memory index's options (quotes/search.ts): its tokenizer and term processing, MiniSearch's defaults otherwise.
      { fields: ['text'], processTerm: (t: string) => processTerm(t) ?? null },
    );
    const rank = (t: string) => ranks.get(t) ?? Number.MAX_SAFE_INTEGER;
    const inner = ms as unknown as MiniSearchIndex;
    for (const term of [...this.rows.keys()].sort((a, b) => rank(a) - rank(b))) {
      const list = this.rows.get(term)!.map((p) => [idOf.get(p.key)!, p.tf] as const).sort((a, b) => a[0] - b[0]);
      const m = new Map<number, number>(list);
      // BM25's document frequency is the postings' size to MiniSearch: the corpus's, though only some were read.
      Object.defineProperty(m, 'size', { value: this.v.entries.get(term)?.df ?? m.size });
      inner._index.set(term, new Map([[0, m]]));
    }
    return { ms, keys: sorted.map((p) => p.key) };
  }

  async search(query: Query, options: SearchOptions, filter?: (key: string) => boolean): Promise<WordHit[]> {
    const { ms, keys } = await this.scorer(!!(options.prefix || options.fuzzy));
    const res = ms.search(query, filter ? { ...options, filter: (r) => filter(keys[r.id as number]!) } : options);
    return res.map((r) => ({ key: keys[r.id as number]!, score: r.score, terms: r.terms }));
  }
}

/** Groups rebuilt so far for one answer, with the articles (dates, then citations) and speakers they need. */
interface Found {
  groups: Map<string, QuoteGroup>;
  articles: Map<string, Article>;
  speakers: Map<string, Speaker>;
  /** Lone surname → the full name it merges into. */
  merged: Map<string, string>;
  /** Speaker ids whose records (and merges) are read. */
  known: Set<string>;
  /** The corpus version the search read. */
  version: number;
  /** Whether that version's quote_shingles can be looked up (quote-shingles.ts). */
  shingles: boolean;
}

export class SqlQuoteWords {
  private vocab: WordVocab | null = null;
  private loading: Promise<WordVocab> | null = null;
  /** Term look-ups, with a few recent answers. */
  readonly lookups: WordLookups;
  /**
   * Head terms' candidate postings, kept while no write touches the term, and their best
   * groups, scored again when the corpus's statistics move (every write moves them).
   */
  private readonly tops: ByteLru<KeptTop>;
  /** Each speaker's statements (group keys), for one corpus version: the variant look-up lists them for every hit's speaker. */
  private readonly speakerKeys: ByteLru<string[]>;

  constructor(
    private readonly pool: pg.Pool,
    private readonly speakers: SqlSpeakers,
    private readonly quotes: SqlQuotes,
    private readonly bounds: QuoteWordBounds = { lookupBytes: KEPT_LOOKUP_BYTES, topBytes: KEPT_TOP_BYTES, speakerKeyBytes: KEPT_SPEAKER_KEY_BYTES },
  ) {
    this.lookups = new WordLookups(pool, bounds.lookupBytes);
    this.tops = new ByteLru<KeptTop>(bounds.topBytes, (_k, c) => keptTopBytes(c));
    this.speakerKeys = new ByteLru<string[]>(bounds.speakerKeyBytes, (_s, keys) => keys.reduce((n, k) => n + keyBytes(k), 0));
  }

  /** Entries and estimated bytes of each per-process cache (tests bound them). */
  held(): Record<'lookups' | 'probes' | 'tops' | 'speakerKeys', { entries: number; bytes: number }> {
    const c = this.speakerKeys;
    return { ...this.lookups.held(), tops: { entries: this.tops.size, bytes: this.tops.bytes }, speakerKeys: { entries: c.size, bytes: c.bytes } };
  }

  /** /quote WORDS, as the memory store's quotesByWords answers it. */
  async byWords(query: string, speakerId: string | undefined, page: PageRequest): Promise<QuoteResults> {
    const hits = await this.search(query);
    if (!hits.length) return { total: 0, articles: 0, items: [] };
    const found: Found = { groups: new Map(), articles: new Map(), speakers: new Map(), merged: new Map(), known: new Set(), version: this.vocab?.version ?? -1, shingles: this.vocab?.shingles ?? false };
    await this.load(found, hits.map((h) => h.key));
    let list = hits.flatMap((h) => {
      const g = found.groups.get(h.key);
      return g ? [{ g, terms: h.terms }] : [];
    });
    if (speakerId !== undefined) list = list.filter((x) => x.g.speakerId === speakerId);
    await this.linkHitVariants(found, list.map((x) => x.g));
    const terms = [...new Set(list.flatMap((x) => x.terms))];
    const led = leadGroups(list.map((x) => x.g), true);
    const shown = led.slice(page.offset, page.offset + page.limit);
    const cited = shown.flatMap((g) => [g, ...g.variantIds.map((id) => found.groups.get(id)!)]).flatMap((g) => g.quotes.map((q) => q.articleId));
    for (const [id, a] of await this.quotes.citable(cited)) found.articles.set(id, a);
    const lib: QuoteLib = { byId: found.articles, quotes: { speakers: found.speakers, groupById: found.groups } };
    return { total: led.length, articles: articleCount(led), items: shown.map((g) => quoteView(lib, g, terms)) };
  }

  /** The groups the memory index's search(words) finds, best first (at most LIMIT). */
  async search(words: string): Promise<WordHit[]> {
    if (!words.trim()) return [];
    const v: SearchVocab = { ...(await this.current()), entries: new Map() };
    if (v.groups === 0) return [];
    const known = (t: string) => v.entries.has(t);
    const terms = termsOf(words);
    await this.lookups.terms(v, terms);
    let res = v.heads.size && terms.some((t) => v.heads.has(t)) ? await this.withHeads(v, terms) : await this.exact(v, words, terms);
    if (res.length === 0 && v.heads.size) {
      const fixed = terms.map((t) => (known(t) ? t : nearestHead(v.heads.keys(), t) ?? t));
      if (fixed.some((t, i) => t !== terms[i])) {
        await this.lookups.terms(v, fixed);
        res = await this.withHeads(v, [...new Set(fixed)]);
      }
    }
    if (res.length === 0) res = await this.widen(v, words, terms, 'AND');
    if (res.length === 0 && terms.length > 1) res = await this.widen(v, words, terms, 'OR');
    const phrase = groupKey(words);
    return res
      .map((r) => ({ ...r, score: r.score + (phrase && r.key.includes(phrase) ? 100 : 0) }))
      .sort((a, b) => b.score - a.score)
      .slice(0, LIMIT);
  }

  /** Exact words, all of them: the rarest word's groups are the candidates, the others are read only there. */
  private async exact(v: SearchVocab, words: string, terms: readonly string[]): Promise<WordHit[]> {
    if (!terms.length || terms.some((t) => !v.entries.has(t))) return [];
    const p = new StepPostings(this.pool, v, this.lookups.words);
    const rarest = [...terms].sort((a, b) => v.entries.get(a)!.df - v.entries.get(b)!.df)[0]!;
    await p.full([rarest]);
    await p.within(terms);
    return await p.search(words, { combineWith: 'AND' });
  }

  /** Prefix and typo matches too (quotes/search.ts widen). */
  private async widen(v: SearchVocab, words: string, terms: readonly string[], combineWith: 'AND' | 'OR'): Promise<WordHit[]> {
    const known = (t: string) => v.entries.has(t);
    const opts = {
      prefix: (t: string) => t.length >= 4,
      fuzzy: (t: string) => (t.length >= 5 && !known(t) ? 0.2 : false),
    };
    // The terms each may stand for (their order is no matter: the scorer adds them in the tree's walk order).
    const expand = async (t: string): Promise<string[]> => {
      const out = new Set<string>();
      if (known(t)) out.add(t);
      if (opts.prefix(t)) for (const k of await this.lookups.prefix(v, t)) out.add(k);
      const f = opts.fuzzy(t);
      // MiniSearch's distance for a fuzziness under 1 (its maxFuzzy is 6).
      const d = f ? Math.min(6, Math.round(t.length * f)) : 0;
      if (d) for (const k of await this.lookups.typos(v, t, d)) out.add(k);
      return [...out].filter(known);
    };
    const sets: string[][] = [];
    for (const t of terms) sets.push(await expand(t));
    const p = new StepPostings(this.pool, v, this.lookups.words);
    if (combineWith === 'AND') {
      if (!sets.length || sets.some((s) => s.length === 0)) return [];
      const weight = (s: string[]) => s.reduce((n, t) => n + v.entries.get(t)!.df, 0);
      const rarest = sets.reduce((a, b) => (weight(b) < weight(a) ? b : a));
      await p.full(rarest);
      await p.within(sets.flat());
    } else await p.full(sets.flat());
    return await p.search(words, { ...opts, combineWith });
  }

  /** quotes/search.ts searchWithHeads: head terms filter and add their listed scores; the rarer words find the candidates. */
  private async withHeads(v: SearchVocab, terms: readonly string[]): Promise<WordHit[]> {
    const head = terms.filter((t) => v.heads.has(t));
    const tail = terms.filter((t) => !v.heads.has(t));
    const tops = new Map<string, Top>();
    for (const h of head) tops.set(h, await this.topOf(v, h));
    const headScore = (key: string, h: string) => tops.get(h)!.score.get(key) ?? tops.get(h)!.floor;
    const p = new StepPostings(this.pool, v, this.lookups.words);
    const out: WordHit[] = [];
    if (tail.length) {
      if (tail.some((t) => !v.entries.has(t))) return [];
      const rarest = [...tail].sort((a, b) => v.entries.get(a)!.df - v.entries.get(b)!.df)[0]!;
      await p.full([rarest]);
      await p.within([...tail, ...head]);
      const res = await p.search({ combineWith: 'AND', queries: tail }, { processTerm: (x) => x }, (key) => head.every((h) => p.has(h, key)));
      for (const r of res) {
        let score = r.score;
        for (const h of head) score += headScore(r.key, h);
        out.push({ key: r.key, score, terms: [...r.terms, ...head] });
      }
      return out;
    }
    // Only head words: the candidates are their best groups holding every one of them.
    const ords = new Map<string, string>();
    for (const h of head) tops.get(h)!.order.forEach((key, i) => ords.set(key, tops.get(h)!.ords[i]!));
    const { rows } = await this.pool.query<{ term: string; group_key: string }>(
      'SELECT term, group_key FROM quote_word_postings WHERE term = ANY($1::text[]) AND ord = ANY($2::text[])',
      [head, [...ords.values()]],
    );
    const holds = new Set(rows.map((r) => `${r.term}\u0000${r.group_key}`));
    const seen = new Set<string>();
    for (const h of head) {
      for (const key of tops.get(h)!.order) {
        if (seen.has(key)) continue;
        seen.add(key);
        if (!head.every((x) => holds.has(`${x}\u0000${key}`))) continue;
        let score = 0;
        for (const x of head) score += headScore(key, x);
        out.push({ key, score, terms: head });
      }
    }
    return out;
  }

  /**
   * A head term's best groups and MiniSearch's score for the term alone. Its score falls as
   * a group's text grows, for each term frequency: the best of each frequency, shortest
   * first, hold the best overall.
   */
  private async topOf(v: SearchVocab, term: string): Promise<Top> {
    const version = v.entries.get(term)?.version ?? -1;
    const stats = `${v.groups}/${v.avgLength}/${v.entries.get(term)?.df}`;
    let c = this.tops.get(term);
    if (!c || c.version !== version) {
      const { rows } = await this.pool.query<{ group_key: string; ord: string; tf: number; n_tokens: number }>(
        `SELECT p.group_key, p.ord, p.tf, p.n_tokens FROM generate_series(1, $3::int) f(tf)
           CROSS JOIN LATERAL (SELECT * FROM quote_word_postings p WHERE p.term = $1 AND p.tf = f.tf ORDER BY p.n_tokens, p.ord LIMIT $2) p
         UNION ALL
         SELECT group_key, ord, tf, n_tokens FROM quote_word_postings WHERE term = $1 AND tf > $3`,
        [term, HEAD_TOP, TOP_TF],
      );
      c = { version, rows: rows.map((r) => ({ key: r.group_key, ord: r.ord, tf: r.tf, n: r.n_tokens })), stats: '', top: null };
    }
    if (c.top && c.stats === stats) return c.top;
    const p = new StepPostings(this.pool, v, this.lookups.words);
    p.rows.set(term, c.rows);
    const res = (await p.search(term, { processTerm: (x) => x })).slice(0, HEAD_TOP);
    const ordOf = new Map(c.rows.map((r) => [r.key, r.ord] as const));
    c.top = { order: res.map((r) => r.key), ords: res.map((r) => ordOf.get(r.key)!), score: new Map(res.map((r) => [r.key, r.score] as const)), floor: res.length ? res[res.length - 1]!.score : 0 };
    c.stats = stats;
    // Kept (again, with its best groups): the most recently used head terms, as many as the bytes allow.
    this.tops.set(term, c);
    return c.top;
  }

  /** Rebuild these groups from every report (speakers after the corpus's merges), as quotes/store.ts groups them. */
  private async load(found: Found, keys: readonly string[]): Promise<void> {
    const want = keys.filter((k) => !found.groups.has(k));
    if (!want.length) return;
    const { rows } = await this.pool.query<QuoteRow>(`${QUOTE_ROWS} WHERE q.group_key = ANY($1::text[])`, [want]);
    const fresh = [...new Set(rows.map((r) => r.speaker_id).filter((x): x is string => !!x && !found.known.has(x)))];
    if (fresh.length) {
      const set = await this.speakers.setOf(fresh);
      for (const id of fresh) found.known.add(id);
      for (const [id, s] of set.speakers) found.speakers.set(id, s);
      for (const [from, into] of set.merged) found.merged.set(from, into);
    }
    for (const [key, g] of groupRows(rows, found.merged, found.articles)) found.groups.set(key, g);
  }

  /**
   * The hits' variants as linking the whole corpus gives them: a variant is a group of the
   * same speaker sharing a shingle, and every group of that speaker holding one of a hit's
   * shingles is rebuilt, so linkVariants over them sees each of the hit's shingle lists whole.
   */
  private async linkHitVariants(found: Found, hits: readonly QuoteGroup[]): Promise<void> {
    const bySpeaker = new Map<string, QuoteGroup[]>();
    for (const g of hits) {
      if (!g.speakerId) continue;
      const list = bySpeaker.get(g.speakerId);
      if (list) list.push(g);
      else bySpeaker.set(g.speakerId, [g]);
    }
    if (!bySpeaker.size) return;
    const rw = { sp: [] as string[], raw: [] as string[] };
    const wanted = new Map<string, Set<string>>();
    for (const [s, gs] of bySpeaker) {
      const sh = new Set<string>();
      for (const g of gs) for (const x of shingles(keyWords(g.key))) sh.add(x);
      // Fewer than three words: no shingle, no variant (areVariants), nothing to read.
      if (!sh.size) continue;
      wanted.set(s, sh);
      // The ids a group's reports name before the merges: a group led by s has a report naming one of them.
      rw.sp.push(s), rw.raw.push(s);
      for (const [from, into] of found.merged) if (into === s) rw.sp.push(s), rw.raw.push(from);
    }
    // The speakers' groups holding one of the hits' shingles, by (speaker, shingle): a speaker's groups
    // grow with what they said, a shingle's ("i don't think") with the corpus. Before quote_shingles is
    // filled, every group of the speakers (keys only).
    if (!wanted.size) return;
    const all = found.shingles ? await groupsWithShingles(this.pool, shingleAsks(rw, wanted)) : await this.keysOf(found.version, rw);
    // Word by word against each speaker's hit shingles (a hash may collide; no shingle string made per statement).
    const triples = new Map([...wanted].map(([s, sh]) => [s, byFirstWord(sh)] as const));
    const rows = all.filter((r) => hasShingle(keyWords(r.group_key), triples.get(r.sp)!));
    await this.load(found, rows.map((r) => r.group_key));
    const order = byPublished(found.articles);
    for (const [s, gs] of bySpeaker) {
      if (!wanted.has(s)) continue;
      const members = new Map(gs.map((g) => [g.key, g] as const));
      for (const r of rows) {
        const g = found.groups.get(r.group_key);
        if (r.sp === s && g && g.speakerId === s) members.set(g.key, g);
      }
      const list = [...members.values()].sort((a, b) => order(a.quotes[0]!, b.quotes[0]!));
      for (const g of list) g.variantIds = [];
      linkVariants(list);
    }
  }

  /** The group keys of each speaker's statements (rw: each speaker with the ids its reports name before the merges). */
  private async keysOf(version: number, rw: { sp: string[]; raw: string[] }): Promise<Array<{ sp: string; group_key: string }>> {
    const c = this.speakerKeys;
    c.at(version);
    // The kept speakers' keys, taken before keeping the missing ones may drop them.
    const have = new Map<string, string[]>();
    for (const s of new Set(rw.sp)) {
      const keys = c.get(s);
      if (keys) have.set(s, keys);
    }
    const out = [...have].flatMap(([s, keys]) => keys.map((k) => ({ sp: s, group_key: k })));
    const idx = rw.sp.flatMap((s, i) => (have.has(s) ? [] : [i]));
    if (!idx.length) return out;
    const { rows } = await this.pool.query<{ sp: string; group_key: string }>(
      `SELECT DISTINCT x.sp, s.group_key FROM unnest($1::text[], $2::text[]) x(sp, raw) JOIN quote_speakers s ON s.speaker_id = x.raw`,
      [idx.map((i) => rw.sp[i]), idx.map((i) => rw.raw[i])],
    );
    // A version moved while reading: these rows are still this answer's, but not kept.
    if (c.version === version) {
      const read = new Map(idx.map((i) => [rw.sp[i]!, [] as string[]] as const));
      for (const r of rows) read.get(r.sp)!.push(r.group_key);
      for (const [s, keys] of read) c.set(s, keys);
    }
    return [...rows, ...out];
  }

  /** The statistics and head terms of the corpus version now committed (look-up answers are kept for it alone). */
  private async current(): Promise<WordVocab> {
    const { rows } = await this.pool.query<{ version: string }>('SELECT version FROM corpus_state WHERE id = 1');
    const version = Number(rows[0]?.version ?? 0);
    if (!this.vocab || this.vocab.version < version) {
      if (!this.loading) this.loading = readWordVocab(this.pool).finally(() => (this.loading = null));
      this.vocab = await this.loading;
    }
    this.lookups.at(this.vocab.version);
    return this.vocab;
  }
}

/** One look-up per speaker, id its reports name and shingle of its hits (rw as keysOf takes it). */
function shingleAsks(rw: { sp: string[]; raw: string[] }, wanted: ReadonlyMap<string, ReadonlySet<string>>): { sp: string[]; raw: string[]; shingle: number[] } {
  const out = { sp: [] as string[], raw: [] as string[], shingle: [] as number[] };
  const hashes = new Map([...wanted].map(([s, sh]) => [s, [...new Set([...sh].map(shingleHash))]] as const));
  rw.sp.forEach((s, i) => {
    for (const h of hashes.get(s) ?? []) out.sp.push(s), out.raw.push(rw.raw[i]!), out.shingle.push(h);
  });
  return out;
}

/** Shingles (three words joined by a space; words hold no space) by their first word, as the other two. */
function byFirstWord(sh: ReadonlySet<string>): Map<string, Array<[string, string]>> {
  const out = new Map<string, Array<[string, string]>>();
  for (const x of sh) {
    const [a, b, c] = x.split(' ') as [string, string, string];
    const l = out.get(a);
    if (l) l.push([b, c]);
    else out.set(a, [[b, c]]);
  }
  return out;
}

/** Whether shingles(words) holds one of these: three words in a row equal to one of them. */
function hasShingle(words: readonly string[], byFirst: ReadonlyMap<string, ReadonlyArray<[string, string]>>): boolean {
  for (let i = 0; i + 3 <= words.length; i++) {
    const l = byFirst.get(words[i]!);
    if (l) for (const [b, c] of l) if (words[i + 1] === b && words[i + 2] === c) return true;
  }
  return false;
}
