import type { Answer, AnswerItem } from '../answer.js';
import { pageRequest, pagingFor } from './paging.js';
import type { Command } from './types.js';

export const searchCommand: Command = {
  name: 'search',
  aliases: ['find', 's'],
  summary: 'Search every article; answers with the verbatim sentences that match, each with its source.',
  usage: '/search <words> [limit:N]',
  examples: ['/search Helsinki summit', '/search sanctions limit:3'],
  needsQuery: true,
  options: ['limit', 'page'],
  async run(cmd, store): Promise<Answer> {
    const res = await store.searchParagraphs(cmd.args, pageRequest(cmd));
    if (res.total === 0) {
      const suggestions = await store.didYouMean(cmd.args);
      return {
        command: 'search',
        query: cmd.args,
        title: `Nothing in the corpus matches "${cmd.args}"`,
        items: [],
        notes: suggestions.length ? [`Did you mean: ${suggestions.map((s) => `"${s}"`).join(', ')}?`] : [],
        suggestions: suggestions.map((s) => `/search ${s}`),
      };
    }
    const paging = pagingFor(cmd, res.total);
    const page: AnswerItem[] = res.items.map((s) => ({ kind: 'snippet', text: s.text, highlights: s.highlights, sources: [s.source] }));
    return {
      command: 'search',
      query: cmd.args,
      title: `Search: ${cmd.args}`,
      summary: `${res.total} passage${res.total === 1 ? '' : 's'} in ${res.articles} article${res.articles === 1 ? '' : 's'}`,
      items: page,
      paging,
    };
  },
};
