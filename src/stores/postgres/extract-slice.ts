// What ingest does to one slice of a folder before writing it: read and clean each
// file, skip the ones the database already holds unchanged (content hash), and
// extract the facts of the rest. It depends on the files alone, so it runs on
// worker threads (extract-pool.ts) as well as in-process; the result is plain data.
import { loadListed, type CorpusListing } from '../../core/corpus/load.js';
import type { Article, LoadProblem } from '../../core/types.js';
import { contentHash } from './codec.js';
import { extractFacts, type ArticleFacts } from './facts.js';

export interface SliceRequest {
  dir: string;
  listing: CorpusListing;
  ids: string[];
  /** Stored content hashes of these ids (absent: not in the database). */
  stored: Record<string, string>;
}

export type SliceItem =
  | { kind: 'problem'; problem: LoadProblem }
  | { kind: 'unchanged'; id: string }
  | { kind: 'article'; article: Article; facts: ArticleFacts }
  /** The extractor threw on this article (or the slice could not be read): it fails alone, the database keeps what it had. */
  | { kind: 'failed'; id: string; error: string };

/** Articles extracted together: one quote store per few articles, not per article. */
const EXTRACT_STEP = 5;

export async function extractSlice(req: SliceRequest, between: () => Promise<void> = async () => undefined): Promise<SliceItem[]> {
  // A stored article's file is hashed before it is built: an unchanged one is not built at all.
  const results = await loadListed(req.dir, req.listing, req.ids, { held: (id, pre) => req.stored[id] === contentHash(pre) });
  const items: SliceItem[] = [];
  const todo: Article[] = [];
  for (const [i, r] of results.entries()) {
    if (r.held) items.push({ kind: 'unchanged', id: req.ids[i]! });
    if (r.problem) items.push({ kind: 'problem', problem: r.problem });
    if (!r.article) continue;
    if (req.stored[r.article.id] === contentHash(r.article)) items.push({ kind: 'unchanged', id: r.article.id });
    else todo.push(r.article);
  }
  for (let i = 0; i < todo.length; i += EXTRACT_STEP) {
    const step = todo.slice(i, i + EXTRACT_STEP);
    let facts: Map<string, ArticleFacts> | null = null;
    try {
      facts = extractFacts(step);
    } catch {
      // Redone article by article below, so one article the extractor chokes on fails alone.
    }
    for (const a of step) {
      try {
        items.push({ kind: 'article', article: a, facts: facts?.get(a.id) ?? extractFacts([a]).get(a.id)! });
      } catch (err) {
        items.push({ kind: 'failed', id: a.id, error: err instanceof Error ? err.message : String(err) });
      }
    }
    await between();
  }
  return items;
}
