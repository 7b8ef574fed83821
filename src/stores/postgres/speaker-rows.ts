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

/** Insert the article's speaker notes (in its note order), their keys, and who each quote and reported statement is attributed to. */
export async function writeSpeakerRows(client: pg.ClientBase, articleId: string, facts: Pick<ArticleFacts, 'notes' | 'attributed'>): Promise<void> {
  const speakers = facts.notes;
  if (!speakers.length) return;
  // Quote ids are the article's id and the quote's place (quotes/store.ts numbers them so).
  const qIds: string[] = [];
  const qSpeakers: string[] = [];
  facts.attributed.quotes.forEach((sp, i) => {
    if (sp) qIds.push(`${articleId}#q${i}`), qSpeakers.push(sp);
  });
  const rep = facts.attributed.reported;
  // Sorted, so concurrent writers adding the same new keys take them in one order.
  const keys = new Map<string, [string, boolean, string]>();
  for (const s of speakers) {
    for (const k of speakerKeys(s)) keys.set(`${s.id}\u0000f\u0000${k}`, [s.id, false, k]);
    for (const k of s.roles.map(norm)) if (k) keys.set(`${s.id}\u0000r\u0000${k}`, [s.id, true, k]);
  }
  const sorted = [...keys].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0)).map(([, v]) => v);
  const kSpeaker = sorted.map((x) => x[0]);
  const kRole = sorted.map((x) => x[1]);
  const kKey = sorted.map((x) => x[2]);
  await client.query(
    `WITH n AS (
       INSERT INTO speaker_notes (article_id, speaker_id, ord, name, kind, aliases, roles, surname, quotes)
       SELECT $1, x.id, x.ord, x.name, x.kind, ARRAY(SELECT json_array_elements_text(x.aliases)), ARRAY(SELECT json_array_elements_text(x.roles)), x.surname, x.quotes
         FROM unnest($2::text[], $3::int[], $4::text[], $5::text[], $6::json[], $7::json[], $8::text[], $12::int[]) AS x(id, ord, name, kind, aliases, roles, surname, quotes)
       RETURNING 1),
     k AS (
       INSERT INTO speaker_keys (speaker_id, role, key)
       SELECT x.s, x.r, x.k FROM unnest($9::text[], $10::text[], $11::bool[]) WITH ORDINALITY AS x(s, k, r, o) ORDER BY x.o
       ON CONFLICT DO NOTHING RETURNING 1),
     qs AS (
       INSERT INTO quote_speakers (quote_id, article_id, speaker_id) SELECT x.q, $1, x.s FROM unnest($13::text[], $14::text[]) AS x(q, s) RETURNING 1),
     rs AS (
       INSERT INTO reported_speakers (article_id, idx, speaker_id) SELECT $1, x.i, x.s FROM unnest($15::int[], $16::text[]) AS x(i, s) RETURNING 1)
     SELECT (SELECT count(*) FROM n) + (SELECT count(*) FROM k) + (SELECT count(*) FROM qs) + (SELECT count(*) FROM rs) AS rows`,
    [
      articleId,
      speakers.map((s) => s.id),
      speakers.map((_, i) => i),
      speakers.map((s) => s.name),
      speakers.map((s) => s.kind),
      speakers.map((s) => JSON.stringify(s.aliases)),
      speakers.map((s) => JSON.stringify(s.roles)),
      speakers.map((s) => surnameOf(s.name)),
      kSpeaker,
      kKey,
      kRole,
      speakers.map((s) => s.quotes),
      qIds,
      qSpeakers,
      rep.map((_, i) => i),
      rep,
    ],
  );
}
