// The vocabulary look-ups in SQL (vocab-sql.ts) against MiniSearch's own radix tree built
// as the memory index builds it (words added in the order of their first place): the
// order its typo search walks words in, the order its iterator lists a prefix's words in,
// and the words its typo search finds, with their distances, on vocabularies dense in
// shared prefixes (few letters), with accents and a character outside the BMP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import SearchableMap from 'minisearch/SearchableMap';
import type pg from 'pg';
import { hasPostgres, createTestDatabase, type TestDatabase } from './db.js';
import { openDatabase } from '../../src/stores/postgres/index.js';
import { editDistance, SEARCH_VOCAB, VocabSql } from '../../src/stores/postgres/vocab-sql.js';
import { compareC } from '../../src/stores/postgres/search-vocab.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

const ALPHABET = ['a', 'b', 'c', 'd', 'é', 'a', 'b', 'e', '𝒳', '𝒴'];

interface Row {
  word: string;
  article: string;
  pos: number;
}

function vocabulary(seed: number, n: number): Row[] {
  const r = rng(seed);
  const words = new Set<string>();
  while (words.size < n) {
    const len = 1 + Math.floor(r() * 7);
    let w = '';
    for (let i = 0; i < len; i++) w += ALPHABET[Math.floor(r() * ALPHABET.length)]!;
    words.add(w);
  }
  // First places in a few articles, so ties on the article are decided by the position.
  return [...words].map((word) => ({ word, article: `a${Math.floor(r() * 5)}`, pos: Math.floor(r() * 1e6) }));
}

/** The memory index's tree: words added in the order of their first place. */
function treeOf(rows: readonly Row[]): SearchableMap<number> {
  const t = new SearchableMap<number>();
  [...rows].sort((a, b) => compareC(a.article, b.article) || a.pos - b.pos).forEach((r, i) => t.set(r.word, i));
  return t;
}

/** Words in the order SearchableMap's fuzzy search visits them. */
function walk(t: SearchableMap<number>): string[] {
  const out: string[] = [];
  const visit = (node: Map<string, unknown>, prefix: string): void => {
    for (const [k, child] of node) {
      if (k === '') out.push(prefix);
      else visit(child as Map<string, unknown>, prefix + k);
    }
  };
  visit((t as unknown as { _tree: Map<string, unknown> })._tree, '');
  return out;
}

describe.runIf(hasPostgres)('vocabulary look-ups in SQL', () => {
  let db: TestDatabase;
  let pool: pg.Pool;

  async function fill(rows: readonly Row[]): Promise<void> {
    await pool.query('DELETE FROM search_vocab');
    await pool.query(
      `INSERT INTO search_vocab (word, stem, freq, display, lower, display_article, display_pos, first_article, first_pos)
       SELECT w, w, 1, w, true, a, p, a, p FROM unnest($1::text[], $2::text[], $3::int[]) AS x(w, a, p)`,
      [rows.map((r) => r.word), rows.map((r) => r.article), rows.map((r) => r.pos)],
    );
    // A removed word (freq 0) is no part of the tree.
    await pool.query(`INSERT INTO search_vocab (word, stem, freq, display, lower, display_article, display_pos, first_article, first_pos) VALUES ('ab', 'ab', 0, 'ab', true, 'a0', 0, 'a0', 0) ON CONFLICT (word) DO UPDATE SET freq = 0`);
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = await openDatabase(db.url, { max: 2 });
  });
  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  // Nodes with up to `small` words below them are ordered from those words; larger ones from index probes.
  it.each([
    [1, 256],
    [2, 256],
    [1, 3],
    [2, 3],
    [3, 1],
  ])('orders words as the memory index tree walks them (vocabulary %i, nodes of %i words ordered whole)', async (seed, small) => {
    const rows = vocabulary(seed, 400).filter((r) => r.word !== 'ab');
    await fill(rows);
    const tree = treeOf(rows);
    const all = walk(tree);
    const sql = new VocabSql(pool, SEARCH_VOCAB, 1 << 20, small);
    expect(await sql.walkOrder(all)).toEqual(all);
    // Any few of them keep their relative order.
    const r = rng(seed + 10);
    for (let i = 0; i < 20; i++) {
      const some = all.filter(() => r() < 0.05);
      expect(await sql.walkOrder([...some].reverse())).toEqual(some);
    }
    // The iterator (atPrefix) lists a prefix's words in the reverse walk order.
    for (const p of ['a', 'b', 'ab', 'é', '𝒳', 'ba', 'abc']) {
      const listed = [...tree.atPrefix(p).keys()];
      expect((await sql.walkOrder(listed)).reverse()).toEqual(listed);
    }
  });

  it.each([1, 2])('finds the words MiniSearch typo search finds, at its distances (vocabulary %i)', async (seed) => {
    const rows = vocabulary(seed + 5, 600);
    await fill(rows.filter((r) => r.word !== 'ab'));
    const tree = treeOf(rows.filter((r) => r.word !== 'ab'));
    const sql = new VocabSql(pool, SEARCH_VOCAB);
    const r = rng(seed);
    for (let i = 0; i < 60; i++) {
      const len = 3 + Math.floor(r() * 8);
      let q = '';
      for (let j = 0; j < len; j++) q += ALPHABET[Math.floor(r() * ALPHABET.length)]!;
      const d = 1 + Math.floor(r() * 3);
      const want = new Map([...tree.fuzzyGet(q, d)].map(([w, [, dist]]) => [w, dist] as const));
      const got = new Map((await sql.typos<{ word: string }>(q, d, '1 AS one')).map((x) => [x.word, x.distance] as const));
      expect(new Map([...got].sort())).toEqual(new Map([...want].sort()));
    }
  });

  it('counts edits as MiniSearch does', () => {
    expect(editDistance('kitten', 'sitting', 3)).toBe(3);
    expect(editDistance('kitten', 'sitting', 2)).toBeNull();
    expect(editDistance('abc', 'abc', 1)).toBe(0);
    // Code units: a character outside the BMP is two of them.
    expect(editDistance('a𝒳', 'a𝒴', 1)).toBe(1);
    expect(editDistance('a𝒳', 'ab', 1)).toBeNull();
  });

  it('keeps its probes under its byte bound, however many orders are asked', async () => {
    const rows = vocabulary(9, 800);
    await fill(rows.filter((x) => x.word !== 'ab'));
    const all = walk(treeOf(rows.filter((x) => x.word !== 'ab')));
    const sql = new VocabSql(pool, SEARCH_VOCAB, 8_000, 8);
    const r = rng(4);
    for (let i = 0; i < 40; i++) {
      const some = all.filter(() => r() < 0.1);
      expect(await sql.walkOrder(some)).toEqual(some);
      expect(sql.held().bytes).toBeLessThanOrEqual(24_000);
    }
    expect(sql.held().entries).toBeGreaterThan(0);
  });
});
