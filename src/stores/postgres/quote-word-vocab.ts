// The quote-word vocabulary a reader keeps (terms of the groups' first reports, with
// how many groups have each), the corpus's group statistics, and the head terms: the
// one part of /quote WORDS held in the process, a few MB at any corpus size.
//
// Prefix and typo expansion walk a radix tree, and the order they list terms in is
// the order MiniSearch adds their scores, which decides between groups of equal score.
// The memory index's tree is built by adding terms where the corpus first has them
// (groups in corpus order, terms in text order); this tree is built the same way, so
// it is the same tree. A few of its terms added to an empty tree in the order a typo
// search walks it (each node's edges in their order, quotes/quote-words.ts) make a tree
// whose nodes keep their edges in the same relative order, so prefix and typo searches
// list those terms as the whole tree would.
import SearchableMap from 'minisearch/SearchableMap';
import type pg from 'pg';
import { inTransaction } from './pool.js';
import { HEAD_FRACTION, MAX_HEADS, MIN_HEAD_DF } from '../../core/quotes/search.js';

interface Entry {
  df: number;
  ord: string;
  pos: number;
  /** The corpus version that last wrote one of the term's postings. */
  version: number;
}

export interface WordVocab {
  version: number;
  /** Groups in the corpus and the average field length (BM25's statistics). */
  groups: number;
  avgLength: number;
  entries: Map<string, Entry>;
  /** Terms by where the corpus first has them (value: df). */
  tree: SearchableMap<number>;
  /** Each term's place in the typo search's walk of the tree (each node's edges in order, the node's own term where it stands among them). */
  rank: Map<string, number>;
  /** Head terms (quotes/search.ts), commonest first, with their place. */
  heads: Map<string, number>;
  /** The latest first place of a term in the tree: a new term after it is added to the tree as a rebuild would add it. */
  last: Entry | null;
}

interface VocabRow {
  term: string;
  df: number;
  first_ord: string;
  first_pos: number;
  version: string;
}

const EMPTY: WordVocab = { version: -1, groups: 0, avgLength: 0, entries: new Map(), tree: new SearchableMap(), rank: new Map(), heads: new Map(), last: null };

/** Corpus order of first places: as the core compares ids (code units), which "C" order matches for the ids corpora use. */
function firstPlace(x: Entry, y: Entry): number {
  return x.ord < y.ord ? -1 : x.ord > y.ord ? 1 : x.pos - y.pos;
}
const byFirst = (a: [string, Entry], b: [string, Entry]): number => firstPlace(a[1], b[1]);

/** The radix tree inside SearchableMap (MiniSearch 7; not part of its typed API): edges by label, '' the node's own value. */
type Node = Map<string, unknown>;

/** Terms in the order SearchableMap's fuzzy search visits them (its recurse: node.keys() in order, depth first). */
function walkOrder(tree: SearchableMap<number>): Map<string, number> {
  const out = new Map<string, number>();
  const visit = (node: Node, prefix: string): void => {
    for (const [key, child] of node) {
      if (key === '') out.set(prefix, out.size);
      else visit(child as Node, prefix + key);
    }
  };
  visit((tree as unknown as { _tree: Node })._tree, '');
  return out;
}

/** Add terms to the tree in order of first place (a new tree: every term). */
function grow(v: WordVocab, terms: Array<[string, Entry]>): void {
  terms.sort(byFirst);
  for (const [t, e] of terms) v.tree.set(t, e.df);
  if (terms.length) v.last = terms[terms.length - 1]![1];
  v.rank = walkOrder(v.tree);
}

function headsOf(v: WordVocab): Map<string, number> {
  const threshold = Math.max(MIN_HEAD_DF, Math.ceil(HEAD_FRACTION * v.groups));
  const heads = [...v.entries]
    .filter(([, e]) => e.df > threshold)
    .sort((a, b) => b[1].df - a[1].df || (a[0] < b[0] ? -1 : 1))
    .slice(0, MAX_HEADS);
  return new Map(heads.map(([t], i) => [t, i] as const));
}

/** A vocabulary read whole (old null) or brought up to date with the terms changed since old's version. */
export async function refreshWordVocab(pool: pg.Pool, old: WordVocab | null): Promise<WordVocab> {
  const { cs, rows } = await inTransaction(
    pool,
    async (client) => ({
      cs: (await client.query<{ version: string; groups: string; tokens: string }>('SELECT version, quote_groups AS groups, quote_tokens AS tokens FROM corpus_state WHERE id = 1')).rows,
      rows: (old
        ? await client.query<VocabRow>('SELECT term, df, first_ord, first_pos, version FROM quote_word_vocab WHERE version > $1', [old.version])
        : await client.query<VocabRow>('SELECT term, df, first_ord, first_pos, version FROM quote_word_vocab WHERE df > 0')
      ).rows,
    }),
    { readSnapshot: true },
  );
  const c = cs[0]!;
  const groups = Number(c.groups);
  const v: WordVocab = { ...(old ?? EMPTY), entries: new Map(old?.entries ?? []), version: Number(c.version), groups, avgLength: groups ? Number(c.tokens) / groups : 0 };
  // The tree is built again when a term left it or moved in corpus order (the memory index's
  // tree would differ by more than that term); new terms after every other are only added.
  let rebuild = !old;
  const added: Array<[string, Entry]> = [];
  for (const r of rows) {
    const prev = v.entries.get(r.term);
    if (r.df > 0) {
      const e: Entry = { df: r.df, ord: r.first_ord, pos: r.first_pos, version: Number(r.version) };
      if (!prev) {
        if (v.last && firstPlace(e, v.last) > 0) added.push([r.term, e]);
        else rebuild = true;
      } else if (prev.ord !== e.ord || prev.pos !== e.pos) rebuild = true;
      v.entries.set(r.term, e);
    } else if (prev) {
      v.entries.delete(r.term);
      rebuild = true;
    }
  }
  if (rebuild) {
    v.tree = new SearchableMap<number>();
    v.last = null;
    grow(v, [...v.entries]);
  } else if (added.length) grow(v, added);
  // Heads depend on the group count too.
  if (!old || rows.length || groups !== old.groups) v.heads = headsOf(v);
  return v;
}
