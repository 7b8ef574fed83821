// One article's speakers as rows (speaker_notes, speaker_keys), written inside the
// article's transaction; its old rows cascade with the article row. The corpus-wide
// speaker (speaker_summaries: the notes folded in corpus order) is kept in the same
// transaction for the speakers the write touched; the surname merges are left to the
// reader (speakers.ts), since they depend on other speakers. The look-up keys are only
// ever added.
import type pg from 'pg';
import { norm, speakerKeys } from '../../core/quotes/speakers.js';
import type { ArticleFacts, SpeakerNote } from './facts.js';

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
       INSERT INTO quote_speakers (quote_id, article_id, speaker_id, group_key)
       -- The quote's group key from its row, written before in this transaction.
       SELECT x.id, x.a, x.s, q.group_key FROM unnest($13::text[], $14::text[], $15::text[]) AS x(id, a, s) JOIN quotes q ON q.id = x.id RETURNING 1),
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

/** A speaker_summaries row (migrations.ts, version 7). */
interface SummaryRow {
  speaker_id: string;
  name: string;
  first_kind: string;
  persons: number;
  first_article: string;
  first_ord: number;
  articles: number;
  quotes: number;
  aliases: string[];
  alias_articles: string[];
  alias_idx: number[];
  roles: string[];
  role_articles: string[];
  role_idx: number[];
  surname: string | null;
}

const SURROGATE = /[\uD800-\uDFFF]/;
/** Order of article ids as COLLATE "C" sorts them (UTF-8 bytes, i.e. code points), which the fold in SQL uses. */
export function codePointCompare(a: string, b: string): number {
  if (!SURROGATE.test(a) && !SURROGATE.test(b)) return a < b ? -1 : a > b ? 1 : 0;
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d) return d;
  }
  return x.length - y.length;
}

/** Values in first-seen order with where each is first seen, after adding notes' lists (positions 1-based, as the fold's ordinality). */
function firstSeen(values: string[], arts: string[], idx: number[], add: ReadonlyArray<readonly [string, readonly string[]]>): [string[], string[], number[]] {
  const at = new Map<string, [string, number]>(values.map((v, k) => [v, [arts[k]!, idx[k]!]]));
  let changed = false;
  for (const [art, list] of add) {
    list.forEach((v, k) => {
      const had = at.get(v);
      if (!had || codePointCompare(art, had[0]) < 0 || (art === had[0] && k + 1 < had[1])) {
        at.set(v, [art, k + 1]);
        changed = true;
      }
    });
  }
  if (!changed) return [values, arts, idx];
  const sorted = [...at].sort((a, b) => codePointCompare(a[1][0], b[1][0]) || a[1][1] - b[1][1]);
  return [sorted.map((e) => e[0]), sorted.map((e) => e[1][0]), sorted.map((e) => e[1][1])];
}

/** A summary with more articles' notes of its speaker added (none of them already counted). */
function withNotes(r: SummaryRow, notes: ReadonlyArray<{ articleId: string; ord: number; note: SpeakerNote }>): SummaryRow {
  const out = { ...r };
  for (const { articleId, ord, note } of notes) {
    // A placeholder (no articles yet) takes the first note it is given.
    if (!out.articles || codePointCompare(articleId, out.first_article) < 0 || (articleId === out.first_article && ord < out.first_ord)) {
      Object.assign(out, { name: note.name, first_kind: note.kind, first_article: articleId, first_ord: ord, surname: surnameOf(note.name) });
    }
    out.articles++;
    out.quotes += note.quotes;
    if (note.kind === 'person') out.persons++;
  }
  [out.aliases, out.alias_articles, out.alias_idx] = firstSeen(r.aliases, r.alias_articles, r.alias_idx, notes.map((n) => [n.articleId, n.note.aliases] as const));
  [out.roles, out.role_articles, out.role_idx] = firstSeen(r.roles, r.role_articles, r.role_idx, notes.map((n) => [n.articleId, n.note.roles] as const));
  return out;
}

const COLUMNS = 'name, first_kind, persons, first_article, first_ord, articles, quotes, aliases, alias_articles, alias_idx, roles, role_articles, role_idx, surname';
const SET = COLUMNS.split(', ').map((c) => `${c} = x.${c}`).join(', ');

/**
 * Keep the summaries of the speakers a write touched. Their rows are locked first, in one
 * order (by id: concurrent writers never deadlock), and read after the lock, so each
 * writer builds on what the one before it committed. A speaker only given new articles'
 * notes has them added to its row (counts, first note, aliases and roles by where each is
 * first seen), without reading its other notes: a much-quoted speaker is in every batch of
 * an ingest. A speaker whose notes an article's rewrite or removal took away (`refold`) is
 * folded again from the notes the transaction sees, its own new ones included (the fold's
 * statement starts after the locks, so it sees every earlier writer's notes); one no note
 * names any more loses its row.
 */
export async function refreshSpeakers(
  client: pg.ClientBase,
  added: ReadonlyArray<{ articleId: string; notes: readonly SpeakerNote[] }>,
  refold: readonly string[],
): Promise<void> {
  const again = new Set(refold);
  const fresh = new Map<string, Array<{ articleId: string; ord: number; note: SpeakerNote }>>();
  for (const { articleId, notes } of added) {
    notes.forEach((note, ord) => {
      if (again.has(note.id)) return;
      const list = fresh.get(note.id);
      if (list) list.push({ articleId, ord, note });
      else fresh.set(note.id, [{ articleId, ord, note }]);
    });
  }
  const sorted = [...new Set([...again, ...fresh.keys()])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (!sorted.length) return;
  // New speakers get a placeholder row (only this transaction sees it before it is filled in).
  await client.query(
    `INSERT INTO speaker_summaries (speaker_id, name, first_kind, persons, first_article, first_ord, articles, quotes, aliases, alias_articles, alias_idx, roles, role_articles, role_idx)
     SELECT x.id, '', 'person', 0, '', 0, 0, 0, '{}', '{}', '{}', '{}', '{}', '{}' FROM unnest($1::text[]) WITH ORDINALITY AS x(id, o) ORDER BY x.o
     ON CONFLICT (speaker_id) DO NOTHING`,
    [sorted],
  );
  const { rows } = await client.query<SummaryRow>(
    `SELECT speaker_id, ${COLUMNS} FROM speaker_summaries WHERE speaker_id = ANY($1::text[]) ORDER BY speaker_id COLLATE "C" FOR UPDATE`,
    [sorted],
  );
  if (again.size) {
    await client.query(
      `WITH f AS (SELECT * FROM speaker_fold($1::text[])),
            u AS (UPDATE speaker_summaries s SET ${SET} FROM f AS x WHERE s.speaker_id = x.speaker_id RETURNING 1),
            d AS (DELETE FROM speaker_summaries s WHERE s.speaker_id = ANY($1::text[])
                     AND NOT EXISTS (SELECT 1 FROM f WHERE f.speaker_id = s.speaker_id) RETURNING 1)
       SELECT (SELECT count(*) FROM u) + (SELECT count(*) FROM d) AS rows`,
      [[...again]],
    );
  }
  const updated = rows.filter((r) => fresh.has(r.speaker_id)).map((r) => withNotes(r, fresh.get(r.speaker_id)!));
  if (!updated.length) return;
  await client.query(
    `UPDATE speaker_summaries s SET ${SET}
       FROM jsonb_to_recordset($1::jsonb) AS x(speaker_id text, name text, first_kind text, persons integer, first_article text, first_ord integer,
            articles integer, quotes integer, aliases text[], alias_articles text[], alias_idx integer[],
            roles text[], role_articles text[], role_idx integer[], surname text)
      WHERE s.speaker_id = x.speaker_id`,
    [JSON.stringify(updated)],
  );
}
