// /timeline from the database (timeline_events and timeline_groups, kept by the writer:
// timeline-rows.ts, timeline-groups.ts), answering as the memory store's timeline
// (core/store/memory/timeline.ts) does, reading only what the answer needs.
//
// Which tellings are about a topic: the memory store's filter passes a telling whose
// words have every topic term, or that is in a paragraph the search hit and has one of
// the hit's matched terms (then, in a sentence dating several things, a matched word
// must be nearest its date). So the only tellings that can pass are those two sets,
// read here by index (the terms' GIN index; the hit paragraphs); each passing telling's
// group is chosen, and the telling shown is picked as the memory store picks it (a group
// with every topic term somewhere: its representative when that passes, else its first
// passing telling; another group: read in hit order, as the memory store reads it). A
// topic's selection is kept per corpus version for its other pages, as the memory store
// keeps a common topic's. A page cites every article telling its groups: each group row
// lists their first tellings (read by key, not every event of a big group; kept per
// group stamp, as the memory store keeps a group's citations), and a topic's article
// count is the union of its groups' lists.
import type pg from 'pg';
import { spanOf } from '../../core/dates/timex.js';
import type { SourceRef } from '../../core/answer.js';
import { MAX_SOURCES_LISTED } from '../../core/commands/cap-sources.js';
import { eventSources, nearestDateIsThis, topicTerms } from '../../core/store/memory/timeline.js';
import type { EventView, PageRequest, TimelineQuery, TimelineResults } from '../../core/store/types.js';
import type { DateModifier } from '../../core/types.js';
import type { SqlSearch } from './search.js';

/** Paragraphs a topic's search may hit, as the memory store asks its index. */
const TOPIC_HITS = 10_000;

const cmpId = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

interface GroupRow {
  value: string;
  no: number;
  mod: DateModifier;
  order_key: string;
  rank: number;
  articles: number;
  first_article: string;
  first_start: number;
  first_ord: number;
  start_day: string;
  end_day: string;
  representative: number;
  /** New for every write of the group (bigint, as text): its citations are kept under it. */
  stamp: string;
  /** The articles telling the group (read for a topic's article count, as JSON: pg parses text arrays slowly; not kept with a selection). */
  cite_articles?: string[];
}

const GROUP_COLUMNS = 'value, no, mod, order_key, rank, articles, first_article, first_start, first_ord, start_day, end_day, representative, stamp';
/** The memory store's group order (dates/store.ts groupSentences), ties by first telling. */
const GROUP_ORDER = 'order_key COLLATE "C", rank, articles DESC, first_article COLLATE "C", first_start, first_ord';
const GROUP_ORDER_DESC = 'order_key COLLATE "C" DESC, rank DESC, articles, first_article COLLATE "C" DESC, first_start DESC, first_ord DESC';

function cmpGroups(a: GroupRow, b: GroupRow): number {
  return (
    cmpId(a.order_key, b.order_key) ||
    a.rank - b.rank ||
    b.articles - a.articles ||
    cmpId(a.first_article, b.first_article) ||
    a.first_start - b.first_start ||
    a.first_ord - b.first_ord
  );
}

/** A telling that may be about the topic; its words and dates only when its sentence dates several things (the only case that reads them). */
interface CandidateRow {
  article_id: string;
  ord: number;
  value: string;
  group_no: number;
  pos: number;
  paragraph: number;
  /** Its words have every topic term. */
  all_terms: boolean;
  start_at: number;
  text: string | null;
  dates: Array<[string, number, number]> | null;
}

interface ShownRow {
  value: string;
  group_no: number;
  pos: number;
  article_id: string;
  start_at: number;
  text: string;
  context: string;
  expr_start: number;
  expr_end: number;
  source: SourceRef;
}

/** A topic's groups in timeline order, each with the place of the telling shown, and the distinct articles telling them. */
interface Selection {
  chosen: Array<{ g: GroupRow; pos: number }>;
  articles: number;
}

/** Topic selections kept: at most this many, holding at most this many groups in all. */
const KEPT_TOPICS = 200;
const KEPT_GROUPS = 100_000;
/**
 * Groups' first citations kept (by stamp), at most this many tellings in all (a few MB;
 * at most MAX_SOURCES_LISTED a group): the big groups (a year told by a tenth of the
 * corpus) head the pages of many topics, as the memory store's citedTellings keeps them
 * per library.
 */
const KEPT_CITATIONS = 20_000;

const groupKey = (value: string, no: number): string => `${value}\u0000${no}`;

/** The range filter as the memory store applies it: an unreadable value is out; an unreadable bound does not limit. */
interface Range {
  from: string | null;
  to: string | null;
}

function inRange(r: Range, start: string, end: string): boolean {
  return !!start && !(r.from !== null && end < r.from) && !(r.to !== null && start > r.to);
}

export class SqlTimeline {
  constructor(
    private readonly pool: pg.Pool,
    private readonly search: SqlSearch,
  ) {}

  async timeline(query: TimelineQuery, page: PageRequest): Promise<TimelineResults> {
    const { topic, from, to } = query;
    const range: Range | null = from || to ? { from: (from && spanOf(from)?.start) || null, to: (to && spanOf(to)?.end) || null } : null;
    const offset = Math.max(0, page.offset);
    const limit = Math.max(0, page.limit);
    if (!topic) {
      const [any, found] = await Promise.all([this.pool.query('SELECT 1 FROM timeline_groups LIMIT 1'), this.everyGroup(range, offset, limit)]);
      return { ...found, anyDated: any.rows.length > 0 };
    }
    const { rows } = await this.pool.query<{ version: string; generation: string; any: boolean }>(
      `SELECT (SELECT version FROM corpus_state WHERE id = 1) AS version, (SELECT generation FROM timeline_state WHERE id = 1) AS generation,
              EXISTS (SELECT 1 FROM timeline_groups) AS any`,
    );
    const key = [rows[0]!.version, rows[0]!.generation, topic, range?.from ?? '', range?.to ?? ''].join('\u0000');
    let sel = this.kept.get(key);
    if (!sel) {
      sel = await this.selectOnTopic(topic, range);
      this.keep(key, sel);
    }
    return { ...(await this.page(sel, offset, limit)), anyDated: rows[0]!.any };
  }

  /**
   * Topic selections by corpus version, timeline generation, topic and range: paging
   * through a topic, or asking it again, reads only its page. Bounded by the groups held,
   * not by the corpus: a new version's asks start again.
   */
  private readonly kept = new Map<string, Selection>();
  private keptGroups = 0;
  /** Each group's first citations and its article count, by stamp (a rewritten group has a new one), the least recently used first. */
  private readonly cited = new Map<string, GroupCitations>();
  private citedSize = 0;

  private keep(key: string, sel: Selection): void {
    if (sel.chosen.length > KEPT_GROUPS) return;
    if (this.keptGroups + sel.chosen.length > KEPT_GROUPS || this.kept.size >= KEPT_TOPICS) {
      this.kept.clear();
      this.keptGroups = 0;
    }
    this.kept.set(key, sel);
    this.keptGroups += sel.chosen.length;
  }

  private async page(sel: Selection, offset: number, limit: number): Promise<Omit<TimelineResults, 'anyDated'>> {
    const { chosen } = sel;
    if (!chosen.length) return { total: 0, articles: 0, items: [], first: null, last: null };
    const first = chosen[0]!.g;
    const last = chosen[chosen.length - 1]!.g;
    return {
      total: chosen.length,
      articles: sel.articles,
      items: await this.views(chosen.slice(offset, offset + limit)),
      first: { value: first.value, mod: first.mod },
      last: { value: last.value, mod: last.mod },
    };
  }

  /** No topic: the groups (in range) paged in SQL, in the timeline's order. */
  private async everyGroup(range: Range | null, offset: number, limit: number): Promise<Omit<TimelineResults, 'anyDated'>> {
    const where = range ? `WHERE start_day <> '' AND ($1::text IS NULL OR end_day COLLATE "C" >= $1) AND ($2::text IS NULL OR start_day COLLATE "C" <= $2)` : '';
    const eventWhere = range
      ? `WHERE value_start <> '' AND ($1::text IS NULL OR value_end COLLATE "C" >= $1) AND ($2::text IS NULL OR value_start COLLATE "C" <= $2)`
      : '';
    const params = range ? [range.from, range.to] : [];
    const n = params.length;
    const [counts, pageRows, first, last] = await Promise.all([
      // Every event of a value is in or out of the range with it, so the articles are counted on the events.
      this.pool.query<{ total: string; articles: string }>(
        // Grouped rather than count(DISTINCT …), which sorts: a hash of the ids, read from the span index alone.
        `SELECT (SELECT count(*) FROM timeline_groups ${where}) AS total,
                (SELECT count(*) FROM (SELECT article_id FROM timeline_events ${eventWhere} GROUP BY article_id) x) AS articles`,
        params,
      ),
      this.pool.query<GroupRow>(`SELECT ${GROUP_COLUMNS} FROM timeline_groups ${where} ORDER BY ${GROUP_ORDER} OFFSET $${n + 1} LIMIT $${n + 2}`, [...params, offset, limit]),
      this.pool.query<GroupRow>(`SELECT ${GROUP_COLUMNS} FROM timeline_groups ${where} ORDER BY ${GROUP_ORDER} LIMIT 1`, params),
      this.pool.query<GroupRow>(`SELECT ${GROUP_COLUMNS} FROM timeline_groups ${where} ORDER BY ${GROUP_ORDER_DESC} LIMIT 1`, params),
    ]);
    const items = await this.views(pageRows.rows.map((g) => ({ g, pos: g.representative })));
    return {
      total: Number(counts.rows[0]!.total),
      articles: Number(counts.rows[0]!.articles),
      items,
      first: first.rows[0] ? { value: first.rows[0].value, mod: first.rows[0].mod } : null,
      last: last.rows[0] ? { value: last.rows[0].value, mod: last.rows[0].mod } : null,
    };
  }

  /** A topic: its candidate tellings tested as the memory store tests them, their groups ordered and paged here. */
  private async selectOnTopic(topic: string, range: Range | null): Promise<Selection> {
    const wanted = topicTerms(topic);
    const cols = `e.article_id, e.ord, e.value, e.group_no, e.pos, e.paragraph, e.start_at,
                  CASE WHEN e.dates IS NOT NULL THEN e.text END AS text, e.dates`;
    // Read while the search runs: it does not depend on the hits.
    const allTermsRead = wanted.length
      ? this.pool.query<CandidateRow>(`SELECT ${cols}, true AS all_terms FROM timeline_events e WHERE e.terms @> $1::text[] AND e.group_no IS NOT NULL`, [wanted])
      : Promise.resolve({ rows: [] as CandidateRow[] });
    // Settled now if the search fails, so its rejection is never left unhandled.
    allTermsRead.catch(() => undefined);
    // One common word: the search's hits are its best paragraphs, each matching only that word, so every
    // telling they could add has every topic term and is read above; they change nothing and are not searched
    // (some 1,000 hits scored and their tellings read again, most of a common topic's first ask).
    const sole = wanted.length === 1 ? await this.search.soleHeadStem(topic, TOPIC_HITS) : null;
    const hits = sole !== null && sole === wanted[0] ? [] : await this.search.search(topic, TOPIC_HITS);
    const hitTerms = new Map<string, readonly string[]>();
    for (const h of hits) hitTerms.set(`${h.articleId}\u0000${h.paragraphIndex}`, h.terms);
    const [allTerms, inHits] = await Promise.all([
      allTermsRead,
      // The tellings of the hit paragraphs that have a matched term (no other can pass), in
      // the order the memory store reads them: by hit, then the article's events in order.
      hits.length
        ? this.pool.query<CandidateRow>(
            // A passing telling has one of the hits' terms: the terms' GIN index narrows the events before the join.
            // The hits travel as one JSON text ([article, paragraph, terms] each): up to 10,000 of them, which as
            // three arrays cost more to encode here than the statement took to run.
            `SELECT ${cols}, (cardinality($3::text[]) > 0 AND e.terms @> $3::text[]) AS all_terms
               FROM timeline_events e
               JOIN (SELECT x.v->>0 AS a, (x.v->>1)::int AS p, x.v->2 AS t, x.n FROM json_array_elements($1::json) WITH ORDINALITY AS x(v, n)) h
                 ON e.article_id = h.a AND e.paragraph = h.p
              WHERE e.terms && $2::text[] AND e.group_no IS NOT NULL
                AND ((cardinality($3::text[]) > 0 AND e.terms @> $3::text[]) OR e.terms && ARRAY(SELECT json_array_elements_text(h.t)))
              ORDER BY h.n, e.ord`,
            [JSON.stringify(hits.map((h) => [h.articleId, h.paragraphIndex, h.terms])), [...new Set(hits.flatMap((h) => h.terms))], wanted],
          )
        : Promise.resolve({ rows: [] as CandidateRow[] }),
    ]);
    // Whole groups have every topic term in some telling: certainly those with a telling that has them all.
    const whole = new Set(allTerms.rows.map((e) => groupKey(e.value, e.group_no)));
    const others = new Map<string, { value: string; no: number }>();
    for (const e of inHits.rows) {
      const key = groupKey(e.value, e.group_no);
      if (!whole.has(key)) others.set(key, { value: e.value, no: e.group_no });
    }
    const list = [...others.values()];
    // With one topic term, a group that has it has a telling in allTerms: the others are not whole.
    const [wholeToo, groupRows] = await Promise.all([
      wanted.length > 1 && list.length
        ? this.pool.query<{ t: string; v: string; no: number }>(
            `SELECT DISTINCT w.t, e.value AS v, e.group_no AS no FROM unnest($3::text[]) AS w(t) JOIN timeline_events e ON e.terms @> ARRAY[w.t]
              WHERE (e.value, e.group_no) IN (SELECT * FROM unnest($1::text[], $2::int[]))`,
            [list.map((g) => g.value), list.map((g) => g.no), wanted],
          )
        : Promise.resolve({ rows: [] as Array<{ t: string; v: string; no: number }> }),
      this.groups([...new Set([...allTerms.rows, ...inHits.rows].map((e) => groupKey(e.value, e.group_no)))]),
    ]);
    const termsOfGroup = new Map<string, number>();
    for (const r of wholeToo.rows) {
      const key = groupKey(r.v, r.no);
      const n = (termsOfGroup.get(key) ?? 0) + 1;
      termsOfGroup.set(key, n);
      if (n === wanted.length) whole.add(key);
    }
    const reps = new Map([...groupRows].map(([k, g]) => [k, g.representative] as const));
    const passes = (e: CandidateRow): boolean => about(e, wanted, hitTerms.get(`${e.article_id}\u0000${e.paragraph}`));
    /** Group → place of the telling shown. */
    const shownAt = new Map<string, { value: string; no: number; pos: number }>();
    // Whole groups: the representative when it is about the topic, else the first telling that is.
    const seen = new Set<string>();
    for (const e of [...allTerms.rows, ...inHits.rows]) {
      const key = groupKey(e.value, e.group_no);
      const id = `${e.article_id}\u0000${e.ord}`;
      if (!whole.has(key) || seen.has(id)) continue;
      seen.add(id);
      if (!passes(e)) continue;
      const now = shownAt.get(key);
      const rep = reps.get(key);
      if (!now || (now.pos !== rep && (e.pos === rep || e.pos < now.pos))) shownAt.set(key, { value: e.value, no: e.group_no, pos: e.pos });
    }
    // Other groups, read in hit order as the memory store does: a telling replaces the one
    // found before unless that is the representative or earlier in the group.
    for (const e of inHits.rows) {
      const key = groupKey(e.value, e.group_no);
      if (whole.has(key)) continue;
      const now = shownAt.get(key);
      if (now && (now.pos === reps.get(key) || now.pos < e.pos)) continue;
      if (passes(e)) shownAt.set(key, { value: e.value, no: e.group_no, pos: e.pos });
    }
    const chosen = [...shownAt.entries()]
      .map(([k, at]) => ({ g: groupRows.get(k), pos: at.pos }))
      // A group another write replaced between two reads is left out.
      .filter((x): x is { g: GroupRow; pos: number } => !!x.g && (!range || inRange(range, x.g.start_day, x.g.end_day)))
      .sort((a, b) => cmpGroups(a.g, b.g));
    // The distinct articles telling the chosen groups, from the groups' own lists (not their every event).
    const articles = new Set<string>();
    for (const x of chosen) for (const a of x.g.cite_articles ?? []) articles.add(a);
    // Kept selections hold only what paging reads.
    for (const x of chosen) delete x.g.cite_articles;
    return { chosen, articles: articles.size };
  }

  /** The groups of these keys, by key. */
  private async groups(keys: readonly string[]): Promise<Map<string, GroupRow>> {
    const out = new Map<string, GroupRow>();
    if (!keys.length) return out;
    const parts = keys.map((k) => k.split('\u0000'));
    const { rows } = await this.pool.query<GroupRow>(
      `SELECT ${GROUP_COLUMNS.split(', ').map((c) => `g.${c}`).join(', ')}, to_json(g.cite_articles) AS cite_articles
         FROM unnest($1::text[], $2::int[]) AS x(v, no) JOIN timeline_groups g ON g.value = x.v AND g.no = x.no`,
      [parts.map((p) => p[0]!), parts.map((p) => Number(p[1]))],
    );
    for (const r of rows) out.set(groupKey(r.value, r.no), r);
    return out;
  }

  /** The page's items: each group's shown telling, citing first, then each other article's first telling, in the group's order. */
  private async views(shown: ReadonlyArray<{ g: GroupRow; pos: number }>): Promise<EventView[]> {
    if (!shown.length) return [];
    const cols = 'e.value, e.group_no, e.pos, e.article_id, e.start_at, e.text, e.context, e.expr_start, e.expr_end, e.source';
    const [told, cited] = await Promise.all([
      this.pool.query<ShownRow>(
        `SELECT ${cols} FROM unnest($1::text[], $2::int[], $3::int[]) AS x(v, no, pos)
           JOIN timeline_events e ON e.value = x.v AND e.group_no = x.no AND e.pos = x.pos`,
        [shown.map((s) => s.g.value), shown.map((s) => s.g.no), shown.map((s) => s.pos)],
      ),
      this.citations(shown.map((s) => s.g)),
    ]);
    const byPlace = new Map(told.rows.map((r) => [`${groupKey(r.value, r.group_no)}\u0000${r.pos}`, r] as const));
    const out: EventView[] = [];
    for (const { g, pos } of shown) {
      const key = groupKey(g.value, g.no);
      const e = byPlace.get(`${key}\u0000${pos}`);
      // A group whose tellings an unfinished write removed: nothing to show.
      if (!e) continue;
      const c = cited.get(key);
      const highlights: Array<[number, number]> = e.expr_end > e.expr_start ? [[e.expr_start - e.start_at, e.expr_end - e.start_at]] : [];
      // As the memory store lists them; `size`: every article telling the group (each article's first is listed).
      const sources = eventSources(cite(e.source, e.text), e.article_id, c?.first ?? [], c?.size ?? 0);
      out.push({ text: e.text, context: e.context, highlights, value: g.value, mod: g.mod, ...sources });
    }
    return out;
  }

  /**
   * Each group's first cited tellings (each article's first, in the group's order: as many
   * as a page lists, MAX_SOURCES_LISTED, for the shown telling may be among them) and
   * how many articles tell it: kept ones by the group's stamp, the others read by
   * the keys their group row lists.
   */
  private async citations(groups: readonly GroupRow[]): Promise<Map<string, GroupCitations>> {
    const out = new Map<string, GroupCitations>();
    const missing: GroupRow[] = [];
    for (const g of groups) {
      const kept = this.cited.get(g.stamp);
      if (kept) {
        // Most recently used last: the first ones are dropped first.
        this.cited.delete(g.stamp);
        this.cited.set(g.stamp, kept);
        out.set(groupKey(g.value, g.no), kept);
      } else missing.push(g);
    }
    if (!missing.length) return out;
    const { rows } = await this.pool.query<{ v: string; no: number; stamp: string; size: number; n: number; a: string; text: string; source: StoredSource }>(
      `SELECT x.v, x.no, g.stamp, cardinality(g.cite_articles) AS size, c.n, e.article_id AS a, e.text, e.source
         FROM unnest($1::text[], $2::int[]) AS x(v, no)
         JOIN timeline_groups g ON g.value = x.v AND g.no = x.no
         CROSS JOIN LATERAL (SELECT * FROM unnest(g.cite_articles, g.cite_ords) WITH ORDINALITY AS c(a, o, n) WHERE c.n <= $3) AS c
         JOIN timeline_events e ON e.article_id = c.a AND e.ord = c.o`,
      [missing.map((g) => g.value), missing.map((g) => g.no), MAX_SOURCES_LISTED],
    );
    const read = new Map<string, { stamp: string; size: number; list: Array<{ n: number; c: CitedTelling }> }>();
    for (const r of rows) {
      const key = groupKey(r.v, r.no);
      let l = read.get(key);
      if (!l) read.set(key, (l = { stamp: r.stamp, size: r.size, list: [] }));
      l.list.push({ n: Number(r.n), c: { articleId: r.a, source: Object.freeze(cite(r.source, r.text)) } });
    }
    for (const g of missing) {
      const key = groupKey(g.value, g.no);
      const l = read.get(key);
      if (!l) continue;
      const first = l.list.sort((x, y) => x.n - y.n).map((x) => x.c);
      const cited: GroupCitations = { first, size: l.size };
      out.set(key, cited);
      // Kept only when it is the group the page's row named, each telling found (no write between the reads).
      if (l.stamp === g.stamp && first.length === Math.min(l.size, MAX_SOURCES_LISTED)) this.keepCitations(g.stamp, cited);
    }
    return out;
  }

  private keepCitations(stamp: string, cited: GroupCitations): void {
    this.cited.set(stamp, cited);
    this.citedSize += cited.first.length;
    while (this.citedSize > KEPT_CITATIONS) {
      const [first, l] = this.cited.entries().next().value!;
      this.cited.delete(first);
      this.citedSize -= l.first.length;
    }
  }
}

/** A group's first cited tellings, and how many articles tell it. */
interface GroupCitations {
  first: readonly CitedTelling[];
  size: number;
}

/** A group's cited telling: its article, and its citation with its own words. */
interface CitedTelling {
  articleId: string;
  source: SourceRef;
}

type StoredSource = ShownRow['source'];

/** A telling's citation with its own words, as the memory store's eventView builds it. */
function cite(s: StoredSource, text: string): SourceRef {
  // Rebuilt in sourceRef's key order (jsonb keeps its own), so the answer serialises as the memory store's.
  return { file: s.file, outlet: s.outlet, title: s.title, published: s.published, url: s.url, ...(s.at ? { at: { start: s.at.start, end: s.at.end } } : {}), text };
}

/**
 * Whether a candidate telling is about the topic (memory/timeline.ts topicFilter's test);
 * candidates already have every topic term or one of their hit's matched terms.
 */
function about(e: CandidateRow, wanted: readonly string[], hit: readonly string[] | undefined): boolean {
  if (!e.dates || e.text === null) return true;
  const dated = e.dates.map(([value, start, end]) => ({ value, start, end }));
  return nearestDateIsThis({ text: e.text, start: e.start_at, value: e.value }, e.all_terms ? wanted : (hit ?? []), !e.all_terms, dated);
}
