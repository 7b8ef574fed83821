// An article's dated events as timeline rows, made at write time by the same core
// code the memory store's date store runs (dates/store.ts eventsOf and its per-event
// facts, search/text.ts terms, cite.ts citations), so that a /timeline read from
// these rows gives the memory store's answers. Written and removed with the article,
// in its transaction.
import type pg from 'pg';
import { sourceRef } from '../../core/cite.js';
import { contentTerms, extractDates } from '../../core/dates/store.js';
import { spanOf } from '../../core/dates/timex.js';
import { processTerm, tokenize } from '../../core/search/text.js';
import type { Article, DateMention, DatedEvent } from '../../core/types.js';

export interface TimelineRow {
  articleId: string;
  /** The event's number in its article, from 1 (its id is `${articleId}#e${ord}`): corpus order within the article. */
  ord: number;
  event: DatedEvent;
  /** `Paragraph.index` of the paragraph the event starts in, -1 if none. */
  paragraph: number;
  /** The dated mentions inside the event's words when they hold more than one date, else null. */
  dates: Array<[string, number, number]> | null;
  /** Distinct index terms (processTerm) of the event's words, as topic filters read them. */
  terms: string[];
  /** Distinct content terms (grouping's), as the date store reads them. */
  contentTerms: string[];
}

/** Distinct index terms of a text, in first-met order (the date store's sentence index). */
export function indexTerms(text: string): string[] {
  const out = new Set<string>();
  for (const t of tokenize(text)) {
    const p = processTerm(t.word);
    if (p) out.add(p);
  }
  return [...out];
}

/** The timeline rows of one article's events (`mentions`: its extractDates, made now when not given). */
export function timelineRows(article: Article, events: readonly DatedEvent[], mentions?: readonly DateMention[]): TimelineRow[] {
  if (!events.length) return [];
  const all = mentions ?? extractDates(article);
  return events.map((e, i) => {
    // As dateStoreSteps: the paragraph the event starts in, and whether its words hold several dates.
    const paragraph = article.paragraphs.find((p) => e.start >= p.start && e.start < p.end)?.index ?? -1;
    const inside = all.filter((m) => m.value && m.start >= e.start && m.end <= e.end);
    const many = inside.some((m) => m.value !== inside[0]!.value);
    return {
      articleId: article.id,
      ord: i + 1,
      event: e,
      paragraph,
      dates: many ? inside.map((m) => [m.value, m.start, m.end] as [string, number, number]) : null,
      terms: indexTerms(e.text),
      contentTerms: [...contentTerms(e.text)],
    };
  });
}

/** What a write changed: the values to group again and each content term's change in event count ('' for all events). */
export interface TimelineChange {
  values: Set<string>;
  counts: Map<string, number>;
}

export function emptyChange(): TimelineChange {
  return { values: new Set(), counts: new Map() };
}

function count(change: TimelineChange, value: string, terms: readonly string[], by: number): void {
  change.values.add(value);
  change.counts.set('', (change.counts.get('') ?? 0) + by);
  for (const t of terms) change.counts.set(t, (change.counts.get(t) ?? 0) + by);
}

/** Delete the articles' timeline rows; returns what they counted. */
export async function takeTimelineRows(client: pg.ClientBase, ids: readonly string[], into: TimelineChange = emptyChange()): Promise<TimelineChange> {
  if (!ids.length) return into;
  const { rows } = await client.query<{ value: string; content_terms: string[] }>(
    'DELETE FROM timeline_events WHERE article_id = ANY($1::text[]) RETURNING value, content_terms',
    [ids],
  );
  for (const r of rows) count(into, r.value, r.content_terms, -1);
  return into;
}

/** Insert the articles' timeline rows (ungrouped: timeline-groups.ts places them); adds what they count to `into`. */
export async function insertTimelineRows(
  client: pg.ClientBase,
  items: ReadonlyArray<{ article: Article; events: readonly DatedEvent[]; mentions?: readonly DateMention[] }>,
  into: TimelineChange = emptyChange(),
): Promise<TimelineChange> {
  const cols = {
    article: [] as string[], ord: [] as number[], value: [] as string[], granularity: [] as string[], mod: [] as Array<string | null>,
    sort: [] as string[], start: [] as number[], end: [] as number[], text: [] as string[], context: [] as string[], cstart: [] as number[],
    xstart: [] as number[], xend: [] as number[], paragraph: [] as number[], dates: [] as Array<string | null>, terms: [] as string[],
    content: [] as string[], source: [] as string[], vstart: [] as string[], vend: [] as string[],
  };
  for (const { article, events, mentions } of items) {
    for (const r of timelineRows(article, events, mentions)) {
      const e = r.event;
      const span = spanOf(e.value);
      cols.article.push(r.articleId);
      cols.ord.push(r.ord);
      cols.value.push(e.value);
      cols.granularity.push(e.granularity);
      cols.mod.push(e.mod);
      cols.sort.push(e.sortKey);
      cols.start.push(e.start);
      cols.end.push(e.end);
      cols.text.push(e.text);
      cols.context.push(e.context);
      cols.cstart.push(e.contextStart);
      cols.xstart.push(e.exprStart);
      cols.xend.push(e.exprEnd);
      cols.paragraph.push(r.paragraph);
      cols.dates.push(r.dates ? JSON.stringify(r.dates) : null);
      // Arrays of arrays cannot go through unnest(): each term list travels as a JSON array.
      cols.terms.push(JSON.stringify(r.terms));
      cols.content.push(JSON.stringify(r.contentTerms));
      cols.source.push(JSON.stringify(sourceRef(article, e)));
      cols.vstart.push(span?.start ?? '');
      cols.vend.push(span?.end ?? '');
      count(into, e.value, r.contentTerms, 1);
    }
  }
  if (!cols.article.length) return into;
  await client.query(
    `INSERT INTO timeline_events (article_id, ord, value, granularity, mod, sort_key, start_at, end_at, text, context, context_start,
                                  expr_start, expr_end, paragraph, dates, terms, content_terms, source, value_start, value_end)
     SELECT x.a, x.o, x.v, x.g, x.m, x.s, x.st, x.en, x.t, x.c, x.cs, x.xs, x.xe, x.p, x.d,
            ARRAY(SELECT json_array_elements_text(x.tm)), ARRAY(SELECT json_array_elements_text(x.ct)), x.src, x.vs, x.ve
       FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::int[], $9::text[], $10::text[], $11::int[],
                   $12::int[], $13::int[], $14::int[], $15::jsonb[], $16::json[], $17::json[], $18::jsonb[], $19::text[], $20::text[])
         AS x(a, o, v, g, m, s, st, en, t, c, cs, xs, xe, p, d, tm, ct, src, vs, ve)`,
    [
      cols.article, cols.ord, cols.value, cols.granularity, cols.mod, cols.sort, cols.start, cols.end, cols.text, cols.context, cols.cstart,
      cols.xstart, cols.xend, cols.paragraph, cols.dates, cols.terms, cols.content, cols.source, cols.vstart, cols.vend,
    ],
  );
  return into;
}
