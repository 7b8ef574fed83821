// What /quote WORDS reads of the quote-word vocabulary (quote_word_vocab): the corpus's
// group statistics and head terms per corpus version, and each search's terms looked up
// as it needs them (how many groups have each, prefix and typo expansions), so a reader
// holds no vocabulary: a few recent look-ups, bounded by bytes.
//
// Prefix and typo expansion were walks of a radix tree, and the order a search lists
// terms in is the order MiniSearch adds their scores, which decides between groups of
// equal score. The memory index's tree is built by adding terms where the corpus first
// has them (groups in corpus order, terms in text order); vocab-sql.ts works out the
// order that tree walks any few terms in from their first places (QUOTE_VOCAB), and a
// few terms added to an empty tree in that order make a tree whose nodes keep their
// edges in the same relative order, so prefix and typo searches list those terms as the
// whole tree would.
import type pg from 'pg';
import { ByteLru, strBytes } from './byte-lru.js';
import { inTransaction } from './pool.js';
import { prefixRange, QUOTE_VOCAB, VocabSql } from './vocab-sql.js';
import { HEAD_FRACTION, MAX_HEADS, MIN_HEAD_DF } from '../../core/quotes/search.js';

export interface TermEntry {
  df: number;
  /** The corpus version that last wrote one of the term's postings. */
  version: number;
}

/** One corpus version's statistics and head terms: no terms beyond them. */
export interface WordVocab {
  version: number;
  /** Groups in the corpus and the average field length (BM25's statistics). */
  groups: number;
  avgLength: number;
  /** Head terms (quotes/search.ts), commonest first, with their place: each in more than a fixed share of groups, so a bounded few. */
  heads: Map<string, number>;
  /** Whether quote_shingles holds every speaker's statements (migration 20: filled by the next ingest). */
  shingles: boolean;
}

/** A version's statistics, heads and the look-ups of one search (entries: the terms it has looked up, live ones only). */
export interface SearchVocab extends WordVocab {
  entries: Map<string, TermEntry>;
}

/** The statistics and head terms of the version now committed, in one snapshot. */
export async function readWordVocab(pool: pg.Pool): Promise<WordVocab> {
  const { cs, heads } = await inTransaction(
    pool,
    async (client) => {
      const cs = (await client.query<{ version: string; groups: string; tokens: string; shingles: boolean }>('SELECT version, quote_groups AS groups, quote_tokens AS tokens, quote_shingles_ready AS shingles FROM corpus_state WHERE id = 1')).rows[0]!;
      const threshold = Math.max(MIN_HEAD_DF, Math.ceil(HEAD_FRACTION * Number(cs.groups)));
      // The literal bound lets the planner use the index of terms past it (migration 15).
      const heads = (await client.query<{ term: string; df: number }>(`SELECT term, df FROM quote_word_vocab WHERE df > $1 AND df > ${MIN_HEAD_DF}`, [threshold])).rows;
      return { cs, heads };
    },
    { readSnapshot: true },
  );
  const groups = Number(cs.groups);
  // The memory index's order (code units on ties), which SQL's collations do not all give.
  const sorted = heads.sort((a, b) => b.df - a.df || (a.term < b.term ? -1 : 1)).slice(0, MAX_HEADS);
  return { version: Number(cs.version), groups, avgLength: groups ? Number(cs.tokens) / groups : 0, heads: new Map(sorted.map((h, i) => [h.term, i] as const)), shingles: cs.shingles };
}

type Found = Array<[string, TermEntry]>;
const foundBytes = (f: Found): number => f.reduce((n, [t]) => n + 80 + strBytes(t), 32);

/** The term look-ups of /quote WORDS, with the answers of the latest corpus version kept by bytes. */
export class WordLookups {
  private readonly kept: ByteLru<Found>;
  readonly words: VocabSql;

  /** maxBytes: what the answers kept, and each cache of probes, hold at most. */
  constructor(
    private readonly pool: pg.Pool,
    maxBytes: number,
  ) {
    this.kept = new ByteLru<Found>(maxBytes, (_k, f) => foundBytes(f));
    this.words = new VocabSql(pool, QUOTE_VOCAB, maxBytes);
  }

  /** Entries and estimated bytes held (tests bound them). */
  held(): { lookups: { entries: number; bytes: number }; probes: { entries: number; bytes: number } } {
    return { lookups: { entries: this.kept.size, bytes: this.kept.bytes }, probes: this.words.held() };
  }

  /** Answers are of one corpus version: a newer one drops them. */
  at(version: number): void {
    this.kept.at(version);
    this.words.at(version);
  }

  private async cached(v: SearchVocab, key: string, read: () => Promise<Found>): Promise<string[]> {
    let f = this.kept.get(key);
    if (!f) {
      f = await read();
      if (this.kept.version === v.version) this.kept.set(key, f);
    }
    for (const [t, e] of f) v.entries.set(t, e);
    return f.map(([t]) => t);
  }

  /** Look these terms up into v.entries (an unknown term stays out of it). */
  async terms(v: SearchVocab, terms: Iterable<string>): Promise<void> {
    const want = [...new Set(terms)].filter((t) => !v.entries.has(t));
    const missing: string[] = [];
    for (const t of want) {
      const f = this.kept.get(`t\u0000${t}`);
      if (f) for (const [x, e] of f) v.entries.set(x, e);
      else missing.push(t);
    }
    if (!missing.length) return;
    const { rows } = await this.pool.query<{ term: string; df: number; version: string }>(
      'SELECT term, df, version FROM quote_word_vocab WHERE df > 0 AND term = ANY($1::text[])',
      [missing],
    );
    const got = new Map(rows.map((r) => [r.term, { df: r.df, version: Number(r.version) }] as const));
    for (const t of missing) {
      const e = got.get(t);
      if (this.kept.version === v.version) this.kept.set(`t\u0000${t}`, e ? [[t, e]] : []);
      if (e) v.entries.set(t, e);
    }
  }

  /** Every term starting with t (t too, if a term). */
  prefix(v: SearchVocab, t: string): Promise<string[]> {
    return this.cached(v, `p\u0000${t}`, async () => {
      const [lo, hi] = prefixRange(t);
      const { rows } = await this.pool.query<{ term: string; df: number; version: string }>(
        `SELECT d.term, d.df, d.version FROM (SELECT term FROM quote_vocab_live WHERE ${this.words.rangeSql('$1', '$2')}) w
           JOIN quote_word_vocab d ON d.term = w.term WHERE d.df > 0`,
        [lo, hi],
      );
      return rows.map((r) => [r.term, { df: r.df, version: Number(r.version) }]);
    });
  }

  /** Every term within d edits of t, as MiniSearch's typo search counts them. */
  typos(v: SearchVocab, t: string, d: number): Promise<string[]> {
    return this.cached(v, `f\u0000${d}\u0000${t}`, async () =>
      (await this.words.typos<{ word: string; df: number; version: string }>(t, d, 'd.df, d.version')).map((r) => [r.word, { df: r.df, version: Number(r.version) }]),
    );
  }
}
