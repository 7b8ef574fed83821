// Keeping /verify's candidate rows current with each write (migration 12): the written
// articles' quote postings (each quote's distinct comparison keys, as the core's
// candidate index keys them: verify/candidates.ts), the quotes per key, and the words
// of the speakers their notes name. An article's old postings are deleted and its new
// ones inserted; the counts move by the difference, so rewriting an article whose quotes
// did not change touches no count (and takes no lock on a common key's row).
import type pg from 'pg';
import { tokenKeys } from '../../core/verify/tokens.js';
import { nameWords } from '../../core/verify/speaker.js';

/** What one written article gives: its quotes (ids ARTICLE#qN, in order) and its speaker notes. */
export interface VerifyArticle {
  articleId: string;
  quotes: ReadonlyArray<{ id: string; text: string }>;
  notes: ReadonlyArray<{ id: string; name: string; aliases: readonly string[] }>;
}

/** Key '' lists every quote: its count is the number of quotes (tokenKeys never gives ''). */
export const EVERY_QUOTE = '';

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** A quote's place in its article: the N of its id ARTICLE#qN (quotes/store.ts numbers them so). */
export function quoteNumber(id: string): number {
  return Number(id.slice(id.lastIndexOf('#q') + 2));
}

/**
 * Replace the verify rows of articles `ids` (written, replaced or removed) by those of
 * `articles` (the ones written now; none for a removal), in the writer's transaction.
 */
export async function updateVerifyRows(client: pg.ClientBase, ids: readonly string[], articles: readonly VerifyArticle[]): Promise<void> {
  const delta = new Map<string, number>();
  const { rows: old } = await client.query<{ key: string; n: number }>(
    'WITH d AS (DELETE FROM verify_postings WHERE article_id = ANY($1::text[]) RETURNING key) SELECT key, count(*)::int AS n FROM d GROUP BY key',
    [ids],
  );
  for (const r of old) delta.set(r.key, -r.n);
  const pst = { key: [] as string[], article: [] as string[], n: [] as number[] };
  const names = new Map<string, [string, string]>();
  for (const a of articles) {
    for (const q of a.quotes) {
      const n = quoteNumber(q.id);
      for (const k of [EVERY_QUOTE, ...new Set(tokenKeys(q.text))]) {
        pst.key.push(k), pst.article.push(a.articleId), pst.n.push(n);
        delta.set(k, (delta.get(k) ?? 0) + 1);
      }
    }
    for (const s of a.notes) for (const f of [s.name, ...s.aliases]) for (const k of nameWords(f)) names.set(`${k}\u0000${s.id}`, [k, s.id]);
  }
  // Sorted, so concurrent writers lock the count rows (and wait on each other's new name keys) in one order: no deadlock.
  const changed = [...delta].filter(([, d]) => d !== 0).sort((x, y) => byCodeUnit(x[0], y[0]));
  const nk = [...names].sort((x, y) => byCodeUnit(x[0], y[0])).map(([, v]) => v);
  if (!pst.key.length && !changed.length && !nk.length) return;
  await client.query(
    `WITH p AS (
       INSERT INTO verify_postings (key, article_id, n) SELECT * FROM unnest($1::text[], $2::text[], $3::int[]) RETURNING 1),
     v AS (
       INSERT INTO verify_vocab AS o (key, df)
       SELECT x.k, x.d FROM unnest($4::text[], $5::int[]) WITH ORDINALITY AS x(k, d, i) ORDER BY x.i
       ON CONFLICT (key) DO UPDATE SET df = o.df + EXCLUDED.df RETURNING 1),
     k AS (
       INSERT INTO verify_name_keys (key, speaker_id)
       SELECT x.k, x.s FROM unnest($6::text[], $7::text[]) WITH ORDINALITY AS x(k, s, i) ORDER BY x.i
       ON CONFLICT DO NOTHING RETURNING 1)
     SELECT (SELECT count(*) FROM p) + (SELECT count(*) FROM v) + (SELECT count(*) FROM k) AS rows`,
    [pst.key, pst.article, pst.n, changed.map((x) => x[0]), changed.map((x) => x[1]), nk.map((x) => x[0]), nk.map((x) => x[1])],
  );
}
