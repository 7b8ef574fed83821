// What App Home (and anything else that describes the bot) says about the corpus.
import type { Bot } from './types.js';

export interface CorpusOverview {
  articles: number;
  newest: { title: string | null; outlet: string | null; published: string } | null;
  skipped: Array<{ file: string; reason: string }>;
}

export function corpusOverview(bot: Bot): CorpusOverview {
  const lib = bot.library();
  let newest: CorpusOverview['newest'] = null;
  for (const a of lib.articles) {
    const p = a.meta.published;
    if (p && (!newest || p > newest.published)) newest = { title: a.meta.title, outlet: a.meta.outlet, published: p };
  }
  return { articles: lib.articles.length, newest, skipped: lib.problems.map((p) => ({ file: p.file, reason: p.reason })) };
}
