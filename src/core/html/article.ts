// A page read by ./page.ts → a corpus Article, for `.html` files dropped in the
// corpus or named to `quotebot extract`. The article's text is the extracted
// text (raw = text, offset 0): citations point into that text, not into the
// markup — the markup has no stable place for a sentence to point at.
import type { Article, ArticleMeta } from '../types.js';
import { buildArticle } from '../corpus/article.js';
import { normaliseDate } from '../corpus/meta.js';
import { decodeHtml } from './charset.js';
import { readPage, type ReadPage } from './page.js';

export type HtmlArticleResult = { ok: true; article: Article; page: ReadPage } | { ok: false; reason: string };

export function metaOfPage(page: ReadPage, source: string | null): ArticleMeta {
  const m = page.meta;
  const extra: Record<string, unknown> = {};
  if (m.byline) extra.byline = m.byline;
  if (m.lang) extra.lang = m.lang;
  return { title: m.title, outlet: m.outlet, published: m.published, url: m.url, source, extra };
}

/** Bytes of an .html file → Article; `published` (YYYY-MM-DD) overrides the page's own date. */
export function htmlFileArticle(bytes: Uint8Array, id: string, source: string, published?: string): HtmlArticleResult {
  if (bytes.indexOf(0) >= 0 && !(bytes[0] === 0xff || bytes[0] === 0xfe)) return { ok: false, reason: 'it looks like a binary file, not a web page (it contains NUL bytes)' };
  const { text } = decodeHtml(bytes);
  const r = readPage(text);
  if (!r.ok) return r;
  let meta = metaOfPage(r.page, source);
  if (published !== undefined) {
    const p = normaliseDate(published);
    if (!p) return { ok: false, reason: `the publication date given for it, "${published}", is not a real date in the form YYYY-MM-DD` };
    meta = { ...meta, published: p };
  }
  const article = buildArticle({ file: id, meta, raw: r.page.text, rawOffset: 0 });
  if (!article.text) return { ok: false, reason: 'it has no article text once page furniture (captions, credits, links) is removed' };
  return { ok: true, article, page: r.page };
}
