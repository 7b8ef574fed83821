// /timeline [topic] [from:] [to:]: dated events in order, each the verbatim
// sentence that dates it, with every article that tells it.
import type { Answer, AnswerItem } from '../answer.js';
import { sourceRef } from '../cite.js';
import type { EventGroup } from '../dates/store.js';
import { dayValue, labelOf, overlapsRange, periodOf } from '../dates/timex.js';
import type { Library } from '../library.js';
import { processTerm, tokenize } from '../search/text.js';
import type { Article, DatedEvent } from '../types.js';
import { paginate } from './paging.js';
import type { Command } from './types.js';

/** Events are one sentence each, so a page can hold more of them than of snippets. */
export const TIMELINE_PAGE = 25;

function termsOf(text: string): Array<{ term: string; at: number }> {
  const out: Array<{ term: string; at: number }> = [];
  for (const t of tokenize(text)) {
    const p = processTerm(t.word);
    if (p) out.push({ term: p, at: t.start });
  }
  return out;
}

/**
 * Which tellings are about the topic: the sentence has every topic word, or it is
 * in a paragraph the index matched and has a matched word. A sentence that dates
 * several things ("…in Osaka on Friday, the summit in Helsinki last July and the
 * mid-April release of Mueller's report") is about the topic only for the date
 * whose expression is nearest a topic word.
 */
function topicFilter(lib: Library, topic: string): (e: DatedEvent) => boolean {
  const wanted = [...new Set(termsOf(topic).map((t) => t.term))];
  const hits = new Map<string, Set<string>>();
  for (const h of lib.index.search(topic, { limit: 10_000 })) hits.set(`${h.articleId}\u0000${h.paragraphIndex}`, new Set(h.terms));
  const paragraphOf = (article: Article, at: number): number => article.paragraphs.find((p) => at >= p.start && at < p.end)?.index ?? -1;
  return (e) => {
    const article = lib.byId.get(e.articleId);
    if (!article) return false;
    const words = termsOf(e.text);
    const present = new Set(words.map((w) => w.term));
    let matched: Set<string>;
    if (wanted.length > 0 && wanted.every((w) => present.has(w))) matched = new Set(wanted);
    else {
      const inHit = hits.get(`${e.articleId}\u0000${paragraphOf(article, e.start)}`);
      if (!inHit) return false;
      matched = new Set([...inHit].filter((t) => present.has(t)));
      if (matched.size === 0) return false;
    }
    const dated = (lib.dates.mentionsByArticle.get(e.articleId) ?? []).filter((m) => m.value && m.start >= e.start && m.end <= e.end);
    if (new Set(dated.map((m) => m.value)).size <= 1) return true;
    for (const w of words) {
      if (!matched.has(w.term)) continue;
      const at = e.start + w.at;
      let nearest = dated[0]!;
      let best = Infinity;
      for (const m of dated) {
        const d = at < m.start ? m.start - at : at >= m.end ? at - m.end : 0;
        if (d < best) {
          best = d;
          nearest = m;
        }
      }
      if (nearest.value === e.value || within(e.value, nearest.value)) return true;
    }
    return false;
  };
}

/** Whether the period of `inner` lies inside that of `outer` ("2018-07-16" in "2018-W29"). */
function within(inner: string, outer: string): boolean {
  const a = periodOf(inner);
  const b = periodOf(outer);
  return !!a && !!b && dayValue(a.start) >= dayValue(b.start) && dayValue(a.end) <= dayValue(b.end);
}

function itemOf(lib: Library, g: EventGroup, shown: DatedEvent): AnswerItem {
  const sources = [];
  const seen = new Set<string>();
  // The shown sentence cites first; every other article cites its own telling.
  for (const e of [shown, ...g.events]) {
    if (seen.has(e.articleId)) continue;
    const article = lib.byId.get(e.articleId);
    if (!article) continue;
    seen.add(e.articleId);
    sources.push(sourceRef(article, e));
  }
  return { kind: 'event', text: shown.text, date: g.value, dateLabel: labelOf(g.value, g.mod), sources };
}

export const timelineCommand: Command = {
  name: 'timeline',
  aliases: ['t', 'when'],
  summary: 'Dated events in order, each with the sentence that dates it and its source.',
  usage: '/timeline [topic] [from:YYYY[-MM[-DD]]] [to:YYYY[-MM[-DD]]]',
  examples: ['/timeline', '/timeline Helsinki', '/timeline from:2018-07 to:2018-12'],
  needsQuery: false,
  options: ['limit', 'page', 'from', 'to'],
  run(cmd, lib): Answer {
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
    const onTopic = topic ? topicFilter(lib, topic) : null;
    const items: AnswerItem[] = [];
    for (const g of lib.dates.groups) {
      if ((from || to) && !overlapsRange(g.value, from, to)) continue;
      const rep = g.events[g.representative] ?? g.events[0]!;
      let shown: DatedEvent | undefined = rep;
      if (onTopic) shown = onTopic(rep) ? rep : g.events.find(onTopic);
      if (!shown) continue;
      items.push(itemOf(lib, g, shown));
    }
    const range = [from ? `from ${from}` : '', to ? `to ${to}` : ''].filter(Boolean).join(' ');
    const title = `Timeline${topic ? `: ${topic}` : ''}${range ? ` (${range})` : ''}`;
    if (items.length === 0) {
      const notes: string[] = [];
      if (lib.dates.groups.length === 0) notes.push('No article in the corpus has a date that could be resolved.');
      else if (topic) {
        const suggestions = lib.index.suggest(topic);
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
    const { page, paging } = paginate(items, cmd, TIMELINE_PAGE);
    const articles = new Set(items.flatMap((i) => i.sources.map((s) => s.file))).size;
    return {
      command: 'timeline',
      query: topic,
      title,
      summary: `${items.length} event${items.length === 1 ? '' : 's'} from ${articles} article${articles === 1 ? '' : 's'}, ${items[0]!.dateLabel} to ${items[items.length - 1]!.dateLabel}`,
      items: page,
      paging,
    };
  },
};
