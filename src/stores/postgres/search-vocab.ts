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
  /** What the written articles counted of each word before this write (taken out again in delta). */
  removed: number[];
  /** The form shown: the best form the written articles have now, and where (null and -1 where none has the word now). */
  display: Array<string | null>;
  lower: boolean[];
  displayArticle: string[];
  displayPos: number[];
  /** Where the written articles first write the word (-1 where none does now). */
  firstArticle: string[];
  firstPos: number[];
  stats: { docs: number; text: number; title: number; outlet: number };
}

const NO_ROWS: OldSearchRows = { words: new Map(), paragraphs: 0, text: 0, title: 0, outlet: 0 };

/** The words each article counted (they go with its row), with its paragraph count and field length sums. */
export async function searchRowsOf(client: pg.ClientBase, ids: readonly string[]): Promise<Map<string, OldSearchRows>> {
  const { rows } = await client.query<{ id: string; words: string[]; stems: string[]; freqs: number[]; n: string; t: string; ti: number | null; o: number | null }>(
    `WITH pa AS (SELECT article_id, count(*) AS n, coalesce(sum(n_terms), 0) AS t FROM paragraphs WHERE article_id = ANY($1::text[]) GROUP BY article_id)
     SELECT a.id, a.words, a.word_stems AS stems, a.word_freqs AS freqs, coalesce(pa.n, 0) AS n, coalesce(pa.t, 0) AS t, a.n_title AS ti, a.n_outlet AS o
       FROM articles a LEFT JOIN pa ON pa.article_id = a.id
      WHERE a.id = ANY($1::text[])`,
    [ids],
  );
  const out = new Map<string, OldSearchRows>();
  for (const r of rows) {
    const n = Number(r.n);
    out.set(r.id, {
      words: new Map(r.words.map((w, i) => [w, { stem: r.stems[i]!, freq: r.freqs[i]! }] as const)),
      paragraphs: n,
      text: Number(r.t),
      title: (r.ti ?? 0) * n,
      outlet: (r.o ?? 0) * n,
    });
  }
  return out;
}

/** Code-point order, PostgreSQL's COLLATE "C" on UTF-8 (search_vocab compares article ids so). */
export function compareC(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

interface WordAcc {
  stem: string;
  delta: number;
  removed: number;
  display: string | null;
  lower: boolean;
  displayArticle: string;
  displayPos: number;
  firstArticle: string;
  firstPos: number;
}

/**
 * Each written article's old contribution out and new one (now null: the article is
 * gone) in, summed over the articles. The form shown is the memory index's rule over
 * the written articles: the last (article, position) writing the word in lower case,
 * else the first writing it; applyVocab weighs it against the stored one.
 */
export function vocabChange(written: ReadonlyArray<{ id: string; old: OldSearchRows | undefined; now: SearchRows | null }>): VocabChange {
  const byWord = new Map<string, WordAcc>();
  const acc = (w: string, stem: string): WordAcc => {
    let e = byWord.get(w);
    if (!e) byWord.set(w, (e = { stem, delta: 0, removed: 0, display: null, lower: false, displayArticle: '', displayPos: -1, firstArticle: '', firstPos: -1 }));
    return e;
  };
  const stats = { docs: 0, text: 0, title: 0, outlet: 0 };
  for (const { id, old = NO_ROWS, now } of written) {
    for (const [w, o] of old.words) {
      const e = acc(w, o.stem);
      e.delta -= o.freq;
      e.removed += o.freq;
    }
    if (now) {
      now.words.forEach((w, i) => {
        const e = acc(w, now.wordStems[i]!);
        e.stem = now.wordStems[i]!;
        e.delta += now.wordFreq[i]!;
        const pos = now.wordPos[i]!;
        const lower = now.wordLower[i]!;
        const at = e.displayPos < 0 ? 0 : compareC(id, e.displayArticle) || pos - e.displayPos;
        if (e.displayPos < 0 || (lower && (!e.lower || at >= 0)) || (!lower && !e.lower && at < 0)) {
          e.display = now.wordDisplay[i]!;
          e.lower = lower;
          e.displayArticle = id;
          e.displayPos = pos;
        }
        if (e.firstPos < 0 || (compareC(id, e.firstArticle) || pos - e.firstPos) < 0) {
          e.firstArticle = id;
          e.firstPos = pos;
        }
      });
    }
    const paras = now ? now.paraLen.length : 0;
    stats.docs += paras - old.paragraphs;
    stats.text += (now ? now.paraLen.reduce((x, y) => x + y, 0) : 0) - old.text;
    stats.title += (now ? now.titleLen * paras : 0) - old.title;
    stats.outlet += (now ? now.outletLen * paras : 0) - old.outlet;
  }
  const ws = [...byWord.keys()].filter((w) => byWord.get(w)!.delta !== 0 || byWord.get(w)!.display !== null).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const col = <K extends keyof WordAcc>(k: K): Array<WordAcc[K]> => ws.map((w) => byWord.get(w)![k]);
  return {
    words: ws,
    stems: col('stem'),
    delta: col('delta'),
    removed: col('removed'),
    display: col('display'),
    lower: col('lower'),
    displayArticle: col('displayArticle'),
    displayPos: col('displayPos'),
    firstArticle: col('firstArticle'),
    firstPos: col('firstPos'),
    stats,
  };
}

/**
 * Add the change to search_vocab. The form shown is the memory index's: the form of
 * the last article (in corpus order) writing the word in lower case, else that of the
 * first article writing it. After a removal the form and first position may name an
 * article no longer there until the word is written again (they only order ties).
 */
export async function applyVocab(client: pg.ClientBase, c: VocabChange): Promise<void> {
  if (!c.words.length) return;
  // The stored form stands unless a written article's form is better, or no article
  // outside this write has the word any more (o.freq - removed <= 0: the stored form
  // names a written article's old text). removed rides in EXCLUDED.version, the one
  // column the proposed row does not otherwise need: finish() stamps the real version.
  await client.query(
    `INSERT INTO search_vocab AS o (word, stem, freq, display, lower, display_article, display_pos, first_article, first_pos, version)
     SELECT x.w, x.s, x.f, coalesce(x.d, ''), x.l, x.da, x.dp, x.fa, x.fp, x.r
       FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::bool[], $6::text[], $7::int[], $8::text[], $9::int[], $10::bigint[])
         AS x(w, s, f, d, l, da, dp, fa, fp, r)
     ON CONFLICT (word) DO UPDATE SET
       freq = o.freq + EXCLUDED.freq,
       stem = EXCLUDED.stem,
       version = o.version,
       (display, lower, display_article, display_pos) = (
         SELECT CASE WHEN t THEN EXCLUDED.display ELSE o.display END, CASE WHEN t THEN EXCLUDED.lower ELSE o.lower END,
                CASE WHEN t THEN EXCLUDED.display_article ELSE o.display_article END, CASE WHEN t THEN EXCLUDED.display_pos ELSE o.display_pos END
           FROM (SELECT EXCLUDED.display_pos >= 0 AND (o.freq - EXCLUDED.version <= 0
                   OR (EXCLUDED.lower AND (NOT o.lower OR ROW(EXCLUDED.display_article COLLATE "C", EXCLUDED.display_pos) >= ROW(o.display_article COLLATE "C", o.display_pos)))
                   OR (NOT EXCLUDED.lower AND NOT o.lower AND ROW(EXCLUDED.display_article COLLATE "C", EXCLUDED.display_pos) < ROW(o.display_article COLLATE "C", o.display_pos))) AS t) AS k),
       (first_article, first_pos) = (
         SELECT CASE WHEN t THEN EXCLUDED.first_article ELSE o.first_article END, CASE WHEN t THEN EXCLUDED.first_pos ELSE o.first_pos END
           FROM (SELECT EXCLUDED.first_pos >= 0 AND (o.freq - EXCLUDED.version <= 0
                   OR ROW(EXCLUDED.first_article COLLATE "C", EXCLUDED.first_pos) < ROW(o.first_article COLLATE "C", o.first_pos)) AS t) AS k)`,
    [c.words, c.stems, c.delta, c.display, c.lower, c.displayArticle, c.displayPos, c.firstArticle, c.firstPos, c.removed],
  );
}
