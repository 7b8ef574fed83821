// The rows autocomplete reads (suggest.ts), kept by every write in its transaction:
// - per quote group, its report count and first-published report (suggest_groups);
// - per article, its /timeline topic words (from its distinct dated sentences and from
//   its title), and the corpus's sums per word (suggest_topics);
// - per speaker, the statement count /quote NAME reports, its quote and article counts
//   after the surname merges, and its name's words (suggest_speakers and _keys).
// A speaker's statement count is not a sum over articles: it is the number of the
// speaker's groups left leading once variants are folded in (leadGroups), and a group's
// speaker is a vote among its reports after the corpus's merges. So a write refreshes
// every speaker whose count it may change (those named in the groups it touched, those
// its notes name, their surname relatives, and when a merge changed, those named beside
// the merged speaker), each by the same reading and core functions /quote NAME uses
// (quotes.ts). An ingest only marks them (suggest_dirty) and refreshes each once at its
// end: a much-quoted speaker is in every batch.
import type pg from 'pg';
import { byPublished, linkVariants, type QuoteGroup } from '../../core/quotes/store.js';
import { clipChoice, fold, topicWords } from '../../core/store/memory/suggest.js';
import { leadGroups } from '../../core/store/memory/quotes.js';
import type { Article, DatedEvent } from '../../core/types.js';
import { groupRows, QUOTE_ROWS, type QuoteRow } from './quotes.js';
import { codePointCompare, surnameOf } from './speaker-rows.js';
import { SqlSpeakers } from './speakers.js';

/** Per word: how many times an article's dated sentences and its title give it. */
type TopicCounts = Map<string, { dated: number; titled: number }>;

/** An article's topic words, as the memory store's vocabulary counts them (suggest.ts buildVocab). */
export function topicCountsOf(article: Pick<Article, 'meta'>, events: readonly Pick<DatedEvent, 'contextStart' | 'context'>[]): TopicCounts {
  const out: TopicCounts = new Map();
  const bump = (w: string, k: 'dated' | 'titled') => {
    const c = out.get(w) ?? { dated: 0, titled: 0 };
    c[k]++;
    out.set(w, c);
  };
  // A sentence that dates several clauses counts once.
  const sentences = new Map(events.map((e) => [e.contextStart, e.context] as const));
  for (const t of sentences.values()) for (const w of topicWords(t)) bump(w, 'dated');
  for (const w of topicWords(article.meta.title ?? '')) bump(w, 'titled');
  return out;
}

/** Take the articles' topic rows out (before their rewrite or removal); returns what they counted. */
export async function takeSuggestTopics(client: pg.ClientBase, ids: readonly string[]): Promise<TopicCounts> {
  const { rows } = await client.query<{ word: string; dated: number; titled: number }>(
    'DELETE FROM suggest_article_topics WHERE article_id = ANY($1::text[]) RETURNING word, dated, titled',
    [ids],
  );
  const out: TopicCounts = new Map();
  for (const r of rows) {
    const c = out.get(r.word) ?? { dated: 0, titled: 0 };
    c.dated += r.dated;
    c.titled += r.titled;
    out.set(r.word, c);
  }
  return out;
}

export interface SuggestChange {
  /** The articles written now, with their dated events (none for a removal). */
  written: ReadonlyArray<{ article: Article; events: readonly DatedEvent[] }>;
  /** What the articles' old rows counted (takeSuggestTopics). */
  oldTopics: TopicCounts;
  /** Group keys of the articles' quotes, before and after. */
  keys: readonly string[];
  /** Speakers the old rows' notes named. */
  noted: readonly string[];
  /** Leave refreshing the speakers to the caller (an ingest: refreshDirtySpeakers at its end). */
  defer?: boolean;
}

/** Keep the autocomplete rows of a write (after its fact rows are in place). */
export async function writeSuggestRows(client: pg.ClientBase, ch: SuggestChange): Promise<void> {
  await writeTopics(client, ch);
  const keys = [...new Set(ch.keys)].sort(codePointCompare);
  if (keys.length) await writeGroups(client, keys);
  // Everyone whose statement count the write may change: named in a group it touched, or in its notes.
  const { rows } = await client.query<{ speaker_id: string }>(
    `SELECT s.speaker_id FROM quotes q JOIN quote_speakers s ON s.quote_id = q.id WHERE q.group_key = ANY($1::text[])
     UNION SELECT speaker_id FROM speaker_notes WHERE article_id = ANY($2::text[])
     UNION SELECT unnest($3::text[])`,
    [keys, ch.written.map((w) => w.article.id), ch.noted],
  );
  const ids = rows.map((r) => r.speaker_id);
  if (!ids.length) return;
  if (ch.defer) await client.query('INSERT INTO suggest_dirty (speaker_id) SELECT unnest($1::text[])', [ids]);
  else await refreshSpeakers(client, ids);
}

async function writeTopics(client: pg.ClientBase, ch: SuggestChange): Promise<void> {
  const art: string[] = [];
  const word: string[] = [];
  const dated: number[] = [];
  const titled: number[] = [];
  const delta: TopicCounts = new Map();
  for (const [w, c] of ch.oldTopics) delta.set(w, { dated: -c.dated, titled: -c.titled });
  for (const { article, events } of ch.written) {
    for (const [w, c] of topicCountsOf(article, events)) {
      art.push(article.id);
      word.push(w);
      dated.push(c.dated);
      titled.push(c.titled);
      const d = delta.get(w) ?? { dated: 0, titled: 0 };
      d.dated += c.dated;
      d.titled += c.titled;
      delta.set(w, d);
    }
  }
  if (art.length) {
    await client.query(
      'INSERT INTO suggest_article_topics (article_id, word, dated, titled) SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::int[])',
      [art, word, dated, titled],
    );
  }
  // Sorted, so concurrent batches lock shared words in one order (no deadlock).
  const words = [...delta].filter(([, d]) => d.dated || d.titled).sort((a, b) => codePointCompare(a[0], b[0]));
  if (!words.length) return;
  const ws = words.map(([w]) => w);
  await client.query(
    `INSERT INTO suggest_topics (word, value, folded, dated, titled)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::int[]) AS x(word, value, folded, dated, titled) ORDER BY x.word COLLATE "C"
     ON CONFLICT (word) DO UPDATE SET dated = suggest_topics.dated + EXCLUDED.dated, titled = suggest_topics.titled + EXCLUDED.titled`,
    [ws, ws.map(clipChoice), ws.map(fold), words.map(([, d]) => d.dated), words.map(([, d]) => d.titled)],
  );
  // A statement cannot delete the rows it upserted: the words no text gives any more, apart.
  await client.query('DELETE FROM suggest_topics WHERE word = ANY($1::text[]) AND dated <= 0 AND titled <= 0', [ws]);
  // A word's keys (its folded words), for the words that exist now; a removed word's went with it.
  const kw: string[] = [];
  const kk: string[] = [];
  for (const w of ws) for (const k of new Set(fold(w).split(/\s+/))) (kk.push(k), kw.push(w));
  await client.query(
    `INSERT INTO suggest_topic_keys (key, word)
     SELECT x.k, x.w FROM unnest($1::text[], $2::text[]) AS x(k, w) JOIN suggest_topics t ON t.word = x.w
      ORDER BY x.k COLLATE "C", x.w COLLATE "C" ON CONFLICT DO NOTHING`,
    [kk, kw],
  );
}

/** Each touched group's report count and first-published report, as the core groups them (quotes/store.ts). */
async function writeGroups(client: pg.ClientBase, keys: readonly string[]): Promise<void> {
  await client.query(
    `WITH k AS (SELECT unnest($1::text[]) AS key),
          g AS (SELECT DISTINCT ON (q.group_key) q.group_key, count(*) OVER (PARTITION BY q.group_key) AS n,
                       a.published, q.article_id, q.start_at, q.text
                  FROM quotes q JOIN articles a ON a.id = q.article_id
                 WHERE q.group_key IN (SELECT key FROM k)
                 ORDER BY q.group_key, a.published NULLS LAST, q.article_id COLLATE "C", q.start_at),
          d AS (DELETE FROM suggest_groups s WHERE s.group_key IN (SELECT key FROM k)
                  AND NOT EXISTS (SELECT 1 FROM g WHERE g.group_key = s.group_key) RETURNING 1)
     INSERT INTO suggest_groups (group_key, reports, first_published, first_article, first_start, text)
     SELECT group_key, n, published, article_id, start_at, text FROM g ORDER BY group_key COLLATE "C"
     ON CONFLICT (group_key) DO UPDATE SET reports = EXCLUDED.reports, first_published = EXCLUDED.first_published,
       first_article = EXCLUDED.first_article, first_start = EXCLUDED.first_start, text = EXCLUDED.text`,
    [keys],
  );
}

/** Speakers per refresh at an ingest's end: one read of their groups each. */
const CHUNK = 200;

/** Refresh the speakers an ingest marked, a chunk per transaction. */
export async function refreshDirtySpeakers(pool: pg.Pool): Promise<number> {
  let done = 0;
  for (;;) {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<{ speaker_id: string }>('SELECT DISTINCT speaker_id FROM suggest_dirty ORDER BY 1 LIMIT $1', [CHUNK]);
      const ids = rows.map((r) => r.speaker_id);
      if (ids.length) {
        await client.query('DELETE FROM suggest_dirty WHERE speaker_id = ANY($1::text[])', [ids]);
        await refreshSpeakers(client, ids);
      }
      await client.query('COMMIT');
      done += ids.length;
      if (ids.length < CHUNK) return done;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }
}

/** What a speaker's row says, as read back for comparison. */
interface Stored {
  speaker_id: string;
  merged_into: string | null;
}

/**
 * The rows of these speakers (raw ids, before the merges) and of every speaker their
 * counts depend on, as the corpus is now.
 */
export async function refreshSpeakers(client: pg.ClientBase, rawIds: readonly string[]): Promise<void> {
  const speakers = new SqlSpeakers(client);
  const raw = new Set(rawIds);
  // A full name no article names any more has no summary to find its surname by: its row's name gives it.
  const { rows: named } = await client.query<{ name: string }>('SELECT name FROM suggest_speakers WHERE speaker_id = ANY($1::text[]) AND merged_into IS NULL', [[...raw]]);
  for (const r of named) {
    const s = surnameOf(r.name);
    if (s) raw.add(s);
  }
  let set = await speakers.setOf([...raw]);
  // A lone surname merged now and not before (or the other way) moves its votes: the
  // leads of the groups it is named in may change, so everyone named there is refreshed.
  for (let round = 0; round < 8; round++) {
    const ids = [...new Set([...raw, ...set.speakers.keys(), ...set.merged.keys()])];
    const { rows: stored } = await client.query<Stored>('SELECT speaker_id, merged_into FROM suggest_speakers WHERE speaker_id = ANY($1::text[])', [ids]);
    const moved = stored.filter((r) => r.merged_into !== (set.merged.get(r.speaker_id) ?? null)).map((r) => r.speaker_id);
    if (!moved.length) break;
    const { rows } = await client.query<{ speaker_id: string }>(
      `SELECT DISTINCT s2.speaker_id
         FROM quote_speakers s JOIN quotes q ON q.id = s.quote_id
         JOIN quotes q2 ON q2.group_key = q.group_key JOIN quote_speakers s2 ON s2.quote_id = q2.id
        WHERE s.speaker_id = ANY($1::text[])`,
      [moved],
    );
    const fresh = rows.map((r) => r.speaker_id).filter((id) => !raw.has(id));
    for (const id of moved) raw.add(id);
    if (!fresh.length) break;
    for (const id of fresh) raw.add(id);
    set = await speakers.setOf([...raw]);
  }
  const all = [...new Set([...raw, ...set.speakers.keys(), ...set.merged.keys()])].sort(codePointCompare);
  const statements = await statementCounts(client, speakers, set.speakers.keys(), set.merged);
  const { rows: order } = await client.query<{ speaker_id: string; first_article: string; first_ord: number }>(
    'SELECT speaker_id, first_article, first_ord FROM speaker_summaries WHERE speaker_id = ANY($1::text[])',
    [all],
  );
  const place = new Map(order.map((r) => [r.speaker_id, r] as const));

  // Rows in id order (concurrent writers lock shared speakers in one order); keys rewritten whole.
  const cols = { id: [] as string[], into: [] as (string | null)[], name: [] as string[], value: [] as string[], folded: [] as string[], st: [] as number[], qu: [] as number[], ar: [] as number[], fa: [] as string[], fo: [] as number[] };
  const keys = { kind: [] as string[], key: [] as string[], id: [] as string[] };
  const gone: string[] = [];
  for (const id of all) {
    const sp = set.speakers.get(id);
    const into = set.merged.get(id);
    const at = place.get(id);
    if (!at || (!sp && !into)) {
      gone.push(id);
      continue;
    }
    cols.id.push(id);
    cols.into.push(into ?? null);
    cols.name.push(sp?.name ?? id);
    cols.value.push(sp ? clipChoice(sp.name) : '');
    cols.folded.push(sp ? fold(sp.name) : '');
    cols.st.push(statements.get(id) ?? 0);
    cols.qu.push(set.quoteCounts.get(id) ?? 0);
    cols.ar.push(sp?.articleIds.length ?? 0);
    cols.fa.push(at.first_article);
    cols.fo.push(at.first_ord);
    if (!sp) continue;
    const forms = [sp.name, ...sp.aliases];
    // The memory store's keys (suggest.ts buildVocab; quotes/store.ts rankedFor).
    const w = new Set<string>();
    for (const f of forms) for (const x of fold(f).split(/[\s.-]+/)) if (x) w.add(x);
    const q = new Set<string>([...forms.map((f) => f.toLowerCase()), ...sp.name.toLowerCase().split(' ')]);
    q.delete('');
    for (const x of w) (keys.kind.push('w'), keys.key.push(x), keys.id.push(id));
    for (const x of q) (keys.kind.push('q'), keys.key.push(x), keys.id.push(id));
  }
  if (gone.length) await client.query('DELETE FROM suggest_speakers WHERE speaker_id = ANY($1::text[])', [gone]);
  if (!cols.id.length) return;
  await client.query('DELETE FROM suggest_speaker_keys WHERE speaker_id = ANY($1::text[])', [cols.id]);
  await client.query(
    `INSERT INTO suggest_speakers (speaker_id, merged_into, name, value, folded, statements, quotes, articles, first_article, first_ord)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::int[], $8::int[], $9::text[], $10::int[])
     ON CONFLICT (speaker_id) DO UPDATE SET merged_into = EXCLUDED.merged_into, name = EXCLUDED.name, value = EXCLUDED.value,
       folded = EXCLUDED.folded, statements = EXCLUDED.statements, quotes = EXCLUDED.quotes, articles = EXCLUDED.articles,
       first_article = EXCLUDED.first_article, first_ord = EXCLUDED.first_ord`,
    [cols.id, cols.into, cols.name, cols.value, cols.folded, cols.st, cols.qu, cols.ar, cols.fa, cols.fo],
  );
  if (keys.id.length) {
    await client.query('INSERT INTO suggest_speaker_keys (kind, key, speaker_id) SELECT * FROM unnest($1::"char"[], $2::text[], $3::text[]) ON CONFLICT DO NOTHING', [
      keys.kind,
      keys.key,
      keys.id,
    ]);
  }
}

/**
 * The statement count /quote NAME reports for each of these speakers (ids after the
 * merges; `merged`: lone surname → full name), as SqlQuotes.bySpeaker counts them:
 * every quote of every group a speaker is named in, grouped with the corpus's merges,
 * the groups the speaker leads linked as variants and folded (leadGroups).
 */
async function statementCounts(client: pg.ClientBase, speakers: SqlSpeakers, ids: Iterable<string>, merged: ReadonlyMap<string, string>): Promise<Map<string, number>> {
  const want = new Set(ids);
  const out = new Map<string, number>();
  if (!want.size) return out;
  const raw = [...want, ...[...merged].filter(([, into]) => want.has(into)).map(([from]) => from)];
  const { rows } = await client.query<QuoteRow>(
      `WITH k AS (SELECT DISTINCT group_key FROM quote_speakers WHERE speaker_id = ANY($1::text[]))
     ${QUOTE_ROWS}
      WHERE q.group_key IN (SELECT group_key FROM k)`,
    [raw],
  );
  const known = new Set(raw);
  const others = [...new Set(rows.map((r) => r.speaker_id).filter((x): x is string => !!x && !known.has(x)))];
  const all = new Map(merged);
  if (others.length) for (const [from, into] of (await speakers.setOf(others)).merged) all.set(from, into);
  const articles = new Map<string, Article>();
  const groups = groupRows(rows, all, articles);
  const order = byPublished(articles);
  const bySpeaker = new Map<string, QuoteGroup[]>();
  for (const g of groups.values()) {
    if (!g.speakerId || !want.has(g.speakerId)) continue;
    const list = bySpeaker.get(g.speakerId);
    if (list) list.push(g);
    else bySpeaker.set(g.speakerId, [g]);
  }
  for (const [id, list] of bySpeaker) {
    list.sort((a, b) => order(a.quotes[0]!, b.quotes[0]!));
    // Variants link only within one speaker's groups (quotes/store.ts), so each speaker's are linked alone.
    linkVariants(list);
    out.set(id, leadGroups(list, false).length);
  }
  return out;
}
