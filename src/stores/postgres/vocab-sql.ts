// Vocabulary look-ups in SQL (search_vocab, quote_word_vocab), so that no reader holds a
// vocabulary that grows with the corpus: prefix ranges and typo candidates through the
// indexes of migration 14, and the order MiniSearch's radix tree would list words in.
//
// That order decides ties (equally frequent completions, equally scored groups), so it
// must be the memory index's: its tree (SearchableMap) is built by adding words in the
// order the corpus first has them (their first place), and a prefix or typo search lists
// words in the order of each node's edges, which is the order they were last set in. A
// node is created when a word ends there or the first time two words added diverge
// there; an edge from node D is set when its child node is created (a new word's tail,
// or an intermediate node splitting the edge, which SearchableMap sets anew at the end),
// or, for a child older than D, when D was created (the split puts it first). So a
// child C of D is ordered by (max(born(D), born(C)), born(C)), D's own word (its "leaf")
// by its first place, and born(X) is the earlier of X's own first place and the first
// place of the second branch below X (branches ranked by their earliest word). A node
// with few words below it is ordered from those words, read whole (one range of the "C"
// index); for a larger one, born() is read along the first-place index (migration 15).
// Ranges are in code point order: their bounds are computed here, so a prefix ending
// inside a surrogate pair (the tree splits code units) still names a range.
import SearchableMap from 'minisearch/SearchableMap';
import type pg from 'pg';
import { ByteLru, strBytes } from './byte-lru.js';
import { compareC } from './search-vocab.js';

export interface VocabTable {
  /** The live words, with the look-up indexes (migration 14). */
  table: 'search_vocab_live' | 'quote_vocab_live';
  word: 'word' | 'term';
  /** Where the corpus first has the word (compared in "C" order, then as numbers). */
  place: readonly [string, string];
  /** The vocabulary rows themselves (counts, forms), by the same key. */
  rows: 'search_vocab' | 'quote_word_vocab';
}

export const SEARCH_VOCAB: VocabTable = { table: 'search_vocab_live', word: 'word', place: ['first_article', 'first_pos'], rows: 'search_vocab' };
export const QUOTE_VOCAB: VocabTable = { table: 'quote_vocab_live', word: 'term', place: ['first_ord', 'first_pos'], rows: 'quote_word_vocab' };

/** A first place; ROOT before every place (the root node exists from the start), NONE after every one. */
type Place = readonly [string, number] | typeof ROOT | typeof NONE;
const ROOT = 'root' as const;
const NONE = 'none' as const;

function cmpPlace(a: Place, b: Place): number {
  if (a === b) return 0;
  if (a === ROOT || b === NONE) return -1;
  if (b === ROOT || a === NONE) return 1;
  return compareC(a[0], b[0]) || a[1] - b[1];
}
const maxPlace = (a: Place, b: Place): Place => (cmpPlace(a, b) >= 0 ? a : b);
const minPlace = (a: Place, b: Place): Place => (cmpPlace(a, b) <= 0 ? a : b);

/** What a node's order needs: its word's first place (NONE: no word ends there) and when it was born. */
interface Birth {
  own: Place;
  born: Place;
}

/** A node with at most this many words below it is ordered from them, whole (one range read). */
const SMALL = 256;

/** The words below a node, with their first places, in "C" order. */
type Subtree = Array<readonly [string, readonly [string, number]]>;

/** The memory index's tree of these words alone (added in order of first place), walked: those of `want` in that order. */
function orderWhole(sub: Subtree, want: readonly string[]): string[] {
  const tree = new SearchableMap<number>();
  [...sub].sort((a, b) => cmpPlace(a[1], b[1])).forEach(([w], i) => tree.set(w, i));
  const keep = new Set(want);
  const out: string[] = [];
  const visit = (node: Map<string, unknown>, prefix: string): void => {
    for (const [k, child] of node) {
      if (k === '') {
        if (keep.has(prefix)) out.push(prefix);
      } else visit(child as Map<string, unknown>, prefix + k);
    }
  };
  // The radix tree inside SearchableMap (MiniSearch 7; not part of its typed API): edges by label, '' the node's own value.
  visit((tree as unknown as { _tree: Map<string, unknown> })._tree, '');
  return out;
}

/** born() of node x from every word below it. */
function bornWhole(sub: Subtree, x: string): Place {
  let own: Place = NONE;
  const firsts = new Map<string, Place>();
  for (const [w, p] of sub) {
    if (w.length === x.length) own = p;
    else {
      const u = w[x.length]!;
      firsts.set(u, minPlace(firsts.get(u) ?? NONE, p));
    }
  }
  const sorted = [...firsts.values()].sort(cmpPlace);
  return minPlace(own, sorted[1] ?? NONE);
}

/** The first string past every string starting with p, in code point order (null: none, p is all U+10FFFF). */
function after(p: string): string | null {
  const cps = Array.from(p);
  while (cps.length) {
    let n = cps.pop()!.codePointAt(0)! + 1;
    if (n >= 0xd800 && n <= 0xdfff) n = 0xe000;
    if (n <= 0x10ffff) return cps.join('') + String.fromCodePoint(n);
  }
  return null;
}

/**
 * The words starting with the code units of p, as a range [lo, hi) of valid strings in
 * code point order (p may end with a high surrogate: the radix tree splits code units).
 */
export function prefixRange(p: string): [string, string] {
  const last = p.charCodeAt(p.length - 1);
  // No word reaches past this: the range is then only bounded by fact.
  const top = (base: string) => after(base) ?? base + '\u{10FFFF}'.repeat(8);
  if (last >= 0xd800 && last <= 0xdbff) {
    const base = p.slice(0, -1);
    const from = (last - 0xd800) * 0x400 + 0x10000;
    const to = from + 0x400;
    return [base + String.fromCodePoint(from), to > 0x10ffff ? top(base) : base + String.fromCodePoint(to)];
  }
  return [p, top(p)];
}

function lcp(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return a.slice(0, i);
}

/**
 * MiniSearch's edit distance of key from query (fuzzySearch.ts, one key: the same
 * Levenshtein matrix band and cut-off), or null past maxDistance.
 */
export function editDistance(query: string, key: string, maxDistance: number): number | null {
  const n = query.length + 1;
  if (key.length > query.length + maxDistance) return null;
  let prev = new Uint8Array(n);
  let row = new Uint8Array(n);
  for (let j = 0; j < n; j++) prev[j] = j;
  for (let i = 1; i <= key.length; i++) {
    row.fill(maxDistance + 1);
    row[0] = i;
    let min = row[0]!;
    const jmin = Math.max(0, i - maxDistance - 1);
    const jmax = Math.min(n - 1, i + maxDistance);
    const ch = key[i - 1];
    for (let j = jmin; j < jmax; j++) {
      const d = Math.min(prev[j]! + (ch !== query[j] ? 1 : 0), prev[j + 1]! + 1, row[j]! + 1);
      row[j + 1] = d;
      if (d < min) min = d;
    }
    if (min > maxDistance) return null;
    [prev, row] = [row, prev];
  }
  const d = prev[n - 1]!;
  return d <= maxDistance ? d : null;
}

/** Escape LIKE's wildcards (backslash is its default escape). */
const likeEscape = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Pieces of the query such that a word within `d` edits holds one unchanged (d + 1
 * pieces: d edits leave one untouched), where it must be: the first at the word's start,
 * the last at its end. Middle pieces have three code points, the fewest the trigram index
 * can look up; the first is a prefix range, the last at least two (a trigram with the
 * end's padding). Null when the query is too short to split so (every word is then read).
 */
function pieces(query: string, d: number): { first: string; middle: string[]; last: string } | null {
  const cps = Array.from(query);
  const mid = d - 1;
  const rest = cps.length - 3 * mid;
  if (rest < 3) return null;
  const lastLen = Math.max(2, Math.floor(rest / 2));
  const firstLen = rest - lastLen;
  const middle: string[] = [];
  for (let i = 0; i < mid; i++) middle.push(cps.slice(firstLen + 3 * i, firstLen + 3 * i + 3).join(''));
  return { first: cps.slice(0, firstLen).join(''), middle, last: cps.slice(cps.length - lastLen).join('') };
}

export class VocabSql {
  /** Prefix → the longest prefix its live words share ('' : none has it). */
  private readonly lcps: ByteLru<string>;
  private readonly births: ByteLru<Birth>;
  /** Node → the words below it with their places (null: more than SMALL). */
  private readonly subtrees: ByteLru<Subtree | null>;
  /** Round trips made (tests count them; a cached order makes none). */
  queries = 0;

  constructor(
    private readonly pool: pg.Pool,
    private readonly t: VocabTable,
    /** Bytes each of its three caches of probes holds at most. */
    maxBytes = 1 << 20,
    /** Words below a node up to which it is ordered whole (tests make it small, to probe more). */
    private readonly small = SMALL,
  ) {
    this.lcps = new ByteLru(maxBytes, (_k, v) => strBytes(v));
    this.subtrees = new ByteLru(maxBytes, (_k, v) => (v ? v.reduce((n, [w, p]) => n + 96 + strBytes(w) + strBytes(p[0]), 32) : 16));
    this.births = new ByteLru(maxBytes, (_k, v) => 96 + (typeof v.own === 'string' ? 0 : strBytes(v.own[0])) + (typeof v.born === 'string' ? 0 : strBytes(v.born[0])));
  }

  /** The probes are of one corpus version: a newer one drops them. */
  at(version: number): void {
    this.lcps.at(version);
    this.births.at(version);
    this.subtrees.at(version);
  }

  /** Entries and bytes the caches hold. */
  held(): { entries: number; bytes: number } {
    return { entries: this.lcps.size + this.births.size + this.subtrees.size, bytes: this.lcps.bytes + this.births.bytes + this.subtrees.bytes };
  }

  private get W(): string {
    return `(${this.t.word} COLLATE "C")`;
  }

  private get byPlace(): string {
    return `${this.t.place[0]} COLLATE "C", ${this.t.place[1]}`;
  }

  /** A condition on the word: it starts with p (the "C" index's range); params named by their numbers. */
  rangeSql(lo: string, hi: string): string {
    return `${this.W} >= ${lo} AND ${this.W} < ${hi}`;
  }

  private async query<R extends pg.QueryResultRow>(sql: string, params: unknown[]): Promise<R[]> {
    this.queries++;
    return (await this.pool.query<R>(sql, params)).rows;
  }

  /** The longest prefix shared by the live words starting with each prefix. */
  private async lcpOf(prefixes: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const want: string[] = [];
    for (const p of new Set(prefixes)) {
      const kept = this.lcps.get(p);
      if (kept !== undefined) out.set(p, kept);
      else want.push(p);
    }
    if (!want.length) return out;
    const ranges = want.map(prefixRange);
    const { table, word } = this.t;
    const rows = await this.query<{ a: string | null; b: string | null }>(
      `SELECT (SELECT ${word} FROM ${table} WHERE ${this.rangeSql('x.lo', 'x.hi')} ORDER BY ${this.W} LIMIT 1) AS a,
              (SELECT ${word} FROM ${table} WHERE ${this.rangeSql('x.lo', 'x.hi')} ORDER BY ${this.W} DESC LIMIT 1) AS b
         FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS x(lo, hi, n) ORDER BY x.n`,
      [ranges.map((r) => r[0]), ranges.map((r) => r[1])],
    );
    // The least and greatest word of a range share exactly what every word in it shares.
    want.forEach((p, i) => {
      const shared = rows[i]!.a !== null && rows[i]!.b !== null ? lcp(rows[i]!.a!, rows[i]!.b!) : '';
      this.lcps.set(p, shared);
      out.set(p, shared);
    });
    return out;
  }

  /**
   * The live words starting with each node, with their first places, where they are at
   * most SMALL (null where more): such a subtree is ordered here, whole.
   */
  private async subtreesOf(nodes: string[]): Promise<Map<string, Subtree | null>> {
    const out = new Map<string, Subtree | null>();
    const want: string[] = [];
    for (const x of new Set(nodes)) {
      const kept = x === '' ? null : this.subtrees.get(x);
      if (kept !== undefined) out.set(x, kept);
      else want.push(x);
    }
    if (!want.length) return out;
    const { table, word, place } = this.t;
    const ranges = want.map(prefixRange);
    const rows = await this.query<{ n: string; w: string; p1: string; p2: number }>(
      `SELECT x.n, s.w, s.p1, s.p2
         FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS x(lo, hi, n)
        CROSS JOIN LATERAL (SELECT ${word} AS w, ${place[0]} AS p1, ${place[1]} AS p2 FROM ${table}
                             WHERE ${this.rangeSql('x.lo', 'x.hi')} ORDER BY ${this.W} LIMIT $3) s`,
      [ranges.map((r) => r[0]), ranges.map((r) => r[1]), this.small + 1],
    );
    const by = new Map<number, Subtree>();
    for (const r of rows) {
      const i = Number(r.n) - 1;
      let t = by.get(i);
      if (!t) by.set(i, (t = []));
      t.push([r.w, [r.p1, r.p2]]);
    }
    want.forEach((x, i) => {
      const t = by.get(i) ?? [];
      const v = t.length > this.small ? null : t;
      this.subtrees.set(x, v);
      out.set(x, v);
    });
    return out;
  }

  /**
   * born() of each node with more than SMALL words below it, and its own word's place:
   * the earliest word of the node's range, then the earliest outside its branch, each
   * read along the index of first places (a node this large has a word near its start).
   */
  private async birthOf(nodes: string[]): Promise<Map<string, Birth>> {
    const out = new Map<string, Birth>();
    const want: string[] = [];
    for (const x of new Set(nodes)) {
      const b = x === '' ? { own: NONE, born: ROOT } : this.births.get(x);
      if (b) out.set(x, b);
      else want.push(x);
    }
    if (!want.length) return out;
    const { table, word, place } = this.t;
    // The word not as the "C" index has it: its range would lead the planner to that index, and its order to a sort.
    const w = `((${word} || '') COLLATE "C")`;
    const inRange = (lo: string, hi: string) => `${w} >= ${lo} AND ${w} < ${hi}`;
    const ranges = want.map(prefixRange);
    const first = await this.query<{ o1: string | null; o2: number | null; w: string | null; f1: string | null; f2: number | null }>(
      `SELECT k.p1 AS o1, k.p2 AS o2, f.w, f.p1 AS f1, f.p2 AS f2
         FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS x(x, lo, hi, n)
         LEFT JOIN LATERAL (SELECT ${place[0]} AS p1, ${place[1]} AS p2 FROM ${table} WHERE ${this.W} = x.x) k ON true
         LEFT JOIN LATERAL (SELECT ${word} AS w, ${place[0]} AS p1, ${place[1]} AS p2 FROM ${table}
                             WHERE ${inRange('x.lo', 'x.hi')} AND ${w} <> x.x ORDER BY ${this.byPlace} LIMIT 1) f ON true
        ORDER BY x.n`,
      [want, ranges.map((r) => r[0]), ranges.map((r) => r[1])],
    );
    // The earliest word of any other branch: the node was born when it came (or with its own word).
    const second = want.map((x, i) => (first[i]!.w !== null ? prefixRange(x + first[i]!.w![x.length]!) : null));
    const idx = want.flatMap((_x, i) => (second[i] ? [i] : []));
    const next = idx.length
      ? await this.query<{ p1: string | null; p2: number | null }>(
          `SELECT m.p1, m.p2
             FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS x(x, lo, hi, elo, ehi, n)
             LEFT JOIN LATERAL (SELECT ${place[0]} AS p1, ${place[1]} AS p2 FROM ${table}
                                 WHERE ${inRange('x.lo', 'x.hi')} AND NOT (${w} >= x.elo AND ${w} < x.ehi) AND ${w} <> x.x
                                 ORDER BY ${this.byPlace} LIMIT 1) m ON true
            ORDER BY x.n`,
          [idx.map((i) => want[i]), idx.map((i) => ranges[i]![0]), idx.map((i) => ranges[i]![1]), idx.map((i) => second[i]![0]), idx.map((i) => second[i]![1])],
        )
      : [];
    const m2 = new Map<number, Place>(idx.map((i, k) => [i, next[k]!.p1 !== null ? ([next[k]!.p1!, next[k]!.p2!] as const) : NONE]));
    want.forEach((x, i) => {
      const r = first[i]!;
      const own: Place = r.o1 !== null ? [r.o1, r.o2!] : NONE;
      const b: Birth = { own, born: minPlace(own, m2.get(i) ?? NONE) };
      this.births.set(x, b);
      out.set(x, b);
    });
    return out;
  }

  /**
   * Live words in the order SearchableMap's fuzzy search visits them in the memory
   * index's tree (its iterator, and so atPrefix, lists them in the reverse order).
   * Where the words part, a node with few words below it is ordered whole from them (its
   * subtree orders as it would alone: a node's edges are set by the words below it); a
   * larger one orders its branches from index probes, and each branch is taken further.
   */
  async walkOrder(words: Iterable<string>): Promise<string[]> {
    const ws = [...new Set(words)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (ws.length < 2) return ws;
    interface Group {
      words: string[];
      /** The prefix they share: a node of the tree (they part there, or one ends there). */
      node: string;
      parts: Array<string | Group>;
    }
    const groupOf = (list: string[]): Group => ({ words: list, node: lcp(list[0]!, list[list.length - 1]!), parts: [] });
    const top = groupOf(ws);
    let level = [top];
    while (level.length) {
      const multi: Group[] = [];
      for (const g of level) {
        if (g.words.length === 1) g.parts = [g.words[0]!];
        else multi.push(g);
      }
      // The root has every word below it: never fetched whole.
      const subs = await this.subtreesOf(multi.map((g) => g.node).filter((x) => x !== ''));
      const large = multi.filter((g) => {
        const sub = subs.get(g.node);
        if (!sub) return true;
        g.parts = orderWhole(sub, g.words);
        return false;
      });
      if (!large.length) break;
      // Each large node's branches (the words of each next code unit), and the node each leads to.
      const kids = new Map<Group, { leaf: boolean; branches: Array<{ edge: string; group: Group }> }>();
      for (const g of large) {
        const k = { leaf: false, branches: [] as Array<{ edge: string; group: Group }> };
        let run: string[] = [];
        const flush = () => {
          if (run.length) k.branches.push({ edge: g.node + run[0]![g.node.length]!, group: groupOf(run) });
          run = [];
        };
        for (const w of g.words) {
          if (w.length === g.node.length) k.leaf = true;
          else {
            if (run.length && run[0]![g.node.length] !== w[g.node.length]) flush();
            run.push(w);
          }
        }
        flush();
        kids.set(g, k);
      }
      const childOf = await this.lcpOf([...kids.values()].flatMap((k) => k.branches.map((b) => b.edge)));
      const children = [...new Set(childOf.values())];
      const childSubs = await this.subtreesOf(children);
      const births = await this.birthOf([...large.map((g) => g.node), ...children.filter((c) => !childSubs.get(c))]);
      const bornOf = (c: string): Place => {
        const sub = childSubs.get(c);
        return sub ? bornWhole(sub, c) : births.get(c)!.born;
      };
      const next: Group[] = [];
      for (const [g, k] of kids) {
        const b = births.get(g.node)!;
        const keyed: Array<{ at: Place; born: Place; part: string | Group }> = [];
        if (k.leaf) keyed.push({ at: b.own, born: b.own, part: g.node });
        for (const br of k.branches) {
          const c = bornOf(childOf.get(br.edge)!);
          keyed.push({ at: maxPlace(b.born, c), born: c, part: br.group });
          next.push(br.group);
        }
        keyed.sort((x, y) => cmpPlace(x.at, y.at) || cmpPlace(x.born, y.born));
        g.parts = keyed.map((x) => x.part);
      }
      level = next;
    }
    const out: string[] = [];
    const flat = (g: Group): void => {
      for (const p of g.parts) typeof p === 'string' ? out.push(p) : flat(p);
    };
    flat(top);
    return out;
  }

  /**
   * Live words within maxDistance edits of the query as MiniSearch counts them, with
   * `cols` of their vocabulary rows (as d): candidates through the indexes, the distance
   * checked here.
   */
  async typos<R extends { word: string }>(query: string, maxDistance: number, cols: string): Promise<Array<R & { distance: number }>> {
    const { table, word, rows: vocab } = this.t;
    const params: unknown[] = [query.length + maxDistance];
    const conds: string[] = [];
    const p = pieces(query, maxDistance);
    if (p) {
      const [lo, hi] = prefixRange(p.first);
      params.push(lo, hi);
      conds.push(`(${this.W} >= $2 AND ${this.W} < $3)`);
      for (const m of p.middle) {
        params.push(`%${likeEscape(m)}%`);
        conds.push(`${word} LIKE $${params.length}`);
      }
      params.push(`%${likeEscape(p.last)}`);
      conds.push(`${word} LIKE $${params.length}`);
    }
    const rows = await this.query<R>(
      `SELECT c.word, ${cols}
         FROM (SELECT ${word} AS word FROM ${table} WHERE char_length(${word}) <= $1${conds.length ? ` AND (${conds.join(' OR ')})` : ''}) c
         JOIN ${vocab} d ON d.${word} = c.word`,
      params,
    );
    const out: Array<R & { distance: number }> = [];
    for (const r of rows) {
      const d = editDistance(query, r.word, maxDistance);
      if (d !== null) out.push({ ...r, distance: d });
    }
    return out;
  }
}
