// One article's speakers as rows (speaker_notes, speaker_keys), written inside the
// article's transaction; its old rows cascade with the article row. Nothing here
// touches other articles' rows: the corpus-wide speaker is folded from the notes when read
// (speakers.ts); the look-up keys are only ever added.
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
