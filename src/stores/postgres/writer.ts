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

async function bumpVersion(client: pg.ClientBase): Promise<number> {
  // The row lock also orders concurrent writers: versions are applied in commit order.
  const { rows } = await client.query<{ version: string }>('UPDATE corpus_state SET version = version + 1, updated_at = now() WHERE id = 1 RETURNING version');
  return Number(rows[0]!.version);
}

async function notify(client: pg.ClientBase, msg: ChangeMessage): Promise<void> {
  let payload = JSON.stringify(msg);
  // Ids are file paths; a huge batch says only "something changed" and readers resync.
  if (payload.length > 7000) payload = JSON.stringify({ version: msg.version, upserted: [], removed: [], resync: true });
  await client.query('SELECT pg_notify($1, $2)', [CHANNEL, payload]);
}

/** Insert or replace one article and its facts; returns the new corpus version. */
export async function writeArticle(client: pg.ClientBase, article: Article, facts: ArticleFacts): Promise<number> {
  const version = await bumpVersion(client);
  const r = toRow(article);
  const before = await dropArticleRows(client, r.id);
  await client.query(
    `INSERT INTO articles (id, title, outlet, published, url, source, extra, content_hash, doc, version, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now())`,
    [r.id, r.title, r.outlet, r.published, r.url, r.source, JSON.stringify(r.extra), r.content_hash, JSON.stringify(r.doc), version],
  );
  const p = article.paragraphs;
  if (p.length) {
    await client.query(
      `INSERT INTO paragraphs (article_id, idx, start_at, end_at, text)
       SELECT $1, * FROM unnest($2::int[], $3::int[], $4::int[], $5::text[])`,
      [r.id, p.map((x) => x.index), p.map((x) => x.start), p.map((x) => x.end), p.map((x) => x.text)],
    );
  }
  for (const s of facts.speakers) {
    // A speaker is corpus-wide: the latest extraction's name, kind, aliases and roles stand.
    await client.query(
      `INSERT INTO speakers (id, name, kind, aliases, roles, names) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind,
         aliases = ARRAY(SELECT DISTINCT unnest(speakers.aliases || EXCLUDED.aliases)),
         roles = ARRAY(SELECT DISTINCT unnest(speakers.roles || EXCLUDED.roles)),
         names = EXCLUDED.name || ' ' || array_to_string(ARRAY(SELECT DISTINCT unnest(speakers.aliases || EXCLUDED.aliases)), ' ')`,
      [s.id, s.name, s.kind, s.aliases, s.roles, [s.name, ...s.aliases].join(' ')],
    );
    await client.query('INSERT INTO article_speakers (article_id, speaker_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [r.id, s.id]);
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
  await notify(client, { version, upserted: [r.id], removed: [] });
  return version;
}

/** Remove one article and its facts; returns the new corpus version, or null when it was not there. */
export async function deleteArticle(client: pg.ClientBase, id: string): Promise<number | null> {
  const exists = await client.query('SELECT 1 FROM articles WHERE id = $1', [id]);
  const hadProblem = await client.query('DELETE FROM problems WHERE file = $1', [id]);
  if (!exists.rowCount) {
    return hadProblem.rowCount ? bumpVersion(client) : null;
  }
  const before = await dropArticleRows(client, id);
  const version = await bumpVersion(client);
  await dropOrphanSpeakers(client, before);
  await notify(client, { version, upserted: [], removed: [id] });
  return version;
}

/** A file that could not be read: recorded (and its old article removed) so /sources says why it is missing. */
export async function recordProblem(client: pg.ClientBase, file: string, reason: string): Promise<number> {
  const before = await dropArticleRows(client, file);
  await client.query(
    'INSERT INTO problems (file, reason, seen_at) VALUES ($1, $2, now()) ON CONFLICT (file) DO UPDATE SET reason = EXCLUDED.reason, seen_at = now()',
    [file, reason],
  );
  const version = await bumpVersion(client);
  await dropOrphanSpeakers(client, before);
  await notify(client, { version, upserted: [], removed: [file] });
  return version;
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
