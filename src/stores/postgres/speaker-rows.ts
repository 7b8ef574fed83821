// One article's speakers as rows (speaker_notes, speaker_keys), written inside the
// article's transaction; its old rows cascade with the article row. The corpus-wide
// speaker (speaker_summaries: the notes folded in corpus order) is recomputed in the same
// transaction for the speakers the write touched, from their notes only; the surname
// merges are left to the reader (speakers.ts), since they depend on other speakers. The
// look-up keys are only ever added.
import type pg from 'pg';
import { norm, speakerKeys } from '../../core/quotes/speakers.js';
import type { ArticleFacts } from './facts.js';

/** The surname a lone surname of the corpus merges into this name by (quotes/store.ts mergeBySurname). */
export function surnameOf(name: string): string | null {
  const words = name.split(' ');
  return words.length >= 2 ? words[words.length - 1]!.toLowerCase() : null;
}

/** Insert the articles' speaker notes (each in its note order), their keys, and who each quote and reported statement is attributed to: one statement for a whole batch. */
export async function writeSpeakerRows(client: pg.ClientBase, articles: ReadonlyArray<{ articleId: string; facts: Pick<ArticleFacts, 'notes' | 'attributed'> }>): Promise<void> {
  const n = { article: [] as string[], id: [] as string[], ord: [] as number[], name: [] as string[], kind: [] as string[], aliases: [] as string[], roles: [] as string[], surname: [] as Array<string | null>, quotes: [] as number[] };
  const q = { id: [] as string[], article: [] as string[], speaker: [] as string[] };
  const r = { article: [] as string[], idx: [] as number[], speaker: [] as string[] };
  const keys = new Map<string, [string, boolean, string]>();
  for (const { articleId, facts } of articles) {
    facts.notes.forEach((s, i) => {
      n.article.push(articleId), n.id.push(s.id), n.ord.push(i), n.name.push(s.name), n.kind.push(s.kind);
      n.aliases.push(JSON.stringify(s.aliases)), n.roles.push(JSON.stringify(s.roles)), n.surname.push(surnameOf(s.name)), n.quotes.push(s.quotes);
      for (const k of speakerKeys(s)) keys.set(`${s.id}\u0000f\u0000${k}`, [s.id, false, k]);
      for (const k of s.roles.map(norm)) if (k) keys.set(`${s.id}\u0000r\u0000${k}`, [s.id, true, k]);
    });
    // Quote ids are the article's id and the quote's place (quotes/store.ts numbers them so).
    facts.attributed.quotes.forEach((sp, i) => {
      if (sp) q.id.push(`${articleId}#q${i}`), q.article.push(articleId), q.speaker.push(sp);
    });
    facts.attributed.reported.forEach((sp, i) => {
      r.article.push(articleId), r.idx.push(i), r.speaker.push(sp);
    });
  }
  if (!n.id.length && !q.id.length && !r.idx.length) return;
  // Sorted, so concurrent writers adding the same new keys take them in one order.
  const sorted = [...keys].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0)).map(([, v]) => v);
  await client.query(
    `WITH n AS (
       INSERT INTO speaker_notes (article_id, speaker_id, ord, name, kind, aliases, roles, surname, quotes)
       SELECT x.a, x.id, x.ord, x.name, x.kind, ARRAY(SELECT json_array_elements_text(x.aliases)), ARRAY(SELECT json_array_elements_text(x.roles)), x.surname, x.quotes
         FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[], $6::json[], $7::json[], $8::text[], $9::int[]) AS x(a, id, ord, name, kind, aliases, roles, surname, quotes)
       RETURNING 1),
     k AS (
       INSERT INTO speaker_keys (speaker_id, role, key)
       SELECT x.s, x.r, x.k FROM unnest($10::text[], $11::text[], $12::bool[]) WITH ORDINALITY AS x(s, k, r, o) ORDER BY x.o
       ON CONFLICT DO NOTHING RETURNING 1),
     qs AS (
       INSERT INTO quote_speakers (quote_id, article_id, speaker_id) SELECT * FROM unnest($13::text[], $14::text[], $15::text[]) RETURNING 1),
     rs AS (
       INSERT INTO reported_speakers (article_id, idx, speaker_id) SELECT * FROM unnest($16::text[], $17::int[], $18::text[]) RETURNING 1)
     SELECT (SELECT count(*) FROM n) + (SELECT count(*) FROM k) + (SELECT count(*) FROM qs) + (SELECT count(*) FROM rs) AS rows`,
    [
      n.article, n.id, n.ord, n.name, n.kind, n.aliases, n.roles, n.surname, n.quotes,
      sorted.map((x) => x[0]), sorted.map((x) => x[2]), sorted.map((x) => x[1]),
      q.id, q.article, q.speaker,
      r.article, r.idx, r.speaker,
    ],
  );
}

/**
 * Recompute the summaries of these speakers from their notes as the transaction sees
 * them. Their rows are locked first, in one order (by id: concurrent writers never
 * deadlock), and folded by the next statement, whose snapshot includes every write that
 * held a lock before: two writers noting the same speaker cannot each fold without the
 * other's notes. A speaker no note names any more loses its row.
 */
export async function refreshSpeakers(client: pg.ClientBase, ids: Iterable<string>): Promise<void> {
  const sorted = [...new Set(ids)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (!sorted.length) return;
  // New speakers get a placeholder row (only this transaction sees it before the fold fills it in).
  await client.query(
    `INSERT INTO speaker_summaries (speaker_id, name, kind, first_article, first_ord, articles, quotes, aliases, roles)
     SELECT x.id, '', 'person', '', 0, 0, 0, '{}', '{}' FROM unnest($1::text[]) WITH ORDINALITY AS x(id, o) ORDER BY x.o
     ON CONFLICT (speaker_id) DO NOTHING`,
    [sorted],
  );
  await client.query('SELECT 1 FROM speaker_summaries WHERE speaker_id = ANY($1::text[]) ORDER BY speaker_id COLLATE "C" FOR UPDATE', [sorted]);
  await client.query(
    `WITH f AS (SELECT * FROM speaker_fold($1::text[])),
          u AS (UPDATE speaker_summaries s
                   SET name = f.name, kind = f.kind, first_article = f.first_article, first_ord = f.first_ord, articles = f.articles,
                       quotes = f.quotes, aliases = f.aliases, roles = f.roles, surname = f.surname
                  FROM f WHERE s.speaker_id = f.speaker_id
                   -- A much-noted speaker's fold rarely changes: an unchanged row is not rewritten.
                   AND (s.name, s.kind, s.first_article, s.first_ord, s.articles, s.quotes, s.aliases, s.roles, s.surname)
                       IS DISTINCT FROM (f.name, f.kind, f.first_article, f.first_ord, f.articles, f.quotes, f.aliases, f.roles, f.surname)
                RETURNING 1),
          d AS (DELETE FROM speaker_summaries s WHERE s.speaker_id = ANY($1::text[])
                   AND NOT EXISTS (SELECT 1 FROM f WHERE f.speaker_id = s.speaker_id) RETURNING 1)
     SELECT (SELECT count(*) FROM u) + (SELECT count(*) FROM d) AS rows`,
    [sorted],
  );
}
