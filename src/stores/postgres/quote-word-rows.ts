// Keeping /quote WORDS's rows current with each write (migration 10): the groups the
// written articles' quotes belong to, before and after, are recomputed from the quotes
// table in the writer's transaction. A group is indexed by its first-published
// report's text (quotes/search.ts), so a write can make a group, end one, or change
// its first report (an earlier-published article arrived or left); each such group's
// postings are rewritten, and the vocabulary (groups per term, where the corpus first
// has the term) and BM25's statistics (groups, summed field lengths) move with them.
import type pg from 'pg';
import { quoteText } from '../../core/quotes/texts.js';

/** What a write changed in the quote-word statistics: finish() stamps the terms and adds the sums. */
export interface QuoteWordChange {
  /** Terms whose vocabulary row changed, code-unit order. */
  terms: string[];
  groups: number;
  tokens: number;
}

export const NO_QUOTE_WORD_CHANGE: QuoteWordChange = { terms: [], groups: 0, tokens: 0 };

/** Advisory-lock class of quote groups (the two-key form: it never meets the one-key migration lock). */
const GROUP_LOCK = 10;

/** The group keys these articles' quotes have now (read before their rows are replaced). */
export async function quoteKeysOf(client: pg.ClientBase, ids: readonly string[]): Promise<string[]> {
  const { rows } = await client.query<{ group_key: string }>('SELECT DISTINCT group_key FROM quotes WHERE article_id = ANY($1::text[])', [ids]);
  return rows.map((r) => r.group_key);
}

/** The group's place in corpus order as SQL computes it for a quote row q of article a (see migration 10). */
const ORD_SQL = `(coalesce(to_char(a.published, 'YYYY-MM-DD'), '9999') || E'\\x01' || q.article_id || E'\\x01' || lpad(q.start_at::text, 10, '0')) COLLATE "C"`;

interface GroupState {
  key: string;
  id: string | null;
  text: string | null;
  ord: string | null;
  old_quote: string | null;
  old_ord: string | null;
  old_text: string | null;
  old_n: number | null;
  old_terms: string[] | null;
}

/** Terms, their frequencies and first places in one text, as MiniSearch's add indexes it. */
function postingsOf(text: string): { terms: string[]; tf: number[]; unique: number } {
  const t = quoteText(text);
  const tf = new Map<string, number>();
  for (const term of t.indexed) tf.set(term, (tf.get(term) ?? 0) + 1);
  return { terms: [...tf.keys()], tf: [...tf.values()], unique: t.unique };
}

/**
 * Recompute the groups of these keys (the written articles' old and new ones) after the
 * batch's quotes are in: call it after the inserts, before finish().
 */
export async function updateQuoteWords(client: pg.ClientBase, keys: Iterable<string>): Promise<QuoteWordChange> {
  const ks = [...new Set(keys)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (!ks.length) return NO_QUOTE_WORD_CHANGE;
  // Writers touching one group take turns (in one order: no deadlock); the next statement
  // starts after the lock, so it sees the quotes a writer before this one committed.
  await client.query(`SELECT count(pg_advisory_xact_lock($2, hashtext(k))) FROM (SELECT k FROM unnest($1::text[]) k ORDER BY k COLLATE "C") x`, [ks, GROUP_LOCK]);
  const { rows } = await client.query<GroupState>(
    `SELECT k AS key, f.id, f.text, f.ord, g.first_quote AS old_quote, g.ord AS old_ord, g.text AS old_text, g.n_tokens AS old_n, g.terms AS old_terms
       FROM unnest($1::text[]) k
       LEFT JOIN quote_word_groups g ON g.group_key = k
       LEFT JOIN LATERAL (SELECT q.id, q.text, ${ORD_SQL} AS ord
                            FROM quotes q JOIN articles a ON a.id = q.article_id
                           WHERE q.group_key = k ORDER BY 3 LIMIT 1) f ON true`,
    [ks],
  );
  const del = { term: [] as string[], ord: [] as string[] };
  const gone: string[] = [];
  const grp = { key: [] as string[], quote: [] as string[], ord: [] as string[], text: [] as string[], n: [] as number[], terms: [] as string[] };
  const pst = { term: [] as string[], ord: [] as string[], key: [] as string[], tf: [] as number[], n: [] as number[], pos: [] as number[] };
  const df = new Map<string, number>();
  const bump = (t: string, d: number) => df.set(t, (df.get(t) ?? 0) + d);
  let groups = 0;
  let tokens = 0;
  for (const r of rows) {
    const existed = r.old_quote !== null;
    if (existed && r.id === r.old_quote && r.ord === r.old_ord && r.text === r.old_text) continue;
    if (existed) {
      for (const t of r.old_terms!) {
        del.term.push(t);
        del.ord.push(r.old_ord!);
        bump(t, -1);
      }
      groups--;
      tokens -= r.old_n!;
    }
    if (r.id === null) {
      if (existed) gone.push(r.key);
      continue;
    }
    const p = postingsOf(r.text!);
    grp.key.push(r.key), grp.quote.push(r.id), grp.ord.push(r.ord!), grp.text.push(r.text!), grp.n.push(p.unique);
    // Terms are letters and digits: a space joins them (string_to_array splits them again).
    grp.terms.push(p.terms.join(' '));
    p.terms.forEach((t, i) => {
      pst.term.push(t), pst.ord.push(r.ord!), pst.key.push(r.key), pst.tf.push(p.tf[i]!), pst.n.push(p.unique), pst.pos.push(i);
      bump(t, 1);
    });
    groups++;
    tokens += p.unique;
  }
  if (del.term.length || gone.length) {
    await client.query(
      `WITH p AS (DELETE FROM quote_word_postings p USING unnest($1::text[], $2::text[]) x(t, o) WHERE p.term = x.t AND p.ord = x.o RETURNING 1),
            g AS (DELETE FROM quote_word_groups WHERE group_key = ANY($3::text[]) RETURNING 1)
       SELECT (SELECT count(*) FROM p) + (SELECT count(*) FROM g)`,
      [del.term, del.ord, gone],
    );
  }
  if (grp.key.length) {
    await client.query(
      `WITH g AS (
         INSERT INTO quote_word_groups (group_key, first_quote, ord, text, n_tokens, terms)
         SELECT x.k, x.q, x.o, x.t, x.n, CASE WHEN x.ts = '' THEN '{}' ELSE string_to_array(x.ts, ' ') END
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[]) AS x(k, q, o, t, n, ts)
         ON CONFLICT (group_key) DO UPDATE SET first_quote = EXCLUDED.first_quote, ord = EXCLUDED.ord, text = EXCLUDED.text,
           n_tokens = EXCLUDED.n_tokens, terms = EXCLUDED.terms
         RETURNING 1),
            p AS (
         INSERT INTO quote_word_postings (term, ord, group_key, tf, n_tokens, pos)
         SELECT * FROM unnest($7::text[], $8::text[], $9::text[], $10::int[], $11::int[], $12::int[]) RETURNING 1)
       SELECT (SELECT count(*) FROM g) + (SELECT count(*) FROM p)`,
      [grp.key, grp.quote, grp.ord, grp.text, grp.n, grp.terms, pst.term, pst.ord, pst.key, pst.tf, pst.n, pst.pos],
    );
  }
  // Every term of a rewritten group: its count may stand, but where the corpus first has it may not.
  const terms = [...df.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (terms.length) {
    await client.query(
      `INSERT INTO quote_word_vocab AS o (term, df, first_ord, first_pos)
       SELECT x.t, x.d, '', 0 FROM unnest($1::text[], $2::int[]) x(t, d)
       ON CONFLICT (term) DO UPDATE SET df = o.df + EXCLUDED.df`,
      [terms, terms.map((t) => df.get(t)!)],
    );
    // After the rows are locked (above): the first posting of each term as now committed.
    await client.query(
      `UPDATE quote_word_vocab v SET first_ord = f.ord, first_pos = f.pos
         FROM unnest($1::text[]) t(term)
         CROSS JOIN LATERAL (SELECT p.ord, p.pos FROM quote_word_postings p WHERE p.term = t.term ORDER BY p.ord LIMIT 1) f
        WHERE v.term = t.term`,
      [terms],
    );
  }
  return { terms, groups, tokens };
}
