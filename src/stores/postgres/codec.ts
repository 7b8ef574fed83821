// Article ⇄ database row. The row keeps what rebuilding the core's Article needs and
// nothing it can recompute: paragraph and sentence texts are spans of the clean text.
import { createHash } from 'node:crypto';
import type { Article, ArticleMeta, Paragraph } from '../../core/types.js';

/** Bump when what is stored per article changes meaning, so `ingest` rewrites every row. */
export const ROW_FORMAT = 2;

export interface ArticleDoc {
  /** Absent when a reader left it out (the read model: citations use the offset runs). */
  raw?: string;
  rawOffset: number;
  text: string;
  toRaw: { at: number[]; raw: number[]; length: number };
  /** [index, start, end, flat sentence spans [s0, e0, s1, e1, …]] */
  paragraphs: Array<[number, number, number, number[]]>;
}

export interface ArticleRow {
  id: string;
  title: string | null;
  outlet: string | null;
  published: string | null;
  url: string | null;
  source: string | null;
  extra: Record<string, unknown>;
  content_hash: string;
  doc: ArticleDoc;
}

/** Same input (metadata and body as in the file), same hash: an unchanged file is not rewritten. */
export function contentHash(a: Pick<Article, 'meta' | 'raw' | 'rawOffset'>): string {
  return createHash('sha256')
    .update(JSON.stringify([ROW_FORMAT, a.meta, a.rawOffset]))
    .update('\0')
    .update(a.raw)
    .digest('hex');
}

export function toRow(a: Article): ArticleRow {
  return {
    id: a.id,
    title: a.meta.title,
    outlet: a.meta.outlet,
    published: a.meta.published,
    url: a.meta.url,
    source: a.meta.source,
    extra: a.meta.extra,
    content_hash: contentHash(a),
    doc: {
      raw: a.raw,
      rawOffset: a.rawOffset,
      text: a.text,
      toRaw: { at: Array.from(a.toRaw.at), raw: Array.from(a.toRaw.raw), length: a.toRaw.length },
      paragraphs: a.paragraphs.map((p) => [p.index, p.start, p.end, p.sentences.flatMap((s) => [s.start, s.end])]),
    },
  };
}

/** Rows as pg returns them: `published` is a date column, read back as YYYY-MM-DD text (see store's type parser). */
export function fromRow(r: ArticleRow): Article {
  const meta: ArticleMeta = {
    title: r.title,
    outlet: r.outlet,
    published: r.published,
    url: r.url,
    source: r.source,
    extra: r.extra ?? {},
  };
  const { doc } = r;
  const paragraphs: Paragraph[] = doc.paragraphs.map(([index, start, end, flat]) => {
    const sentences = [];
    for (let i = 0; i + 1 < flat.length; i += 2) {
      const s = flat[i]!;
      const e = flat[i + 1]!;
      sentences.push({ start: s, end: e, text: doc.text.slice(s, e) });
    }
    return { index, start, end, text: doc.text.slice(start, end), sentences };
  });
  return {
    id: r.id,
    file: r.id,
    meta,
    raw: doc.raw ?? '',
    rawOffset: doc.rawOffset,
    text: doc.text,
    toRaw: { at: Uint32Array.from(doc.toRaw.at), raw: Uint32Array.from(doc.toRaw.raw), length: doc.toRaw.length },
    paragraphs,
  };
}
