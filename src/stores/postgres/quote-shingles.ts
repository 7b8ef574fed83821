// The three-word runs (shingles) of each speaker's statements, as rows (quote_shingles,
// migration 20), so /quote WORDS finds the groups that may be variants of its hits by
// (speaker, shingle) instead of listing every statement of each hit's speaker (a
// much-quoted speaker has thousands, split into words per query: most of a /quote's
// CPU). A row is one attributed quote's shingle, hashed to an integer: a look-up gives
// a superset of the groups sharing a shingle (a hash may collide), which the reader
// checks on the group key's own words, so the groups it keeps are exactly those.
// Written with the article's speaker rows, deleted with the article's rows (writer.ts).
import type pg from 'pg';
import { keyWords, shingles } from '../../core/quotes/group.js';
import type { ArticleFacts } from './facts.js';

/** Articles per statement of the one-off fill (a statement per slice stays far under a query timeout). */
const FILL_CHUNK = 500;

/** FNV-1a over the UTF-16 code units, as a signed 32-bit integer (the column's type): a shingle's key in the table. */
export function shingleHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

/** The distinct shingle hashes of a group key (none under three words: such a group has no variant). */
export function keyShingles(groupKey: string): number[] {
  return [...new Set(shingles(keyWords(groupKey)).map(shingleHash))];
}

interface ShingleColumns {
  speaker: string[];
  shingle: number[];
  article: string[];
  no: number[];
}

function addQuote(c: ShingleColumns, speaker: string, groupKey: string, articleId: string, no: number): void {
  for (const h of keyShingles(groupKey)) c.speaker.push(speaker), c.shingle.push(h), c.article.push(articleId), c.no.push(no);
}

async function insert(client: pg.ClientBase, c: ShingleColumns): Promise<void> {
  if (!c.speaker.length) return;
  await client.query('INSERT INTO quote_shingles (speaker_id, shingle, article_id, quote_no) SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::int[])', [
    c.speaker,
    c.shingle,
    c.article,
    c.no,
  ]);
}

/**
 * The shingles of the articles' attributed quotes (each quote's raw speaker, as quote_speakers
 * names it), in the write's transaction, before its quote_speakers rows: the transaction says
 * it keeps them, or migration 20's trigger marks the table unfilled (a writer from before it).
 */
export async function writeQuoteShingles(client: pg.ClientBase, articles: ReadonlyArray<{ articleId: string; facts: Pick<ArticleFacts, 'quotes' | 'attributed'> }>): Promise<void> {
  await client.query("SELECT set_config('quotebot.quote_shingles', 'on', true)");
  const c: ShingleColumns = { speaker: [], shingle: [], article: [], no: [] };
  for (const { articleId, facts } of articles) {
    const keyOf = new Map(facts.quotes.map((q) => [q.id, q.groupKey] as const));
    facts.attributed.quotes.forEach((sp, i) => {
      // Quote ids are the article's id and the quote's place (speaker-rows.ts writes quote_speakers so).
      const key = sp ? keyOf.get(`${articleId}#q${i}`) : undefined;
      if (sp && key !== undefined) addQuote(c, sp, key, articleId, i);
    });
  }
  await insert(client, c);
}

/**
 * Fill the table from quote_speakers, a slice of articles per statement, and mark it
 * ready: a database written before migration 20 (ingest's last steps). Each slice
 * replaces its articles' rows, so a fill stopped midway is done again whole next time.
 */
export async function fillQuoteShingles(client: pg.ClientBase): Promise<boolean> {
  const { rows: state } = await client.query<{ ready: boolean }>('SELECT quote_shingles_ready AS ready FROM corpus_state WHERE id = 1');
  if (state[0]?.ready !== false) return false;
  const { rows } = await client.query<{ article_id: string }>('SELECT DISTINCT article_id FROM quote_speakers');
  const ids = rows.map((r) => r.article_id);
  for (let i = 0; i < ids.length; i += FILL_CHUNK) {
    const slice = ids.slice(i, i + FILL_CHUNK);
    const { rows: qs } = await client.query<{ quote_id: string; article_id: string; speaker_id: string; group_key: string }>(
      'SELECT quote_id, article_id, speaker_id, group_key FROM quote_speakers WHERE article_id = ANY($1::text[])',
      [slice],
    );
    const c: ShingleColumns = { speaker: [], shingle: [], article: [], no: [] };
    for (const q of qs) {
      const no = Number(q.quote_id.slice(q.quote_id.lastIndexOf('#q') + 2));
      addQuote(c, q.speaker_id, q.group_key, q.article_id, no);
    }
    await client.query('DELETE FROM quote_shingles WHERE article_id = ANY($1::text[])', [slice]);
    await insert(client, c);
  }
  await client.query('UPDATE corpus_state SET quote_shingles_ready = true WHERE id = 1');
  return true;
}

/**
 * The groups of each speaker (rw: the speaker with each id its reports name before the
 * merges) holding one of these shingle hashes: a superset of those sharing a shingle.
 */
export async function groupsWithShingles(
  pool: pg.Pool,
  asks: { sp: string[]; raw: string[]; shingle: number[] },
): Promise<Array<{ sp: string; group_key: string }>> {
  if (!asks.sp.length) return [];
  const { rows } = await pool.query<{ sp: string; group_key: string }>(
    `SELECT DISTINCT x.sp, s.group_key
       FROM unnest($1::text[], $2::text[], $3::int[]) AS x(sp, raw, h)
       JOIN quote_shingles t ON t.speaker_id = x.raw AND t.shingle = x.h
       JOIN quote_speakers s ON s.quote_id = t.article_id || '#q' || t.quote_no`,
    [asks.sp, asks.raw, asks.shingle],
  );
  return rows;
}
