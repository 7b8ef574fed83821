// /timeline [topic] [from:] [to:]: dated events in order, each the verbatim
// clause or phrase its date dates (its sentence as context, the date expression
// highlighted), with every article that tells it, each in its own words.
import type { Answer } from '../answer.js';
import { labelOf } from '../dates/timex.js';
import { pageRequest, pagingFor } from './paging.js';
import type { Command } from './types.js';

/** Events are one sentence each, so a page can hold more of them than of snippets. */
export const TIMELINE_PAGE = 25;

export const timelineCommand: Command = {
  name: 'timeline',
  aliases: ['t', 'when'],
  summary: 'Dated events in order, each with the words its date dates and its sources.',
  usage: '/timeline [topic] [from:YYYY[-MM[-DD]]] [to:YYYY[-MM[-DD]]]',
  examples: ['/timeline', '/timeline Helsinki', '/timeline from:2018-07 to:2018-12'],
  needsQuery: false,
  options: ['limit', 'page', 'from', 'to'],
  async run(cmd, store): Promise<Answer> {
    const topic = cmd.args;
    const { from, to } = cmd.options;
    if (from && to && from > to && !to.startsWith(from) && !from.startsWith(to)) {
      return {
        command: 'timeline',
        query: topic,
        title: `from:${from} is after to:${to}`,
        items: [],
        error: { code: 'bad-range', message: `from:${from} is after to:${to}; swap them?` },
        suggestions: [`/timeline ${topic ? `${topic} ` : ''}from:${to} to:${from}`],
      };
    }
    const res = await store.timeline({ topic, from, to }, pageRequest(cmd, TIMELINE_PAGE));
    const range = [from ? `from ${from}` : '', to ? `to ${to}` : ''].filter(Boolean).join(' ');
    const title = `Timeline${topic ? `: ${topic}` : ''}${range ? ` (${range})` : ''}`;
    if (res.total === 0) {
      const notes: string[] = [];
      if (!res.anyDated) notes.push('No article in the corpus has a date that could be resolved.');
      else if (topic) {
        const suggestions = await store.didYouMean(topic);
        if (suggestions.length) notes.push(`Did you mean: ${suggestions.map((s) => `"${s}"`).join(', ')}?`);
      }
      return {
        command: 'timeline',
        query: topic,
        title: `No dated events${topic ? ` about "${topic}"` : ''}${range ? ` ${range}` : ''}`,
        items: [],
        notes,
        suggestions: topic || range ? ['/timeline'] : [],
      };
    }
    const paging = pagingFor(cmd, res.total, TIMELINE_PAGE);
    const first = res.first!;
    const last = res.last!;
    return {
      command: 'timeline',
      query: topic,
      title,
      summary: `${res.total} event${res.total === 1 ? '' : 's'} from ${res.articles} article${res.articles === 1 ? '' : 's'}, ${labelOf(first.value, first.mod)} to ${labelOf(last.value, last.mod)}`,
      items: res.items.map((e) => ({
        kind: 'event',
        text: e.text,
        context: e.context,
        highlights: e.highlights,
        date: e.value,
        dateLabel: labelOf(e.value, e.mod),
        sources: e.sources,
        ...(e.sourcesTotal !== undefined ? { sourcesTotal: e.sourcesTotal } : {}),
      })),
      paging,
    };
  },
};
