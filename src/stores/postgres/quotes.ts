// /quote's reads by speaker from SQL: the speaker's statements and reported words. A
// statement is a group of every quote with the same words (quotes.group_key), led by
// the speaker most of its reports name after the corpus's surname merges; the groups
// are read whole and shaped by the core's own grouping order, variant linking,
// lead-wording and ranking functions, so the answer is the memory store's. Articles are
// read only for the page shown (citations and context), never the whole corpus.
import type pg from 'pg';
import { byPublished, leadSpeaker, linkVariants, type QuoteGroup } from '../../core/quotes/store.js';
import { sourceRef } from '../../core/cite.js';
import { articleCount, leadGroups, mostReportedFirst, quoteView, type QuoteLib } from '../../core/store/memory/quotes.js';
import type { PageRequest, QuoteResults, ReportedView } from '../../core/store/types.js';
import type { Article, ArticleMeta, Quote } from '../../core/types.js';
import type { ArticleRow } from './codec.js';
import type { SqlSpeakers } from './speakers.js';

/** A report as the group reads select it (QUOTE_ROWS), with its raw speaker and its article's date. */
export interface QuoteRow {
  id: string;
  article_id: string;
  start_at: number;
  end_at: number;
  text: string;
  role: string | null;
  partial: boolean;
  via: string | null;
  paragraph_index: number;
  context_start: number;
  context_end: number;
  group_key: string;
  speaker_id: string | null;
  published: string | null;
}

/** An article's citation columns (as `articles` stores them) and what a citation inside it needs. */
interface CiteRow extends Pick<ArticleRow, 'id' | 'title' | 'outlet' | 'published' | 'url' | 'source'> {
  raw_offset: number;
  to_raw: { at: number[]; raw: number[]; length: number };
  text: string | null;
}

const meta = (published: string | null, r?: Partial<CiteRow>): ArticleMeta => ({
  title: r?.title ?? null,
  outlet: r?.outlet ?? null,
  published,
  url: r?.url ?? null,
  source: r?.source ?? null,
  extra: {},
});

/** An article as far as ordering by date goes (no text: it is never cited). */
function datedOnly(id: string, published: string | null): Article {
  return { id, file: id, meta: meta(published), raw: '', rawOffset: 0, text: '', toRaw: { at: new Uint32Array(), raw: new Uint32Array(), length: 0 }, paragraphs: [] };
}

/** The columns and joins of QuoteRow: every report with its raw speaker (before the corpus's merges) and its article's date. */
export const QUOTE_ROWS = `SELECT q.id, q.article_id, q.start_at, q.end_at, q.text, q.role, q.partial, q.via, q.paragraph_index, q.context_start, q.context_end,
              q.group_key, s.speaker_id, a.published
         FROM quotes q JOIN articles a ON a.id = q.article_id LEFT JOIN quote_speakers s ON s.quote_id = q.id`;

/**
 * The groups these reports make, keyed by group_key, as quotes/store.ts groups them:
 * speakers after the surname merges (`merged`: lone surname → full name), reports first
 * published first, the speaker most of them name. Each report's article is added to
 * `articles` (dated only) unless it is there already.
 */
export function groupRows(rows: readonly QuoteRow[], merged: ReadonlyMap<string, string>, articles: Map<string, Article>): Map<string, QuoteGroup> {
  const byKey = new Map<string, Quote[]>();
  for (const r of rows) {
    if (!articles.has(r.article_id)) articles.set(r.article_id, datedOnly(r.article_id, r.published));
    const q: Quote = {
      id: r.id,
      articleId: r.article_id,
      start: r.start_at,
      end: r.end_at,
      text: r.text,
      speakerId: r.speaker_id ? (merged.get(r.speaker_id) ?? r.speaker_id) : null,
      role: r.role,
      partial: r.partial,
      via: r.via,
      paragraphIndex: r.paragraph_index,
      context: { start: r.context_start, end: r.context_end },
    };
    const list = byKey.get(r.group_key);
    if (list) list.push(q);
    else byKey.set(r.group_key, [q]);
  }
  const order = byPublished(articles);
  const groups = new Map<string, QuoteGroup>();
  for (const [key, list] of byKey) {
    list.sort(order);
    groups.set(key, { id: key, key, speakerId: leadSpeaker(list), quotes: list, variantIds: [], partial: list.every((q) => q.partial) });
  }
  return groups;
}

export class SqlQuotes {
  constructor(
    private readonly pool: pg.Pool,
    private readonly speakers: SqlSpeakers,
  ) {}

  async bySpeaker(speakerId: string, page: PageRequest): Promise<QuoteResults> {
    const { set, raw } = await this.speakers.rawIdsOf(speakerId);
    if (!raw.length) return { total: 0, articles: 0, items: [] };
    // Every quote of every group the speaker is named in (the group's other reports vote too).
    const { rows } = await this.pool.query<QuoteRow>(
      `WITH k AS (SELECT DISTINCT group_key FROM quote_speakers WHERE speaker_id = ANY($1::text[]))
       ${QUOTE_ROWS}
        WHERE q.group_key IN (SELECT group_key FROM k)`,
      [raw],
    );
    const others = [...new Set(rows.map((r) => r.speaker_id).filter((x): x is string => !!x && !raw.includes(x)))];
    const merged = new Map(set.merged);
    if (others.length) for (const [from, into] of (await this.speakers.setOf(others)).merged) merged.set(from, into);
    const articles = new Map<string, Article>();
    const order = byPublished(articles);
    const groups = [...groupRows(rows, merged, articles).values()].filter((g) => g.speakerId === speakerId);
    groups.sort((a, b) => order(a.quotes[0]!, b.quotes[0]!));
    linkVariants(groups);
    const lib: QuoteLib = { byId: articles, quotes: { speakers: set.speakers, groupById: new Map(groups.map((g) => [g.id, g] as const)) } };
    const led = mostReportedFirst(lib, leadGroups(groups, false));
    const shown = led.slice(page.offset, page.offset + page.limit);
    const cited = shown.flatMap((g) => [g, ...g.variantIds.map((id) => lib.quotes.groupById.get(id)!)]).flatMap((g) => g.quotes.map((q) => q.articleId));
    for (const [id, a] of await this.citable(cited)) articles.set(id, a);
    return { total: led.length, articles: articleCount(groups), items: shown.map((g) => quoteView(lib, g)) };
  }

  async reportedBy(speakerId: string): Promise<ReportedView[]> {
    const { raw } = await this.speakers.rawIdsOf(speakerId);
    if (!raw.length) return [];
    const { rows } = await this.pool.query<{ article_id: string; start_at: number; end_at: number; text: string }>(
      `SELECT r.article_id, r.start_at, r.end_at, r.text
         FROM reported_speakers s JOIN reported r ON r.article_id = s.article_id AND r.idx = s.idx
        WHERE s.speaker_id = ANY($1::text[])
        ORDER BY r.article_id COLLATE "C", r.idx`,
      [raw],
    );
    const articles = await this.citable(rows.map((r) => r.article_id));
    return rows.flatMap((r) => {
      const a = articles.get(r.article_id);
      return a ? [{ text: r.text, source: sourceRef(a, { start: r.start_at, end: r.end_at }) }] : [];
    });
  }

  /** What citing spans of these articles and quoting their context needs: metadata, clean text and offset runs (not the raw body). */
  async citable(ids: readonly string[]): Promise<Map<string, Article>> {
    const out = new Map<string, Article>();
    const want = [...new Set(ids)];
    if (!want.length) return out;
    const { rows } = await this.pool.query<CiteRow>(
      `SELECT id, title, outlet, published, url, source, (doc->>'rawOffset')::int AS raw_offset, doc->'toRaw' AS to_raw, doc->>'text' AS text
         FROM articles WHERE id = ANY($1::text[])`,
      [want],
    );
    for (const r of rows) {
      out.set(r.id, {
        id: r.id,
        file: r.id,
        meta: meta(r.published, r),
        raw: '',
        rawOffset: r.raw_offset,
        text: r.text ?? '',
        toRaw: { at: Uint32Array.from(r.to_raw.at), raw: Uint32Array.from(r.to_raw.raw), length: r.to_raw.length },
        paragraphs: [],
      });
    }
    return out;
  }
}
