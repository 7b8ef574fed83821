// A saved or fetched web page → the article quotebot stores: metadata read
// from the page itself (./metadata.ts) and the cleaned article text
// (./body.ts). Pure: the HTML comes in as a string, nothing is fetched.
import { parseDocument, squash } from './dom.js';
import { cleanByline, readPageMeta, type PageMeta } from './metadata.js';
import { readBody, removeFurniture } from './body.js';
import { datelineDate } from './dates.js';

export interface ReadPage {
  meta: PageMeta;
  /** Paragraphs joined by blank lines: the article body as stored. */
  text: string;
  words: number;
}

export type PageResult = { ok: true; page: ReadPage } | { ok: false; reason: string };

export interface ReadPageOptions {
  /** Where the page was fetched from: resolves relative links, and a last source of url/outlet/date. */
  url?: string | null;
}

/** Fewer words than this is not an article (a stub, a gallery, a list of links). */
export const MIN_WORDS = 60;
const PAYWALL =
  /\b(?:subscribe (?:now |today )?to (?:continue|read|keep reading)|subscribers? only|already a subscriber|to continue reading|this (?:article|content|story) is (?:only )?(?:available|for) (?:to )?(?:subscribers|members)|sign in to (?:read|continue)|create a free account to (?:read|continue)|log in to (?:read|continue)|premium (?:article|content)|become a (?:member|subscriber)|start your (?:free )?trial)\b/i;

function countWords(s: string): number {
  return s.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

export function readPage(html: string, opts: ReadPageOptions = {}): PageResult {
  if (!/<[a-z!?/]/i.test(html)) return { ok: false, reason: 'it is not an HTML page (no markup in it)' };
  const doc = parseDocument(html);
  // Metadata first: Readability rewrites the document it reads.
  const meta = readPageMeta(doc, { pageUrl: opts.url ?? null });
  const pageText = squash(doc.body?.textContent ?? '');
  removeFurniture(doc);
  const body = readBody(doc);
  const paragraphs = body?.paragraphs ?? [];
  const text = paragraphs.join('\n\n');
  const words = countWords(text);
  if (words < MIN_WORDS * 3 && PAYWALL.test(`${text} ${pageText.slice(0, 20000)}`)) {
    return { ok: false, reason: `it shows a paywall or sign-in notice instead of the article (${words} words of text)` };
  }
  if (!body || words === 0) return { ok: false, reason: 'it has no article in it (navigation, links or scripts only)' };
  if (words < MIN_WORDS) return { ok: false, reason: `it has too little article text to be an article (${words} words; at least ${MIN_WORDS} needed)` };
  if (!meta.byline && body.byline) meta.byline = cleanByline(body.byline);
  if (!meta.lang && body.lang) meta.lang = /^([a-z]{2,3})/i.exec(body.lang)?.[1]?.toLowerCase() ?? null;
  if (!meta.title && body.title) {
    meta.title = squash(body.title);
    meta.from.title = 'Readability';
  }
  if (!meta.published) {
    const d = datelineDate(text);
    if (d) {
      meta.published = d;
      meta.from.published = 'dateline';
    }
  }
  return { ok: true, page: { meta, text, words } };
}
