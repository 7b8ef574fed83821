import type { Answer, AnswerItem } from '../answer.js';
import { sourceRef } from '../cite.js';
import { makeSnippet } from '../search/snippet.js';
import { paginate } from './paging.js';
import type { Command } from './types.js';

export const searchCommand: Command = {
  name: 'search',
  aliases: ['find', 's'],
  summary: 'Search every article; answers with the verbatim sentences that match, each with its source.',
  usage: '/search <words> [limit:N]',
  examples: ['/search Helsinki summit', '/search sanctions limit:3'],
  needsQuery: true,
  options: ['limit', 'page'],
  run(cmd, lib): Answer {
    const hits = lib.index.search(cmd.args, { limit: 200 }).filter((h) => lib.byId.has(h.articleId));
    if (hits.length === 0) {
      const suggestions = lib.index.suggest(cmd.args);
      return {
        command: 'search',
        query: cmd.args,
        title: `Nothing in the corpus matches "${cmd.args}"`,
        items: [],
        notes: suggestions.length ? [`Did you mean: ${suggestions.map((s) => `"${s}"`).join(', ')}?`] : [],
        suggestions: suggestions.map((s) => `/search ${s}`),
      };
    }
    // Snippets only for the page shown: making one per hit is most of a query's time.
    const { page: pageHits, paging } = paginate(hits, cmd);
    const page: AnswerItem[] = [];
    for (const h of pageHits) {
      const article = lib.byId.get(h.articleId)!;
      const snip = makeSnippet(article, h.paragraphIndex, h.terms);
      if (snip) page.push({ kind: 'snippet', text: snip.text, highlights: snip.highlights, sources: [sourceRef(article, snip.span)] });
    }
    const articles = new Set(hits.map((h) => h.articleId)).size;
    return {
      command: 'search',
      query: cmd.args,
      title: `Search: ${cmd.args}`,
      summary: `${hits.length} passage${hits.length === 1 ? '' : 's'} in ${articles} article${articles === 1 ? '' : 's'}`,
      items: page,
      paging,
    };
  },
};
