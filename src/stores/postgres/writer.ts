// Writes one article (its row and every fact row) or removes one, inside the caller's
// transaction, bumps the corpus version and notifies every listening bot process.
// NOTIFY is delivered at COMMIT, so a reader never hears of a change it cannot see.
// Articles are written in batches (writeArticles; writeArticle is a batch of one): a
// batch costs the same dozen statements whatever its size, each article's rows going in
// as one multi-row INSERT per table, and the corpus-wide rows every article touches
// (search_vocab, corpus_state, shared speakers and their summaries) are updated once per batch, not once
// per article: per-article statements made ingest ~40 ms of CPU an article.
import type pg from 'pg';
import type { Article } from '../../core/types.js';
import { toRow } from './codec.js';
import type { ArticleFacts } from './facts.js';
import { searchRows, type SearchRows } from './search-rows.js';
import { applyVocab, searchRowsOf, vocabChange, type VocabChange } from './search-vocab.js';
import { applyHeads, headRowsOf } from './search-head-rows.js';
import { refreshSpeakers, writeSpeakerRows } from './speaker-rows.js';
import { writeQuoteShingles } from './quote-shingles.js';
import { applyTimelineChange } from './timeline-groups.js';
import { insertTimelineRows, takeTimelineRows } from './timeline-rows.js';
import { quoteKeysOf, updateQuoteWords, type QuoteWordChange } from './quote-word-rows.js';
import { takeSuggestTopics, writeSuggestRows } from './suggest-rows.js';
import { updateVerifyRows } from './verify-rows.js';

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
async function finish(client: pg.ClientBase, upserted: string[], removed: string[], oldSpeakers: readonly string[], search: VocabChange, quoteWords: QuoteWordChange): Promise<number> {
  const st = search.stats;
  const { rows } = await client.query<{ version: string }>(
    `WITH o AS (DELETE FROM speakers s WHERE s.id = ANY($5::text[])
                  AND NOT EXISTS (SELECT 1 FROM article_speakers x WHERE x.speaker_id = s.id) RETURNING 1),
          v AS (UPDATE corpus_state SET version = version + 1, updated_at = now(),
                  search_docs = search_docs + $7, search_text = search_text + $8, search_title = search_title + $9, search_outlet = search_outlet + $10,
                  quote_groups = quote_groups + $12, quote_tokens = quote_tokens + $13
                 WHERE id = 1 RETURNING version),
          a AS (UPDATE articles SET version = (SELECT version FROM v) WHERE id = ANY($2::text[]) RETURNING 1),
          w AS (UPDATE search_vocab SET version = (SELECT version FROM v) WHERE word = ANY($6::text[]) RETURNING 1),
          qw AS (UPDATE quote_word_vocab SET version = (SELECT version FROM v) WHERE term = ANY($11::text[]) RETURNING 1)
     SELECT v.version, pg_notify($1, CASE WHEN length($3::text) + length($4::text) > 7000
              THEN json_build_object('version', v.version, 'upserted', '[]'::json, 'removed', '[]'::json, 'resync', true)::text
              ELSE json_build_object('version', v.version, 'upserted', $3::json, 'removed', $4::json)::text END)
       FROM v`,
    // Ids are file paths; a huge batch says only "something changed" and readers resync.
    [CHANNEL, upserted, JSON.stringify(upserted), JSON.stringify(removed), oldSpeakers, search.words, st.docs, st.text, st.title, st.outlet,
     quoteWords.terms, quoteWords.groups, quoteWords.tokens],
  );
  return Number(rows[0]!.version);
}

/**
 * Delete the articles' rows and the problems recorded for their files (fact rows cascade);
 * returns the speakers they mentioned, and the speakers their notes named (whose summaries the write must refresh).
 */
async function dropArticleRows(client: pg.ClientBase, ids: readonly string[]): Promise<{ speakers: string[]; noted: string[]; existed: boolean; hadProblem: boolean }> {
  const { rows } = await client.query<{ speakers: string[] | null; noted: string[] | null; existed: boolean; had_problem: boolean }>(
    `WITH s AS (DELETE FROM article_speakers WHERE article_id = ANY($1::text[]) RETURNING speaker_id),
          -- Read before the cascade removes them (the statement sees the notes as they were).
          n AS (SELECT DISTINCT speaker_id FROM speaker_notes WHERE article_id = ANY($1::text[])),
          a AS (DELETE FROM articles WHERE id = ANY($1::text[]) RETURNING 1),
          p AS (DELETE FROM problems WHERE file = ANY($1::text[]) RETURNING 1),
          -- No foreign key cascades these (migrations 6 and 20): deleted here with their article.
          x AS (DELETE FROM search_postings WHERE article_id = ANY($1::text[]) RETURNING 1),
          sh AS (DELETE FROM quote_shingles WHERE article_id = ANY($1::text[]) RETURNING 1)
     SELECT (SELECT array_agg(DISTINCT speaker_id) FROM s) AS speakers, (SELECT array_agg(speaker_id) FROM n) AS noted, EXISTS (SELECT 1 FROM a) AS existed, EXISTS (SELECT 1 FROM p) AS had_problem`,
    [ids],
  );
  const r = rows[0]!;
  return { speakers: r.speakers ?? [], noted: r.noted ?? [], existed: r.existed, hadProblem: r.had_problem };
}

export interface WriteOptions {
  /** Leave grouping the timeline's events to the caller (an ingest groups every value at its end: timeline-groups.ts). */
  deferTimeline?: boolean;
  /** Leave refreshing autocomplete's speaker rows to the caller (an ingest refreshes them at its end: suggest-rows.ts). */
  deferSuggest?: boolean;
}

export interface ArticleToStore {
  article: Article;
  facts: ArticleFacts;
}

/** Column arrays of one table's rows, filled article by article and sent as unnest() parameters. */
type Columns<K extends string> = Record<K, unknown[]>;
function columns<K extends string>(...names: K[]): Columns<K> {
  return Object.fromEntries(names.map((n) => [n, []])) as unknown as Columns<K>;
}

/**
 * The rows of a batch, table by table. A new per-article table gets its columns here,
 * its rows appended in add(), and its INSERT in insertBatch().
 */
class BatchRows {
  readonly ids: string[] = [];
  readonly search = new Map<string, SearchRows>();
  readonly art = columns('id', 'title', 'outlet', 'published', 'url', 'source', 'extra', 'hash', 'doc', 'nTitle', 'nOutlet', 'skipped', 'words', 'stems', 'freqs');
  readonly par = columns('article', 'idx', 'start', 'end', 'text', 'nTerms');
  readonly asp = columns('article', 'speaker');
  readonly quo = columns('id', 'article', 'start', 'end', 'text', 'speaker', 'role', 'partial', 'via', 'paragraph', 'cstart', 'cend', 'group');
  readonly rep = columns('article', 'idx', 'speaker', 'start', 'end', 'text');
  readonly evt = columns('id', 'article', 'value', 'granularity', 'mod', 'sort', 'start', 'end', 'text');
  readonly pst = columns('article', 'stem', 'idx', 'tf');
  /** Speakers of the batch by id: the latest article's name and kind, aliases and roles accumulated (as writing them one by one would). */
  readonly speakers = new Map<string, { name: string; kind: string; aliases: string[]; roles: string[] }>();

  add({ article, facts }: ArticleToStore): void {
    const r = toRow(article);
    const s = searchRows(article);
    this.ids.push(r.id);
    this.search.set(r.id, s);
    const id = r.id;
    // doc goes to the server as one JSON array (insertBatch): as an element of a jsonb[] literal every quote and
    // backslash of the JSON was escaped again by pg, some 1 ms of this process's CPU an article.
    push(this.art, { id, title: r.title, outlet: r.outlet, published: r.published, url: r.url, source: r.source, extra: JSON.stringify(r.extra), hash: r.content_hash, doc: JSON.stringify(r.doc), nTitle: s.titleLen, nOutlet: s.outletLen, skipped: facts.quotesSkipped ?? null,
      // Words are letters, digits and apostrophes: a space joins them (string_to_array splits them again).
      words: s.words.join(' '), stems: s.wordStems.join(' '), freqs: s.wordFreq.join(' ') });
    const nTerms = new Map(s.paraIdx.map((i, k) => [i, s.paraLen[k]!] as const));
    for (const p of article.paragraphs) push(this.par, { article: id, idx: p.index, start: p.start, end: p.end, text: p.text, nTerms: nTerms.get(p.index) ?? 0 });
    for (const sp of facts.speakers) {
      push(this.asp, { article: id, speaker: sp.id });
      const known = this.speakers.get(sp.id);
      if (!known) this.speakers.set(sp.id, { name: sp.name, kind: sp.kind, aliases: [...sp.aliases], roles: [...sp.roles] });
      else {
        known.name = sp.name;
        known.kind = sp.kind;
        for (const x of sp.aliases) if (!known.aliases.includes(x)) known.aliases.push(x);
        for (const x of sp.roles) if (!known.roles.includes(x)) known.roles.push(x);
      }
    }
    for (const q of facts.quotes) {
      push(this.quo, { id: q.id, article: id, start: q.start, end: q.end, text: q.text, speaker: q.speakerId, role: q.role, partial: q.partial, via: q.via, paragraph: q.paragraphIndex, cstart: q.context.start, cend: q.context.end, group: q.groupKey });
    }
    facts.reported.forEach((x, i) => push(this.rep, { article: id, idx: i, speaker: x.speakerId, start: x.start, end: x.end, text: x.text }));
    for (const e of facts.events) push(this.evt, { id: e.id, article: id, value: e.value, granularity: e.granularity, mod: e.mod, sort: e.sortKey, start: e.start, end: e.end, text: e.text });
    s.stems.forEach((stem, i) => push(this.pst, { article: id, stem, idx: s.idx[i]!, tf: s.tf[i]! }));
  }
}

function push<K extends string>(cols: Columns<K>, row: Record<K, unknown>): void {
  for (const k in cols) cols[k].push(row[k]);
}

/** Every row of the batch: one statement (data-modifying CTEs all run; foreign keys are checked at its end, when articles and speakers exist). */
async function insertBatch(client: pg.ClientBase, b: BatchRows): Promise<void> {
  // Sorted, so concurrent writers lock shared speaker rows in one order (no deadlock).
  const spIds = [...b.speakers.keys()].sort((a, c) => (a < c ? -1 : a > c ? 1 : 0));
  const sp = spIds.map((id) => b.speakers.get(id)!);
  const { art, par, asp, quo, rep, evt, pst } = b;
  await client.query(
    `WITH art AS (
       INSERT INTO articles (id, title, outlet, published, url, source, extra, content_hash, doc, n_title, n_outlet, quotes_skipped, words, word_stems, word_freqs, version, updated_at)
       SELECT x.id, x.title, x.outlet, x.published, x.url, x.source, x.extra, x.hash, x.doc, x.nt, x.no, x.skipped,
              string_to_array(x.w, ' '), string_to_array(x.s, ' '), string_to_array(x.f, ' ')::int[], 0, now()
         FROM unnest($1::text[], $2::text[], $3::text[], $4::date[], $5::text[], $6::text[], $7::jsonb[], $8::text[],
                     ARRAY(SELECT d FROM jsonb_array_elements($9::jsonb) WITH ORDINALITY AS j(d, n) ORDER BY n),
                     $10::int[], $11::int[], $12::text[], $59::text[], $60::text[], $61::text[])
           AS x(id, title, outlet, published, url, source, extra, hash, doc, nt, no, skipped, w, s, f)
       RETURNING 1),
     par AS (
       INSERT INTO paragraphs (article_id, idx, start_at, end_at, text, n_terms)
       SELECT * FROM unnest($13::text[], $14::int[], $15::int[], $16::int[], $17::text[], $18::int[]) RETURNING 1),
     spk AS (
       INSERT INTO speakers (id, name, kind, aliases, roles, names)
       SELECT x.id, x.name, x.kind, ARRAY(SELECT json_array_elements_text(x.aliases)), ARRAY(SELECT json_array_elements_text(x.roles)), x.names
         FROM unnest($19::text[], $20::text[], $21::text[], $22::json[], $23::json[], $24::text[]) AS x(id, name, kind, aliases, roles, names)
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
       INSERT INTO article_speakers (article_id, speaker_id) SELECT * FROM unnest($25::text[], $26::text[]) RETURNING 1),
     quo AS (
       INSERT INTO quotes (id, article_id, start_at, end_at, text, speaker_id, role, partial, via, paragraph_index, context_start, context_end, group_key)
       SELECT * FROM unnest($27::text[], $28::text[], $29::int[], $30::int[], $31::text[], $32::text[], $33::text[], $34::bool[], $35::text[], $36::int[], $37::int[], $38::int[], $39::text[])
       RETURNING 1),
     rep AS (
       INSERT INTO reported (article_id, idx, speaker_id, start_at, end_at, text)
       SELECT * FROM unnest($40::text[], $41::int[], $42::text[], $43::int[], $44::int[], $45::text[]) RETURNING 1),
     evt AS (
       INSERT INTO dated_events (id, article_id, value, granularity, mod, sort_key, start_at, end_at, text)
       SELECT * FROM unnest($46::text[], $47::text[], $48::text[], $49::text[], $50::text[], $51::text[], $52::int[], $53::int[], $54::text[])
       RETURNING 1),
     pst AS (
       INSERT INTO search_postings (article_id, stem, idx, tf) SELECT * FROM unnest($55::text[], $56::text[], $57::int[], $58::int[]) RETURNING 1)
     SELECT (SELECT count(*) FROM art) + (SELECT count(*) FROM par) + (SELECT count(*) FROM spk) + (SELECT count(*) FROM asp)
          + (SELECT count(*) FROM quo) + (SELECT count(*) FROM rep) + (SELECT count(*) FROM evt)
          + (SELECT count(*) FROM pst) AS rows`,
    [
      art.id, art.title, art.outlet, art.published, art.url, art.source, art.extra, art.hash, `[${(art.doc as string[]).join(',')}]`, art.nTitle, art.nOutlet, art.skipped,
      par.article, par.idx, par.start, par.end, par.text, par.nTerms,
      spIds, sp.map((x) => x.name), sp.map((x) => x.kind), sp.map((x) => JSON.stringify(x.aliases)), sp.map((x) => JSON.stringify(x.roles)),
      sp.map((x) => [x.name, ...x.aliases].join(' ')),
      asp.article, asp.speaker,
      quo.id, quo.article, quo.start, quo.end, quo.text, quo.speaker, quo.role, quo.partial, quo.via, quo.paragraph, quo.cstart, quo.cend, quo.group,
      rep.article, rep.idx, rep.speaker, rep.start, rep.end, rep.text,
      evt.id, evt.article, evt.value, evt.granularity, evt.mod, evt.sort, evt.start, evt.end, evt.text,
      pst.article, pst.stem, pst.idx, pst.tf,
      art.words, art.stems, art.freqs,
    ],
  );
}

/**
 * Insert or replace articles and their facts, in the caller's transaction (one batch:
 * it commits or fails whole; ingest retries a failed batch article by article). Ids
 * must be distinct. Returns the new corpus version.
 */
export async function writeArticles(client: pg.ClientBase, items: readonly ArticleToStore[], opts: WriteOptions = {}): Promise<number> {
  const b = new BatchRows();
  for (const it of items) b.add(it);
  if (new Set(b.ids).size !== b.ids.length) throw new Error('writeArticles: an article is in the batch twice');
  const old = await searchRowsOf(client, b.ids);
  const oldHeads = await headRowsOf(client, b.ids);
  const oldKeys = await quoteKeysOf(client, b.ids);
  const timeline = await takeTimelineRows(client, b.ids);
  const topics = await takeSuggestTopics(client, b.ids);
  const before = await dropArticleRows(client, b.ids);
  await insertBatch(client, b);
  await insertTimelineRows(client, items.map((it) => ({ article: it.article, events: it.facts.events, mentions: it.facts.mentions })), timeline);
  await writeQuoteShingles(client, items.map((it) => ({ articleId: it.article.id, facts: it.facts })));
  await writeSpeakerRows(client, items.map((it) => ({ articleId: it.article.id, facts: it.facts })));
  await refreshSpeakers(client, items.map((it) => ({ articleId: it.article.id, notes: it.facts.notes })), before.noted);
  const quoteWords = await updateQuoteWords(client, [...oldKeys, ...(b.quo.group as string[])]);
  const written = items.map((it) => ({ article: it.article, events: it.facts.events }));
  await writeSuggestRows(client, { written, oldTopics: topics, keys: [...oldKeys, ...(b.quo.group as string[])], noted: before.noted, defer: opts.deferSuggest });
  await updateVerifyRows(client, b.ids, items.map((it) => ({ articleId: it.article.id, quotes: it.facts.quotes, notes: it.facts.notes })));
  const change = vocabChange(b.ids.map((id) => ({ id, old: old.get(id), now: b.search.get(id)! })));
  await applyVocab(client, change);
  await applyHeads(client, b.ids.map((id) => ({ id, old: oldHeads.get(id), now: b.search.get(id)! })), change.stats);
  const version = await finish(client, b.ids, [], before.speakers, change, quoteWords);
  await applyTimelineChange(client, timeline, { defer: opts.deferTimeline });
  return version;
}

/** Insert or replace one article and its facts; returns the new corpus version. */
export async function writeArticle(client: pg.ClientBase, article: Article, facts: ArticleFacts): Promise<number> {
  return writeArticles(client, [{ article, facts }]);
}

/** Remove one article and its facts; returns the new corpus version, or null when there was nothing to remove. */
export async function deleteArticle(client: pg.ClientBase, id: string, opts: WriteOptions = {}): Promise<number | null> {
  const old = await searchRowsOf(client, [id]);
  const oldHeads = await headRowsOf(client, [id]);
  const oldKeys = await quoteKeysOf(client, [id]);
  const timeline = await takeTimelineRows(client, [id]);
  const topics = await takeSuggestTopics(client, [id]);
  const before = await dropArticleRows(client, [id]);
  if (!before.existed && !before.hadProblem) return null;
  await refreshSpeakers(client, [], before.noted);
  const quoteWords = await updateQuoteWords(client, oldKeys);
  await writeSuggestRows(client, { written: [], oldTopics: topics, keys: oldKeys, noted: before.noted, defer: opts.deferSuggest });
  await updateVerifyRows(client, [id], []);
  const change = vocabChange([{ id, old: old.get(id), now: null }]);
  await applyVocab(client, change);
  await applyHeads(client, [{ id, old: oldHeads.get(id), now: null }], change.stats);
  const version = await finish(client, [], [id], before.speakers, change, quoteWords);
  await applyTimelineChange(client, timeline, { defer: opts.deferTimeline });
  return version;
}

/** A file that could not be read: recorded (and its old article removed) so /sources says why it is missing. */
export async function recordProblem(client: pg.ClientBase, file: string, reason: string, opts: WriteOptions = {}): Promise<number> {
  const old = await searchRowsOf(client, [file]);
  const oldHeads = await headRowsOf(client, [file]);
  const oldKeys = await quoteKeysOf(client, [file]);
  const timeline = await takeTimelineRows(client, [file]);
  const topics = await takeSuggestTopics(client, [file]);
  const before = await dropArticleRows(client, [file]);
  await refreshSpeakers(client, [], before.noted);
  await client.query('INSERT INTO problems (file, reason, seen_at) VALUES ($1, $2, now())', [file, reason]);
  const quoteWords = await updateQuoteWords(client, oldKeys);
  await writeSuggestRows(client, { written: [], oldTopics: topics, keys: oldKeys, noted: before.noted, defer: opts.deferSuggest });
  await updateVerifyRows(client, [file], []);
  const change = vocabChange([{ id: file, old: old.get(file), now: null }]);
  await applyVocab(client, change);
  await applyHeads(client, [{ id: file, old: oldHeads.get(file), now: null }], change.stats);
  const version = await finish(client, [], [file], before.speakers, change, quoteWords);
  await applyTimelineChange(client, timeline, { defer: opts.deferTimeline });
  return version;
}
