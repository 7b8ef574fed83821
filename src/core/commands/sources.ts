import type { Answer, AnswerItem } from '../answer.js';
import { pageRequest, pagingFor } from './paging.js';
import type { Command } from './types.js';

const SOURCES_PAGE = 25;

export const sourcesCommand: Command = {
  name: 'sources',
  aliases: ['articles', 'corpus'],
  summary: 'List every article in the corpus: outlet, title, date and how many quotes it has.',
  usage: '/sources [limit:N]',
  examples: ['/sources'],
  needsQuery: false,
  options: ['limit', 'page'],
  async run(cmd, store): Promise<Answer> {
    const [res, problems] = await Promise.all([store.sources(pageRequest(cmd, SOURCES_PAGE)), store.problems()]);
    const page: AnswerItem[] = res.items.map((a) => ({
      kind: 'article',
      text: a.title ?? '(untitled)',
      label: `${a.outlet ?? 'unknown outlet'} · ${a.published ?? 'date unknown'} · ${a.quotes} quote${a.quotes === 1 ? '' : 's'}`,
      date: a.published,
      sources: [a.source],
    }));
    const notes = problems.map((p) => `Skipped ${p.file}: ${p.reason}`);
    // Unknown stays unknown: say which articles have no date rather than let a reader assume one.
    const undated = res.items.filter((a) => !a.published).length;
    if (undated > 0) {
      notes.push(
        `${undated === 1 ? '1 article here has' : `${undated} articles here have`} an unknown publication date (the page gave none; quotebot does not guess one): add it again with --published YYYY-MM-DD to set it.`,
      );
    }
    return {
      command: 'sources',
      query: '',
      title: `${res.total} article${res.total === 1 ? '' : 's'} in the corpus`,
      items: page,
      paging: pagingFor(cmd, res.total, SOURCES_PAGE),
      notes,
    };
  },
};
