// `quotebot ingest`: make the database hold exactly the articles of one folder.
// New and changed files are written in batches, one transaction each; a batch that
// fails is rolled back and written again article by article, one transaction each,
// so an article that fails rolls back alone and the rest go on; files gone from the folder are removed, and
// an unchanged file (same content hash) is not touched, so running it twice is a no-op.
import type pg from 'pg';
import { listCorpus } from '../../core/corpus/load.js';
import type { Article, LoadProblem } from '../../core/types.js';
import { defaultExtractThreads, ExtractPool } from './extract-pool.js';
import type { SliceItem } from './extract-slice.js';
import { inTransaction, withTimeout } from './pool.js';
import { deleteArticle, recordProblem, writeArticles, type ArticleToStore } from './writer.js';
import { ensureHeadLists } from './search-head-rows.js';
import { fillQuoteShingles } from './quote-shingles.js';
import { markTimelineStale, regroupAll, timelineStale } from './timeline-groups.js';
import { refreshDirtySpeakers } from './suggest-rows.js';
import { DEFER_LIVE, markLiveStale, resyncLiveIfStale } from './live-vocab.js';
import { statisticsDue } from './planner-stats.js';

export interface IngestProgress {
  done: number;
  total: number;
  file: string;
}

export interface IngestReport {
  /** Articles in the folder. */
  articles: number;
  added: string[];
  changed: string[];
  removed: string[];
  unchanged: number;
  /** Files the loader skipped (recorded in the problems table) and why. */
  skipped: Array<{ file: string; reason: string }>;
  /** Articles whose write failed and was rolled back (the database keeps their previous state). */
  failed: Array<{ file: string; error: string }>;
  /** Slices of files read and extracted on worker threads, and those a thread could not finish (read here instead). */
  threads: { slices: number; recovered: number };
}

export interface IngestOptions {
  onProgress?: (p: IngestProgress) => void;
  /** Batches written at once, each on its own connection (default 2; the pool must allow as many). */
  concurrency?: number;
  /** Articles per batch transaction (default 50). */
  batch?: number;
  /** Threads reading and extracting files while this one writes (default: the cores but one; 0: all in this thread). */
  threads?: number;
  /** Articles written or removed from which the run is a bulk load, vacuumed, and analysed when planner-stats.ts says so (default 500; tests set fewer). */
  bulkAfter?: number;
  /** New files from which the batches leave the live-word tables to one resync at the end (default 1,000; tests set fewer). */
  deferLiveFrom?: number;
}

/**
 * Files read, extracted and written per slice, so the folder is never in memory whole
 * (a 200k-article archive would not fit in a default Node heap), and the next slice
 * is read and extracted while the server writes this one.
 */
const SLICE = 100;
/** Articles per batch transaction: large enough that per-statement costs vanish, small enough that a retry article by article is short. */
const BATCH = 50;
/** Articles written or removed from which a run is a bulk load: vacuumed, and analysed when the statistics are due (planner-stats.ts). */
const ANALYZE_AFTER = 500;
/**
 * New files from which the batches skip the live-word triggers and the tables are resynced
 * once at the end (live-vocab.ts): the resync reads both vocabularies whole, which per-row
 * upkeep beats for a few articles; from some thousands the upkeep costs the more.
 */
const DEFER_LIVE_FROM = 1000;

/**
 * How long `ingest` waits for one statement: its corpus-wide ones (ANALYZE, regrouping
 * every date value, refreshing every speaker's suggestions) ran past the bot's 15 s at 10k
 * articles on a busy machine and failed an ingest whose articles were all written.
 */
export const INGEST_QUERY_TIMEOUT_MS = 30 * 60_000;
/** Slices read and extracted ahead of the one being written, per extraction thread. */
const AHEAD = 2;

export async function ingestFolder(pool: pg.Pool, dir: string, opts: IngestOptions = {}): Promise<IngestReport> {
  const listing = await listCorpus(dir);
  const stored = new Map<string, string>();
  for (const r of (await pool.query<{ id: string; content_hash: string }>('SELECT id, content_hash FROM articles')).rows) stored.set(r.id, r.content_hash);
  const storedProblems = new Map<string, string>();
  for (const r of (await pool.query<{ file: string; reason: string }>('SELECT file, reason FROM problems')).rows) storedProblems.set(r.file, r.reason);

  const report: IngestReport = { articles: 0, added: [], changed: [], removed: [], unchanged: 0, skipped: [], failed: [], threads: { slices: 0, recovered: 0 } };
  const inFolder = new Set([...listing.ids, ...listing.problems.map((p) => p.file)]);
  const gone = [...new Set([...stored.keys(), ...storedProblems.keys()])].filter((id) => !inFolder.has(id));
  // Every listed file once (written, unchanged or skipped), then every removal.
  const total = listing.ids.length + listing.problems.length + gone.length;
  let done = 0;
  const tick = (file: string) => opts.onProgress?.({ done: ++done, total, file });
  const problems: LoadProblem[] = [...listing.problems];
  const concurrency = opts.concurrency ?? 2;

  const batchSize = Math.max(1, opts.batch ?? BATCH);
  const written = (a: Article) => {
    (stored.has(a.id) ? report.changed : report.added).push(a.id);
    tick(a.id);
  };
  const failed = (id: string, err: unknown) => {
    report.failed.push({ file: id, error: err instanceof Error ? err.message : String(err) });
    tick(id);
  };
  // The timeline's values are grouped once at the end (timeline-groups.ts), not per batch: marked stale before the first write.
  let marked: Promise<void> | null = null;
  const stale = (): Promise<void> => (marked ??= markTimelineStale(pool));
  const defer = { deferTimeline: true, deferSuggest: true };
  // A bulk load (many new files): the live-word tables are marked due for a resync before the first batch, which then skips their triggers.
  const deferLive = listing.ids.filter((id) => !stored.has(id)).length >= (opts.deferLiveFrom ?? DEFER_LIVE_FROM);
  let liveMarked: Promise<void> | null = null;
  // Ingest can always be run again (it is idempotent), so it need not wait for each commit to reach the disk.
  const commit = async (items: readonly ArticleToStore[]) => {
    await stale();
    if (deferLive) await (liveMarked ??= markLiveStale(pool));
    return inTransaction(pool, async (c) => {
      if (deferLive) await c.query(DEFER_LIVE);
      return writeArticles(c, items, defer);
    }, { asyncCommit: true });
  };
  const writeBatch = async (items: readonly ArticleToStore[]): Promise<void> => {
    if (!items.length) return;
    try {
      await commit(items);
      for (const it of items) written(it.article);
      return;
    } catch (err) {
      if (items.length === 1) return failed(items[0]!.article.id, err);
    }
    // The batch rolled back whole: each article again alone, so only the one at fault fails.
    for (const it of items) {
      try {
        await commit([it]);
        written(it.article);
      } catch (err) {
        failed(it.article.id, err);
      }
    }
  };
  const write = async (todo: readonly ArticleToStore[]): Promise<void> => {
    let next = 0;
    const writer = async (): Promise<void> => {
      while (next < todo.length) {
        const slice = todo.slice(next, (next += batchSize));
        await writeBatch(slice);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, Math.ceil(todo.length / batchSize)) }, writer));
  };

  const threads = opts.threads ?? defaultExtractThreads();
  const extractor = new ExtractPool(threads);
  try {
    const storedOf = (ids: readonly string[]): Record<string, string> => {
      const out: Record<string, string> = {};
      for (const id of ids) {
        const h = stored.get(id);
        if (h !== undefined) out[id] = h;
      }
      return out;
    };
    // Slices are extracted ahead (in order of the listing) while the one before is written.
    const slices: string[][] = [];
    for (let i = 0; i < listing.ids.length; i += SLICE) slices.push(listing.ids.slice(i, i + SLICE));
    const extracting: Array<Promise<SliceItem[]>> = [];
    const ahead = Math.max(1, threads * AHEAD);
    const request = (k: number) => {
      if (k < slices.length) extracting[k] = extractor.extract({ dir, listing, ids: slices[k]!, stored: storedOf(slices[k]!) });
    };
    for (let k = 0; k < Math.min(ahead, slices.length); k++) request(k);
    let writing: Promise<void> = Promise.resolve();
    for (let k = 0; k < slices.length; k++) {
      const items = await extracting[k]!;
      delete extracting[k];
      request(k + ahead);
      const todo: ArticleToStore[] = [];
      for (const it of items) {
        if (it.kind === 'problem') problems.push(it.problem);
        else if (it.kind === 'unchanged') {
          report.articles++;
          report.unchanged++;
          tick(it.id);
        } else if (it.kind === 'failed') {
          report.articles++;
          failed(it.id, it.error);
        } else {
          report.articles++;
          todo.push({ article: it.article, facts: it.facts });
        }
      }
      await writing;
      writing = write(todo);
    }
    await writing;
  } finally {
    report.threads = { slices: extractor.onThreads, recovered: extractor.recovered };
    await extractor.close();
  }
  report.added.sort();
  report.changed.sort();
  report.failed.sort((x, y) => (x.file < y.file ? -1 : 1));
  for (const id of gone) {
    try {
      await stale();
      if ((await inTransaction(pool, (c) => deleteArticle(c, id, defer))) !== null && stored.has(id)) report.removed.push(id);
    } catch (err) {
      report.failed.push({ file: id, error: err instanceof Error ? err.message : String(err) });
    }
    tick(id);
  }
  problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  for (const p of problems) {
    report.skipped.push({ file: p.file, reason: p.reason });
    try {
      if (storedProblems.get(p.file) !== p.reason || stored.has(p.file)) {
        await stale();
        await inTransaction(pool, (c) => recordProblem(c, p.file, p.reason, defer));
      }
    } catch (err) {
      report.failed.push({ file: p.file, error: err instanceof Error ? err.message : String(err) });
    }
    tick(p.file);
  }
  // After a bulk load the planner's statistics are stale (or, on a server without
  // autovacuum, absent): every query would be planned for empty tables.
  // This run's deferred live words, or those of a bulk ingest stopped before its end.
  await resyncLiveIfStale(pool, INGEST_QUERY_TIMEOUT_MS);
  const churn = report.added.length + report.changed.length + report.removed.length;
  const bulk = churn >= (opts.bulkAfter ?? ANALYZE_AFTER);
  // Not after an increment that leaves the statistics still true of the corpus (planner-stats.ts).
  const analyse = bulk && (await statisticsDue(pool, churn, stored.size + report.added.length - report.removed.length));
  if (analyse) await pool.query('ANALYZE');
  // Head-term lists no write has built: a database from before them, or changed head settings (search-head-rows.ts).
  await inTransaction(pool, (c) => ensureHeadLists(c));
  // Quote shingles of a database written before them (migration 20): until filled, /quote WORDS lists each hit speaker's statements.
  const shinglesFilled = await inTransaction(pool, (c) => fillQuoteShingles(c));
  // Also after an ingest that stopped before its end (the mark stays set).
  const regrouped = await timelineStale(pool);
  if (regrouped) await regroupAll(pool);
  // Autocomplete's speakers the batches marked, each once (also those of an ingest that stopped before its end).
  await refreshDirtySpeakers(pool);
  // The steps above filled tables after the ANALYZE (or with none): planned from those statistics, every
  // event looked ungrouped (a topic's tellings were read by scanning them all) and autocomplete's speakers
  // empty. After a bulk load the tables read by index-only scans are vacuumed too, since nothing else may do
  // it (a server without autovacuum): until a table's pages are marked all-visible, such a scan (a word's
  // best quote groups, /verify's postings, a range's articles, autocomplete's keys, a speaker's statements) reads each row's page as
  // well, ten to twenty times the pages of the index. Only those: the whole database would cost a bulk load
  // some 10% more server time. Its own timeout, which may outlast the pool's of a bot's store.
  // The vacuum is due after every bulk load (it marks the new pages all-visible); its ANALYZE only with the one above.
  if (bulk) {
    await pool.query(
      withTimeout(`VACUUM ${analyse ? '(ANALYZE) ' : ''}quote_word_postings, verify_postings, timeline_events, suggest_topic_keys, suggest_speaker_keys, quote_speakers, quote_shingles`, INGEST_QUERY_TIMEOUT_MS),
    );
    if (analyse) await pool.query('ANALYZE timeline_groups, suggest_speakers, search_heads, search_head_docs');
    // Filled whole by this run while the rest's statistics still hold: planned from none, it would look empty.
    else if (shinglesFilled) await pool.query('ANALYZE quote_shingles');
  } else {
    if (regrouped) await pool.query('ANALYZE timeline_events, timeline_groups');
    // Filled whole by this run: its look-ups are index-only scans once vacuumed.
    if (shinglesFilled) await pool.query(withTimeout('VACUUM (ANALYZE) quote_shingles', INGEST_QUERY_TIMEOUT_MS));
  }
  return report;
}
