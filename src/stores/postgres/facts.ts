// The facts one article gives, as rows: extracted by the same core code the memory
// store runs (corpus segmentation, quotes/ attribution and grouping keys, dates/
// events), so the database and the memory store know the same quotes, speakers and
// dated events.
import type { Article, DatedEvent, Quote, ReportedStatement, Speaker } from '../../core/types.js';
import { buildQuoteStore } from '../../core/quotes/store.js';
import { groupKey } from '../../core/quotes/group.js';
import { eventsOf, extractDates } from '../../core/dates/store.js';

export interface ArticleFacts {
  quotes: Array<Quote & { groupKey: string }>;
  reported: ReportedStatement[];
  /** Speakers this article mentions (whole records: name, aliases and roles as the corpus knows them). */
  speakers: Speaker[];
  events: DatedEvent[];
  /** Why the article's quotes were not extracted (over the extraction budget), or null. */
  quotesSkipped?: string | null;
}

/** Facts of each article (who is who is read within each article, so an article's facts depend on it alone). */
export function extractFacts(articles: readonly Article[]): Map<string, ArticleFacts> {
  const store = buildQuoteStore(articles);
  const out = new Map<string, ArticleFacts>();
  for (const a of articles) out.set(a.id, { quotes: [], reported: [], speakers: [], events: eventsOf(a, extractDates(a)), quotesSkipped: null });
  for (const x of store.skipped ?? []) {
    const f = out.get(x.articleId);
    if (f) f.quotesSkipped = x.reason;
  }
  for (const q of store.quotes) out.get(q.articleId)?.quotes.push({ ...q, groupKey: groupKey(q.text) });
  for (const r of store.reported) out.get(r.articleId)?.reported.push(r);
  for (const s of store.speakers.values()) {
    for (const id of s.articleIds) out.get(id)?.speakers.push(s);
  }
  return out;
}
