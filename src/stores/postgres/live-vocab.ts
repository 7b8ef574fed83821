// The live-word tables (search_vocab_live, quote_vocab_live: migration 14) in a bulk
// ingest: its batches skip the triggers that keep them row by row (migration 19), and
// the tables are brought back to exactly the vocabularies' words once at its end. Every
// other writer (add, feeds, the watcher, a small ingest) keeps them per write as before.
import type pg from 'pg';
import { inTransaction, withTimeout } from './pool.js';
import { CHANNEL } from './writer.js';

/** Set in a batch's transaction (SET LOCAL) so the live-word triggers skip its rows. */
export const DEFER_LIVE = "SET LOCAL quotebot.defer_live = 'on'";

/** Say a resync is due, committed before any batch skips the triggers (an ingest stopped midway leaves it said). */
export async function markLiveStale(pool: pg.Pool): Promise<void> {
  await pool.query('UPDATE corpus_state SET live_stale = true WHERE id = 1 AND NOT live_stale');
}

/**
 * When a resync is due (this ingest's batches or an earlier one stopped midway deferred
 * the tables): make each live table the vocabulary's words with a count, as the triggers
 * would have. The vocabularies are locked against writers meanwhile (SHARE: reads go on),
 * so a write committing during the resync cannot be lost between its two statements.
 * Returns whether it ran.
 */
export async function resyncLiveIfStale(pool: pg.Pool, timeoutMs?: number): Promise<boolean> {
  // Its statements read a whole vocabulary: their own timeout, as ingest's other corpus-wide ones.
  const long = (text: string) => withTimeout(text, timeoutMs);
  return inTransaction(pool, async (c) => {
    const { rows } = await c.query<{ live_stale: boolean }>('SELECT live_stale FROM corpus_state WHERE id = 1 FOR UPDATE');
    if (!rows[0]?.live_stale) return false;
    await c.query(long('LOCK TABLE search_vocab, quote_word_vocab IN SHARE MODE'));
    // Only the rows that differ are written: most of a corpus's words are already there after an earlier ingest.
    await c.query(
      long(`INSERT INTO search_vocab_live AS l (word, stem, first_article, first_pos)
       SELECT word, stem, first_article, first_pos FROM search_vocab WHERE freq > 0
       ON CONFLICT (word) DO UPDATE SET stem = EXCLUDED.stem, first_article = EXCLUDED.first_article, first_pos = EXCLUDED.first_pos
        WHERE (l.stem, l.first_article, l.first_pos) IS DISTINCT FROM (EXCLUDED.stem, EXCLUDED.first_article, EXCLUDED.first_pos)`),
    );
    await c.query(long('DELETE FROM search_vocab_live l WHERE NOT EXISTS (SELECT 1 FROM search_vocab v WHERE v.word = l.word AND v.freq > 0)'));
    await c.query(
      long(`INSERT INTO quote_vocab_live AS l (term, first_ord, first_pos)
       SELECT term, first_ord, first_pos FROM quote_word_vocab WHERE df > 0
       ON CONFLICT (term) DO UPDATE SET first_ord = EXCLUDED.first_ord, first_pos = EXCLUDED.first_pos
        WHERE (l.first_ord, l.first_pos) IS DISTINCT FROM (EXCLUDED.first_ord, EXCLUDED.first_pos)`),
    );
    await c.query(long('DELETE FROM quote_vocab_live l WHERE NOT EXISTS (SELECT 1 FROM quote_word_vocab v WHERE v.term = l.term AND v.df > 0)'));
    // A new corpus version: a reader's look-ups kept for the last batch's version (made from the stale tables) are dropped.
    await c.query(
      `WITH v AS (UPDATE corpus_state SET live_stale = false, version = version + 1, updated_at = now() WHERE id = 1 RETURNING version)
       SELECT pg_notify($1, json_build_object('version', v.version, 'upserted', '[]'::json, 'removed', '[]'::json)::text) FROM v`,
      [CHANNEL],
    );
    return true;
  });
}
