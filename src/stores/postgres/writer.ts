// Writes one article (its row and every fact row) or removes one, inside the caller's
// transaction, bumps the corpus version and notifies every listening bot process.
// NOTIFY is delivered at COMMIT, so a reader never hears of a change it cannot see.
import type pg from 'pg';
import type { Article } from '../../core/types.js';
import { toRow } from './codec.js';
import type { ArticleFacts } from './facts.js';

export const CHANNEL = 'quotebot_corpus';

/** What a NOTIFY on CHANNEL carries (JSON; always far under PostgreSQL's 8,000-byte limit). */
export interface ChangeMessage {
  version: number;
  upserted: string[];
  removed: string[];
}

/**
 * Bump the corpus version, stamp the article rows, and notify: the transaction's last
 * statement, so the row lock that orders writers is held only until COMMIT and
 * several articles can be written at once on several connections.
 */
async function finish(client: pg.ClientBase, upserted: string[], removed: string[]): Promise<number> {
  const { rows } = await client.query<{ version: string }>(
    `WITH v AS (UPDATE corpus_state SET version = version + 1, updated_at = now() WHERE id = 1 RETURNING version),
          a AS (UPDATE articles SET version = (SELECT version FROM v) WHERE id = ANY($2::text[]) RETURNING 1)
     SELECT v.version, pg_notify($1, CASE WHEN length($3::text) + length($4::text) > 7000
              THEN json_build_object('version', v.version, 'upserted', '[]'::json, 'removed', '[]'::json, 'resync', true)::text
              ELSE json_build_object('version', v.version, 'upserted', $3::json, 'removed', $4::json)::text END)
       FROM v`,
    // Ids are file paths; a huge batch says only "something changed" and readers resync.
    [CHANNEL, upserted, JSON.stringify(upserted), JSON.stringify(removed)],
  );
  return Number(rows[0]!.version);
}

/** Insert or replace one article and its facts; returns the new corpus version. */
export async function writeArticle(client: pg.ClientBase, article: Article, facts: ArticleFacts): Promise<number> {
  const r = toRow(article);
  const before = await dropArticleRows(client, r.id);
  await client.query(
    `INSERT INTO articles (id, title, outlet, published, url, source, extra, content_hash, doc, version, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, now())`,
    [r.id, r.title, r.outlet, r.published, r.url, r.source, JSON.stringify(r.extra), r.content_hash, JSON.stringify(r.doc)],
  );
  const p = article.paragraphs;
  if (p.length) {
    await client.query(
      `INSERT INTO paragraphs (article_id, idx, start_at, end_at, text)
       SELECT $1, * FROM unnest($2::int[], $3::int[], $4::int[], $5::text[])`,
      [r.id, p.map((x) => x.index), p.map((x) => x.start), p.map((x) => x.end), p.map((x) => x.text)],
    );
  }
  // Sorted, so concurrent writers lock shared speaker rows in one order (no deadlock).
  const sp = [...facts.speakers].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (sp.length) {
    // A speaker is corpus-wide: the latest extraction's name and kind stand; aliases and roles accumulate.
    await client.query(
      `INSERT INTO speakers (id, name, kind, aliases, roles, names)
       SELECT x.id, x.name, x.kind, ARRAY(SELECT json_array_elements_text(x.aliases)), ARRAY(SELECT json_array_elements_text(x.roles)), x.names
         FROM unnest($1::text[], $2::text[], $3::text[], $4::json[], $5::json[], $6::text[]) AS x(id, name, kind, aliases, roles, names)
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind,
         aliases = ARRAY(SELECT DISTINCT unnest(speakers.aliases || EXCLUDED.aliases)),
         roles = ARRAY(SELECT DISTINCT unnest(speakers.roles || EXCLUDED.roles)),
         names = EXCLUDED.name || ' ' || array_to_string(ARRAY(SELECT DISTINCT unnest(speakers.aliases || EXCLUDED.aliases)), ' ')`,
      [
        sp.map((x) => x.id), sp.map((x) => x.name), sp.map((x) => x.kind), sp.map((x) => JSON.stringify(x.aliases)),
        sp.map((x) => JSON.stringify(x.roles)), sp.map((x) => [x.name, ...x.aliases].join(' ')),
      ],
    );
    await client.query('INSERT INTO article_speakers (article_id, speaker_id) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING', [r.id, sp.map((x) => x.id)]);
  }
  const q = facts.quotes;
  if (q.length) {
    await client.query(
      `INSERT INTO quotes (id, article_id, start_at, end_at, text, speaker_id, role, partial, via, paragraph_index, context_start, context_end, group_key)
       SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::text[], $6::text[], $7::text[], $8::bool[], $9::text[], $10::int[], $11::int[], $12::int[], $13::text[])`,
      [
        q.map((x) => x.id), q.map((x) => x.articleId), q.map((x) => x.start), q.map((x) => x.end), q.map((x) => x.text),
        q.map((x) => x.speakerId), q.map((x) => x.role), q.map((x) => x.partial), q.map((x) => x.via),
        q.map((x) => x.paragraphIndex), q.map((x) => x.context.start), q.map((x) => x.context.end), q.map((x) => x.groupKey),
      ],
    );
  }
  const rep = facts.reported;
  if (rep.length) {
    await client.query(
      `INSERT INTO reported (article_id, idx, speaker_id, start_at, end_at, text)
       SELECT $1, * FROM unnest($2::int[], $3::text[], $4::int[], $5::int[], $6::text[])`,
      [r.id, rep.map((_, i) => i), rep.map((x) => x.speakerId), rep.map((x) => x.start), rep.map((x) => x.end), rep.map((x) => x.text)],
    );
  }
  const ev = facts.events;
  if (ev.length) {
    await client.query(
      `INSERT INTO dated_events (id, article_id, value, granularity, mod, sort_key, start_at, end_at, text)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::int[], $9::text[])`,
      [
        ev.map((x) => x.id), ev.map((x) => x.articleId), ev.map((x) => x.value), ev.map((x) => x.granularity), ev.map((x) => x.mod),
        ev.map((x) => x.sortKey), ev.map((x) => x.start), ev.map((x) => x.end), ev.map((x) => x.text),
      ],
    );
  }
  await client.query('DELETE FROM problems WHERE file = $1', [r.id]);
  await dropOrphanSpeakers(client, before);
  return finish(client, [r.id], []);
}

/** Remove one article and its facts; returns the new corpus version, or null when it was not there. */
export async function deleteArticle(client: pg.ClientBase, id: string): Promise<number | null> {
  const exists = await client.query('SELECT 1 FROM articles WHERE id = $1', [id]);
  const hadProblem = await client.query('DELETE FROM problems WHERE file = $1', [id]);
  if (!exists.rowCount) {
    return hadProblem.rowCount ? finish(client, [], [id]) : null;
  }
  const before = await dropArticleRows(client, id);
  await dropOrphanSpeakers(client, before);
  return finish(client, [], [id]);
}

/** A file that could not be read: recorded (and its old article removed) so /sources says why it is missing. */
export async function recordProblem(client: pg.ClientBase, file: string, reason: string): Promise<number> {
  const before = await dropArticleRows(client, file);
  await client.query(
    'INSERT INTO problems (file, reason, seen_at) VALUES ($1, $2, now()) ON CONFLICT (file) DO UPDATE SET reason = EXCLUDED.reason, seen_at = now()',
    [file, reason],
  );
  await dropOrphanSpeakers(client, before);
  return finish(client, [], [file]);
}

/** Delete an article's row (its fact rows cascade); returns the speakers it mentioned. */
async function dropArticleRows(client: pg.ClientBase, id: string): Promise<string[]> {
  const { rows } = await client.query<{ speaker_id: string }>('DELETE FROM article_speakers WHERE article_id = $1 RETURNING speaker_id', [id]);
  await client.query('DELETE FROM articles WHERE id = $1', [id]);
  return rows.map((r) => r.speaker_id);
}

/** Of these speakers, forget those no article mentions any more (only these: never a scan of all speakers). */
async function dropOrphanSpeakers(client: pg.ClientBase, ids: readonly string[]): Promise<void> {
  if (!ids.length) return;
  await client.query(
    'DELETE FROM speakers s WHERE s.id = ANY($1::text[]) AND NOT EXISTS (SELECT 1 FROM article_speakers x WHERE x.speaker_id = s.id)',
    [ids],
  );
}
