// Writes one article (its row and every fact row) or removes one, inside the caller's
// transaction, bumps the corpus version and notifies every listening bot process.
// NOTIFY is delivered at COMMIT, so a reader never hears of a change it cannot see.
// An article is three statements (drop the old rows, insert the new ones, finish),
// since round trips, not the server's work, are most of a write's time.
import type pg from 'pg';
import type { Article } from '../../core/types.js';
import { toRow } from './codec.js';
import type { ArticleFacts } from './facts.js';
import { searchRows, type SearchRows } from './search-rows.js';
import { applyVocab, takeSearchRows, vocabChange, type VocabChange } from './search-vocab.js';
import { writeSpeakerRows } from './speaker-rows.js';

export const CHANNEL = 'quotebot_corpus';

/** What a NOTIFY on CHANNEL carries (JSON; always far under PostgreSQL's 8,000-byte limit). */
export interface ChangeMessage {
  version: number;
  upserted: string[];
  removed: string[];
  /** Set instead of the lists when they would not fit: readers compare everything. */
  resync?: boolean;
}

/**
 * Forget speakers the old rows mentioned that no article mentions now, bump the corpus
 * version, stamp the article rows, and notify: the transaction's last statement, so
 * the row lock that orders writers is held only until COMMIT and several articles can
 * be written at once on several connections.
 */
async function finish(client: pg.ClientBase, upserted: string[], removed: string[], oldSpeakers: readonly string[], search: VocabChange): Promise<number> {
  const st = search.stats;
  const { rows } = await client.query<{ version: string }>(
    `WITH o AS (DELETE FROM speakers s WHERE s.id = ANY($5::text[])
                  AND NOT EXISTS (SELECT 1 FROM article_speakers x WHERE x.speaker_id = s.id) RETURNING 1),
          v AS (UPDATE corpus_state SET version = version + 1, updated_at = now(),
                  search_docs = search_docs + $7, search_text = search_text + $8, search_title = search_title + $9, search_outlet = search_outlet + $10
                 WHERE id = 1 RETURNING version),
          a AS (UPDATE articles SET version = (SELECT version FROM v) WHERE id = ANY($2::text[]) RETURNING 1),
          w AS (UPDATE search_vocab SET version = (SELECT version FROM v) WHERE word = ANY($6::text[]) RETURNING 1)
     SELECT v.version, pg_notify($1, CASE WHEN length($3::text) + length($4::text) > 7000
              THEN json_build_object('version', v.version, 'upserted', '[]'::json, 'removed', '[]'::json, 'resync', true)::text
              ELSE json_build_object('version', v.version, 'upserted', $3::json, 'removed', $4::json)::text END)
       FROM v`,
    // Ids are file paths; a huge batch says only "something changed" and readers resync.
    [CHANNEL, upserted, JSON.stringify(upserted), JSON.stringify(removed), oldSpeakers, search.words, st.docs, st.text, st.title, st.outlet],
  );
  return Number(rows[0]!.version);
}

/** Delete an article's row and the problem recorded for its file (its fact rows cascade); returns the speakers it mentioned. */
async function dropArticleRows(client: pg.ClientBase, id: string): Promise<{ speakers: string[]; existed: boolean; hadProblem: boolean }> {
  const { rows } = await client.query<{ speakers: string[] | null; existed: boolean; had_problem: boolean }>(
    `WITH s AS (DELETE FROM article_speakers WHERE article_id = $1 RETURNING speaker_id),
          a AS (DELETE FROM articles WHERE id = $1 RETURNING 1),
          p AS (DELETE FROM problems WHERE file = $1 RETURNING 1)
     SELECT (SELECT array_agg(speaker_id) FROM s) AS speakers, EXISTS (SELECT 1 FROM a) AS existed, EXISTS (SELECT 1 FROM p) AS had_problem`,
    [id],
  );
  const r = rows[0]!;
  return { speakers: r.speakers ?? [], existed: r.existed, hadProblem: r.had_problem };
}

const ids = <T>(xs: readonly T[], f: (x: T, i: number) => unknown) => xs.map(f);

/** Insert or replace one article and its facts; returns the new corpus version. */
export async function writeArticle(client: pg.ClientBase, article: Article, facts: ArticleFacts): Promise<number> {
  const r = toRow(article);
  const old = await takeSearchRows(client, r.id);
  const before = await dropArticleRows(client, r.id);
  const p = article.paragraphs;
  // Sorted, so concurrent writers lock shared speaker rows in one order (no deadlock).
  const sp = [...facts.speakers].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const q = facts.quotes;
  const rep = facts.reported;
  const ev = facts.events;
  // One statement: data-modifying CTEs all run, and foreign keys are checked at its end,
  // when the article row and the speakers exist.
  await client.query(
    `WITH art AS (
       INSERT INTO articles (id, title, outlet, published, url, source, extra, content_hash, doc, version, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, now()) RETURNING id),
     par AS (
       INSERT INTO paragraphs (article_id, idx, start_at, end_at, text)
       SELECT $1, * FROM unnest($10::int[], $11::int[], $12::int[], $13::text[]) RETURNING 1),
     spk AS (
       INSERT INTO speakers (id, name, kind, aliases, roles, names)
       SELECT x.id, x.name, x.kind, ARRAY(SELECT json_array_elements_text(x.aliases)), ARRAY(SELECT json_array_elements_text(x.roles)), x.names
         FROM unnest($14::text[], $15::text[], $16::text[], $17::json[], $18::json[], $19::text[]) AS x(id, name, kind, aliases, roles, names)
       -- A speaker is corpus-wide: the latest extraction's name and kind stand; aliases and roles accumulate.
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind,
         aliases = ARRAY(SELECT DISTINCT unnest(speakers.aliases || EXCLUDED.aliases)),
         roles = ARRAY(SELECT DISTINCT unnest(speakers.roles || EXCLUDED.roles)),
         names = EXCLUDED.name || ' ' || array_to_string(ARRAY(SELECT DISTINCT unnest(speakers.aliases || EXCLUDED.aliases)), ' ')
       -- Most articles add nothing new about a speaker: rewriting the row (and its trigram entries) would be waste.
       WHERE NOT (speakers.name = EXCLUDED.name AND speakers.kind = EXCLUDED.kind
                  AND speakers.aliases @> EXCLUDED.aliases AND speakers.roles @> EXCLUDED.roles)
       RETURNING 1),
     asp AS (
       INSERT INTO article_speakers (article_id, speaker_id) SELECT $1, unnest($14::text[]) RETURNING 1),
     quo AS (
       INSERT INTO quotes (id, article_id, start_at, end_at, text, speaker_id, role, partial, via, paragraph_index, context_start, context_end, group_key)
       SELECT x.id, $1, x.s, x.e, x.t, x.sp, x.ro, x.pa, x.via, x.pi, x.cs, x.ce, x.gk
         FROM unnest($20::text[], $21::int[], $22::int[], $23::text[], $24::text[], $25::text[], $26::bool[], $27::text[], $28::int[], $29::int[], $30::int[], $31::text[])
           AS x(id, s, e, t, sp, ro, pa, via, pi, cs, ce, gk)
       RETURNING 1),
     rep AS (
       INSERT INTO reported (article_id, idx, speaker_id, start_at, end_at, text)
       SELECT $1, * FROM unnest($32::int[], $33::text[], $34::int[], $35::int[], $36::text[]) RETURNING 1),
     evt AS (
       INSERT INTO dated_events (id, article_id, value, granularity, mod, sort_key, start_at, end_at, text)
       SELECT x.id, $1, x.v, x.g, x.m, x.k, x.s, x.e, x.t
         FROM unnest($37::text[], $38::text[], $39::text[], $40::text[], $41::text[], $42::int[], $43::int[], $44::text[]) AS x(id, v, g, m, k, s, e, t)
       RETURNING 1)
     SELECT (SELECT count(*) FROM art) + (SELECT count(*) FROM par) + (SELECT count(*) FROM spk) + (SELECT count(*) FROM asp)
          + (SELECT count(*) FROM quo) + (SELECT count(*) FROM rep) + (SELECT count(*) FROM evt) AS rows`,
    [
      r.id, r.title, r.outlet, r.published, r.url, r.source, JSON.stringify(r.extra), r.content_hash, JSON.stringify(r.doc),
      ids(p, (x) => x.index), ids(p, (x) => x.start), ids(p, (x) => x.end), ids(p, (x) => x.text),
      ids(sp, (x) => x.id), ids(sp, (x) => x.name), ids(sp, (x) => x.kind), ids(sp, (x) => JSON.stringify(x.aliases)),
      ids(sp, (x) => JSON.stringify(x.roles)), ids(sp, (x) => [x.name, ...x.aliases].join(' ')),
      ids(q, (x) => x.id), ids(q, (x) => x.start), ids(q, (x) => x.end), ids(q, (x) => x.text), ids(q, (x) => x.speakerId), ids(q, (x) => x.role),
      ids(q, (x) => x.partial), ids(q, (x) => x.via), ids(q, (x) => x.paragraphIndex), ids(q, (x) => x.context.start), ids(q, (x) => x.context.end),
      ids(q, (x) => x.groupKey),
      ids(rep, (_, i) => i), ids(rep, (x) => x.speakerId), ids(rep, (x) => x.start), ids(rep, (x) => x.end), ids(rep, (x) => x.text),
      ids(ev, (x) => x.id), ids(ev, (x) => x.value), ids(ev, (x) => x.granularity), ids(ev, (x) => x.mod), ids(ev, (x) => x.sortKey),
      ids(ev, (x) => x.start), ids(ev, (x) => x.end), ids(ev, (x) => x.text),
    ],
  );
  const rows = await writeSearchRows(client, article, facts.quotesSkipped ?? null);
  await writeSpeakerRows(client, r.id, facts);
  const change = vocabChange(old, rows);
  await applyVocab(client, r.id, change);
  return finish(client, [r.id], [], before.speakers, change);
}

/** The article's search terms and words, and the field lengths of its paragraphs, title and outlet. */
async function writeSearchRows(client: pg.ClientBase, article: Article, quotesSkipped: string | null): Promise<SearchRows> {
  const s = searchRows(article);
  await client.query(
    `WITH pst AS (
       INSERT INTO search_postings (stem, article_id, idx, tf) SELECT x.s, $1, x.i, x.t FROM unnest($2::text[], $3::int[], $4::int[]) AS x(s, i, t) RETURNING 1),
     wrd AS (
       INSERT INTO search_words (article_id, word, stem, freq, pos, display, lower)
       SELECT $1, * FROM unnest($5::text[], $6::text[], $7::int[], $8::int[], $9::text[], $10::bool[]) RETURNING 1),
     par AS (
       UPDATE paragraphs p SET n_terms = x.n FROM unnest($11::int[], $12::int[]) AS x(i, n) WHERE p.article_id = $1 AND p.idx = x.i RETURNING 1),
     art AS (
       UPDATE articles SET n_title = $13, n_outlet = $14, quotes_skipped = $15 WHERE id = $1 RETURNING 1)
     SELECT (SELECT count(*) FROM pst) + (SELECT count(*) FROM wrd) + (SELECT count(*) FROM par) + (SELECT count(*) FROM art) AS rows`,
    [article.id, s.stems, s.idx, s.tf, s.words, s.wordStems, s.wordFreq, s.wordPos, s.wordDisplay, s.wordLower, s.paraIdx, s.paraLen, s.titleLen, s.outletLen, quotesSkipped],
  );
  return s;
}

/** Remove one article and its facts; returns the new corpus version, or null when there was nothing to remove. */
export async function deleteArticle(client: pg.ClientBase, id: string): Promise<number | null> {
  const old = await takeSearchRows(client, id);
  const before = await dropArticleRows(client, id);
  if (!before.existed && !before.hadProblem) return null;
  const change = vocabChange(old, null);
  await applyVocab(client, id, change);
  return finish(client, [], [id], before.speakers, change);
}

/** A file that could not be read: recorded (and its old article removed) so /sources says why it is missing. */
export async function recordProblem(client: pg.ClientBase, file: string, reason: string): Promise<number> {
  const old = await takeSearchRows(client, file);
  const before = await dropArticleRows(client, file);
  await client.query('INSERT INTO problems (file, reason, seen_at) VALUES ($1, $2, now())', [file, reason]);
  const change = vocabChange(old, null);
  await applyVocab(client, file, change);
  return finish(client, [], [file], before.speakers, change);
}
