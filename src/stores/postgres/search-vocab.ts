// Keeping the corpus-wide search vocabulary (search_vocab) and BM25's statistics
// (corpus_state.search_*) current with each write: what the article contributed
// before is taken out, what it contributes now is added, in the writer's
// transaction, so a reader only ever fetches the rows that changed.
import type pg from 'pg';
import type { SearchRows } from './search-rows.js';

/** What one article contributed to the search statistics before this write. */
export interface OldSearchRows {
  words: Map<string, { stem: string; freq: number }>;
  paragraphs: number;
  text: number;
  title: number;
  outlet: number;
}

export interface VocabChange {
  /** Words whose count changed, in code-unit order (concurrent writers lock them in one order). */
  words: string[];
  stems: string[];
  delta: number[];
  /** The article's form of each word and where it first writes it; null where it no longer has the word. */
  display: Array<string | null>;
  lower: boolean[];
  pos: number[];
  stats: { docs: number; text: number; title: number; outlet: number };
}

/** Remove the article's word rows, returning them, with its paragraph count and field length sums. */
export async function takeSearchRows(client: pg.ClientBase, id: string): Promise<OldSearchRows> {
  const { rows } = await client.query<{ words: Array<[string, string, number]> | null; n: string; t: string; ti: number | null; o: number | null }>(
    `WITH w AS (DELETE FROM search_words WHERE article_id = $1 RETURNING word, stem, freq)
     SELECT (SELECT json_agg(json_build_array(word, stem, freq)) FROM w) AS words,
            (SELECT count(*) FROM paragraphs WHERE article_id = $1) AS n,
            (SELECT coalesce(sum(n_terms), 0) FROM paragraphs WHERE article_id = $1) AS t,
            (SELECT n_title FROM articles WHERE id = $1) AS ti,
            (SELECT n_outlet FROM articles WHERE id = $1) AS o`,
    [id],
  );
  const r = rows[0]!;
  const n = Number(r.n);
  return {
    words: new Map((r.words ?? []).map(([w, stem, freq]) => [w, { stem, freq }] as const)),
    paragraphs: n,
    text: Number(r.t),
    title: (r.ti ?? 0) * n,
    outlet: (r.o ?? 0) * n,
  };
}

/** Old contribution out, new one (null: the article is gone) in. */
export function vocabChange(old: OldSearchRows, now: SearchRows | null): VocabChange {
  const byWord = new Map<string, { stem: string; delta: number; display: string | null; lower: boolean; pos: number }>();
  for (const [w, o] of old.words) byWord.set(w, { stem: o.stem, delta: -o.freq, display: null, lower: false, pos: -1 });
  if (now) {
    now.words.forEach((w, i) => {
      const e = byWord.get(w) ?? { stem: now.wordStems[i]!, delta: 0, display: null, lower: false, pos: -1 };
      e.delta += now.wordFreq[i]!;
      e.display = now.wordDisplay[i]!;
      e.lower = now.wordLower[i]!;
      e.pos = now.wordPos[i]!;
      byWord.set(w, e);
    });
  }
  const ws = [...byWord.keys()].filter((w) => byWord.get(w)!.delta !== 0 || byWord.get(w)!.display !== null).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const paras = now ? now.paraLen.length : 0;
  const text = now ? now.paraLen.reduce((x, y) => x + y, 0) : 0;
  return {
    words: ws,
    stems: ws.map((w) => byWord.get(w)!.stem),
    delta: ws.map((w) => byWord.get(w)!.delta),
    display: ws.map((w) => byWord.get(w)!.display),
    lower: ws.map((w) => byWord.get(w)!.lower),
    pos: ws.map((w) => byWord.get(w)!.pos),
    stats: {
      docs: paras - old.paragraphs,
      text: text - old.text,
      title: (now ? now.titleLen * paras : 0) - old.title,
      outlet: (now ? now.outletLen * paras : 0) - old.outlet,
    },
  };
}

/**
 * Add the change to search_vocab. The form shown is the memory index's: the form of
 * the last article (in corpus order) writing the word in lower case, else that of the
 * first article writing it. After a removal the form and first position may name an
 * article no longer there until the word is written again (they only order ties).
 */
export async function applyVocab(client: pg.ClientBase, id: string, c: VocabChange): Promise<void> {
  if (!c.words.length) return;
  await client.query(
    `INSERT INTO search_vocab AS o (word, stem, freq, display, lower, display_article, display_pos, first_article, first_pos)
     SELECT x.w, x.s, x.f, coalesce(x.d, ''), x.l, $1, x.p, $1, x.p
       FROM unnest($2::text[], $3::text[], $4::int[], $5::text[], $6::bool[], $7::int[]) AS x(w, s, f, d, l, p)
     ON CONFLICT (word) DO UPDATE SET
       freq = o.freq + EXCLUDED.freq,
       stem = EXCLUDED.stem,
       (display, lower, display_article, display_pos) = (
         SELECT CASE WHEN t THEN EXCLUDED.display ELSE o.display END, CASE WHEN t THEN EXCLUDED.lower ELSE o.lower END,
                CASE WHEN t THEN EXCLUDED.display_article ELSE o.display_article END, CASE WHEN t THEN EXCLUDED.display_pos ELSE o.display_pos END
           FROM (SELECT EXCLUDED.display_pos >= 0 AND (o.freq <= 0
                   OR (EXCLUDED.lower AND (NOT o.lower OR ROW(EXCLUDED.display_article COLLATE "C", EXCLUDED.display_pos) >= ROW(o.display_article COLLATE "C", o.display_pos)))
                   OR (NOT EXCLUDED.lower AND NOT o.lower AND ROW(EXCLUDED.display_article COLLATE "C", EXCLUDED.display_pos) < ROW(o.display_article COLLATE "C", o.display_pos))) AS t) AS k),
       (first_article, first_pos) = (
         SELECT CASE WHEN t THEN EXCLUDED.first_article ELSE o.first_article END, CASE WHEN t THEN EXCLUDED.first_pos ELSE o.first_pos END
           FROM (SELECT EXCLUDED.first_pos >= 0 AND (o.freq <= 0
                   OR ROW(EXCLUDED.first_article COLLATE "C", EXCLUDED.first_pos) < ROW(o.first_article COLLATE "C", o.first_pos)) AS t) AS k)`,
    [id, c.words, c.stems, c.delta, c.display, c.lower, c.pos],
  );
}
