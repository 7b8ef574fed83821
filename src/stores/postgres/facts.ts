// The facts one article gives, as rows: extracted by the same core code the memory
// store runs (corpus segmentation, quotes/ attribution and grouping keys, dates/
// events), so the database and the memory store know the same quotes, speakers and
// dated events.
import type { Article, DatedEvent, DateMention, Quote, ReportedStatement, Speaker } from '../../core/types.js';
import { attributeQuotes, extractArticleQuotes, type ArticleQuotes } from '../../core/quotes/store.js';
import { SpeakerTable } from '../../core/quotes/speakers.js';
import { groupKey } from '../../core/quotes/group.js';
import { eventsOf, extractDates } from '../../core/dates/store.js';

export interface ArticleFacts {
  quotes: Array<Quote & { groupKey: string }>;
  reported: ReportedStatement[];
  /** Speakers this article mentions (whole records: name, aliases and roles as the corpus knows them). */
  speakers: Speaker[];
  events: DatedEvent[];
  /**
   * The article's speakers as its own notes make them (before any corpus-wide surname
   * merge), in note order, each with the quotes the article attributes to it: folded in
   * corpus order they are the corpus's speaker table (speaker-rows.ts).
   */
  notes: SpeakerNote[];
  /** Each quote's and reported statement's speaker as the article's notes name it (null: no speaker), in fact order. */
  attributed: { quotes: Array<string | null>; reported: string[] };
  /** Why the article's quotes were not extracted (over the extraction budget), or null. */
  quotesSkipped?: string | null;
  /** The article's date mentions (the timeline rows keep the dates inside each event's words; absent: they extract them again). */
  mentions?: DateMention[];
}

export interface SpeakerNote extends Speaker {
  quotes: number;
}

/** The article's part of the corpus's speaker table (quotes/store.ts buildQuoteStore notes them so), and who its facts are attributed to. */
function notesOf(articleId: string, x: ArticleQuotes): Pick<ArticleFacts, 'notes' | 'attributed'> {
  const table = new SpeakerTable();
  const speakers = x.notes.map((n) => table.note(n.r, n.m, articleId, n.role));
  const quotes = new Map<string, number>();
  for (const q of x.quotes) if (q.note >= 0) quotes.set(speakers[q.note]!.id, (quotes.get(speakers[q.note]!.id) ?? 0) + 1);
  return {
    notes: [...table.map.values()].map((s) => ({ ...s, quotes: quotes.get(s.id) ?? 0 })),
    attributed: { quotes: x.quotes.map((q) => (q.note >= 0 ? speakers[q.note]!.id : null)), reported: x.reported.map((r) => speakers[r.note]!.id) },
  };
}

/** Facts of each article (who is who is read within each article, so an article's facts depend on it alone). */
export function extractFacts(articles: readonly Article[]): Map<string, ArticleFacts> {
  // Each article extracted once: its notes here, and the batch's attribution from the same extraction
  // (attribution only: the database groups and searches quotes itself, so the store's groups, search and rankings would be thrown away).
  const extracted = new Map(articles.map((a) => [a.id, extractArticleQuotes(a)] as const));
  const store = attributeQuotes(articles, { extracted: (a) => extracted.get(a.id) });
  const out = new Map<string, ArticleFacts>();
  for (const a of articles) {
    const x = extracted.get(a.id)!;
    const dates = extractDates(a);
    out.set(a.id, { quotes: [], reported: [], speakers: [], ...notesOf(a.id, x), events: eventsOf(a, dates), quotesSkipped: null, mentions: dates });
  }
  for (const x of store.skipped) {
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
