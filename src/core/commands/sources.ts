import type { Answer, AnswerItem } from '../answer.js';
import { sourceRef } from '../cite.js';
import { paginate } from './paging.js';
import type { Command } from './types.js';

export const sourcesCommand: Command = {
  name: 'sources',
  aliases: ['articles', 'corpus'],
  summary: 'List every article in the corpus: outlet, title, date and how many quotes it has.',
  usage: '/sources [limit:N]',
  examples: ['/sources'],
  needsQuery: false,
  options: ['limit', 'page'],
  run(cmd, lib): Answer {
    const quoteCounts = new Map<string, number>();
    for (const q of lib.quotes.quotes) quoteCounts.set(q.articleId, (quoteCounts.get(q.articleId) ?? 0) + 1);
    const sorted = [...lib.articles].sort((a, b) => (a.meta.published ?? '').localeCompare(b.meta.published ?? '') || a.file.localeCompare(b.file));
    const items: AnswerItem[] = sorted.map((a) => {
      const n = quoteCounts.get(a.id) ?? 0;
      return {
        kind: 'article',
        text: a.meta.title ?? '(untitled)',
        label: `${a.meta.outlet ?? 'unknown outlet'} · ${a.meta.published ?? 'undated'} · ${n} quote${n === 1 ? '' : 's'}`,
        date: a.meta.published,
        sources: [sourceRef(a)],
      };
    });
    const { page, paging } = paginate(items, cmd, 25);
    const notes = lib.problems.map((p) => `Skipped ${p.file}: ${p.reason}`);
    return {
      command: 'sources',
      query: '',
      title: `${items.length} article${items.length === 1 ? '' : 's'} in the corpus`,
      items: page,
      paging,
      notes,
    };
  },
};
