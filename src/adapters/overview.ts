// What App Home (and anything else that describes the bot) says about the corpus,
// read through the Store like every answer.
import type { Store } from '../core/store/types.js';

export interface CorpusOverview {
  ready: boolean;
  articles: number;
  newest: { title: string | null; outlet: string | null; published: string } | null;
  skipped: Array<{ file: string; reason: string }>;
}

export async function corpusOverview(store: Store): Promise<CorpusOverview> {
  const status = await store.status();
  // /sources lists first published first, undated articles first of all: the last one is the newest.
  const last = status.articles ? await store.sources({ offset: status.articles - 1, limit: 1 }) : { total: 0, items: [] };
  const a = last.items[0];
  const newest = a?.published ? { title: a.title, outlet: a.outlet, published: a.published } : null;
  const problems = await store.problems();
  return { ready: status.ready, articles: status.articles, newest, skipped: problems.map((p) => ({ file: p.file, reason: p.reason })) };
}
