// `quotebot ingest`: make the database hold exactly the articles of one folder.
// New and changed files are written one transaction each (an article that fails
// rolls back alone and the rest go on), files gone from the folder are removed, and
// an unchanged file (same content hash) is not touched, so running it twice is a no-op.
import type pg from 'pg';
import { loadCorpus } from '../../core/corpus/load.js';
import type { Article, LoadProblem } from '../../core/types.js';
import { contentHash } from './codec.js';
import { extractFacts, type ArticleFacts } from './facts.js';
import { inTransaction } from './pool.js';
import { deleteArticle, recordProblem, writeArticle } from './writer.js';

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
}

export interface IngestOptions {
  onProgress?: (p: IngestProgress) => void;
  /** Articles written at once, each on its own connection (default 4; the pool must allow as many). */
  concurrency?: number;
}

export async function ingestFolder(pool: pg.Pool, dir: string, opts: IngestOptions = {}): Promise<IngestReport> {
  const { articles, problems } = await loadCorpus(dir);
  return ingestArticles(pool, articles, problems, opts);
}

/** Make the database hold exactly these articles (and these skipped files): what ingestFolder does once the folder is read. */
export async function ingestArticles(pool: pg.Pool, articles: readonly Article[], problems: readonly LoadProblem[], opts: IngestOptions = {}): Promise<IngestReport> {
  const stored = new Map<string, string>();
  for (const r of (await pool.query<{ id: string; content_hash: string }>('SELECT id, content_hash FROM articles')).rows) stored.set(r.id, r.content_hash);
  const storedProblems = new Map<string, string>();
  for (const r of (await pool.query<{ file: string; reason: string }>('SELECT file, reason FROM problems')).rows) storedProblems.set(r.file, r.reason);

  const report: IngestReport = { articles: articles.length, added: [], changed: [], removed: [], unchanged: 0, skipped: [], failed: [] };
  const todo: Article[] = [];
  for (const a of articles) {
    const h = stored.get(a.id);
    if (h === contentHash(a)) report.unchanged++;
    else todo.push(a);
  }
  const inFolder = new Set([...articles.map((a) => a.id), ...problems.map((p) => p.file)]);
  const gone = [...new Set([...stored.keys(), ...storedProblems.keys()])].filter((id) => !inFolder.has(id));
  const total = todo.length + gone.length + problems.length;
  let done = 0;
  const tick = (file: string) => opts.onProgress?.({ done: ++done, total, file });

  const facts = factsFor(todo);
  // Articles are independent transactions: a few at once keep the server busy while this process extracts.
  let next = 0;
  const writer = async (): Promise<void> => {
    while (next < todo.length) {
      const a = todo[next++]!;
      try {
        const f = facts(a);
        // Ingest can always be run again (it is idempotent), so it need not wait for each commit to reach the disk.
        await inTransaction(pool, (c) => writeArticle(c, a, f), { asyncCommit: true });
        (stored.has(a.id) ? report.changed : report.added).push(a.id);
      } catch (err) {
        report.failed.push({ file: a.id, error: err instanceof Error ? err.message : String(err) });
      }
      tick(a.id);
    }
  };
  await Promise.all(Array.from({ length: Math.min(opts.concurrency ?? 4, todo.length) }, writer));
  report.added.sort();
  report.changed.sort();
  report.failed.sort((x, y) => (x.file < y.file ? -1 : 1));
  for (const id of gone) {
    try {
      if ((await inTransaction(pool, (c) => deleteArticle(c, id))) !== null && stored.has(id)) report.removed.push(id);
    } catch (err) {
      report.failed.push({ file: id, error: err instanceof Error ? err.message : String(err) });
    }
    tick(id);
  }
  for (const p of problems) {
    report.skipped.push({ file: p.file, reason: p.reason });
    try {
      if (storedProblems.get(p.file) !== p.reason || stored.has(p.file)) await inTransaction(pool, (c) => recordProblem(c, p.file, p.reason));
    } catch (err) {
      report.failed.push({ file: p.file, error: err instanceof Error ? err.message : String(err) });
    }
    tick(p.file);
  }
  return report;
}

/**
 * Facts of the articles to write, extracted together (the quote store shares its
 * speaker table); if that throws, each article on its own, so one article the
 * extractor chokes on fails alone.
 */
function factsFor(todo: readonly Article[]): (a: Article) => ArticleFacts {
  let batch: Map<string, ArticleFacts> | null = null;
  try {
    batch = todo.length ? extractFacts(todo) : new Map();
  } catch {
    batch = null;
  }
  return (a) => batch?.get(a.id) ?? extractFacts([a]).get(a.id)!;
}
