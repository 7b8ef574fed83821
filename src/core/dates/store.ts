// Date mentions per article and dated events grouped across articles.
// (Placeholder shape; issue 4 fills it.)
import type { Article, DateMention, DatedEvent, DateModifier, Granularity } from '../types.js';

/** One event told by one or more articles (same date, similar sentence). */
export interface EventGroup {
  id: string;
  value: string;
  granularity: Granularity;
  mod: DateModifier;
  sortKey: string;
  events: DatedEvent[];
}

export interface DateStore {
  mentionsByArticle: Map<string, DateMention[]>;
  events: DatedEvent[];
  /** Chronological. */
  groups: EventGroup[];
}

/** Date expressions of one article, resolved against `published` (defaults to the article's). */
export function extractDates(_article: Article, _published?: string | null): DateMention[] {
  return [];
}

export function buildDateStore(articles: readonly Article[]): DateStore {
  const mentionsByArticle = new Map<string, DateMention[]>();
  for (const a of articles) mentionsByArticle.set(a.id, extractDates(a));
  return { mentionsByArticle, events: [], groups: [] };
}
