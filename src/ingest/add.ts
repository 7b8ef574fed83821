// `add`: a URL, a saved page or a Markdown article → a corpus article, with a
// reply that says what was added (title, outlet, date, quotes, speakers) or
// exactly why not. Nothing is written unless the whole input reads as an article.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { decodeHtml } from '../core/html/charset.js';
import { readPage } from '../core/html/page.js';
import type { ArticleFields } from '../core/html/metadata.js';
import { buildArticle } from '../core/corpus/article.js';
import { loadArticleFile } from '../core/corpus/load.js';
import { normaliseDate } from '../core/corpus/meta.js';
import { readFrontMatter } from '../core/corpus/frontmatter.js';
import { buildQuoteStore, quotesForExtract } from '../core/quotes/store.js';
import type { ArticleMeta } from '../core/types.js';
import type { Store } from '../core/store/types.js';
import { writeArticle, type ArticleToWrite } from './write.js';

export interface FetchedPage {
  /** The address the page finally came from, after redirects. */
  url: string;
  bytes: Uint8Array;
  contentType: string;
}

export type FetchOutcome = { ok: true; page: FetchedPage } | { ok: false; reason: string };
export type FetchPage = (url: string) => Promise<FetchOutcome>;

export interface AddOptions {
  corpusDir: string;
  /** Who added it: "cli:<user>", "slack:U123", "discord:456", "feed:<url>". */
  addedBy: string;
  /** YYYY-MM-DD: the publication date to record, over the page's own. */
  published?: string;
  fetchPage?: FetchPage;
  now?: Date;
  /**
   * The store the running bot answers from: the written article is upserted
   * into it at once (the folder watcher would pick it up too, later).
   */
  store?: Pick<Store, 'upsertArticle'>;
}

export interface Added extends ArticleFields {
  input: string;
  file: string;
  updated: boolean;
  quotes: number;
  speakers: string[];
  /** What the reader should know: disagreeing dates, an unknown date, a non-English page. */
  notes: string[];
}

export type AddOutcome = { ok: true; added: Added } | { ok: false; input: string; reason: string };

export const MAX_INPUT_BYTES = 5 * 1024 * 1024;
const LANGUAGE_NAMES: Record<string, string> = { fr: 'French', de: 'German', es: 'Spanish', it: 'Italian', pt: 'Portuguese', nl: 'Dutch', ru: 'Russian', zh: 'Chinese', ja: 'Japanese', ar: 'Arabic' };

export function isUrl(input: string): boolean {
  return /^https?:\/\//i.test(input.trim());
}

function fail(input: string, reason: string): AddOutcome {
  return { ok: false, input, reason };
}

/** Quotes and speakers of the text as the bot will read it. */
function readQuotes(text: string, meta: ArticleMeta): { quotes: number; speakers: string[] } {
  const article = buildArticle({ file: 'added.md', meta, raw: text, inferTitle: false });
  const store = buildQuoteStore([article]);
  const quotes = quotesForExtract(store, 'added.md');
  const speakers = [...new Set(quotes.map((q) => q.speaker).filter((s): s is string => s !== null))];
  return { quotes: quotes.length, speakers };
}

async function readInputFile(file: string): Promise<{ ok: true; bytes: Buffer } | { ok: false; reason: string }> {
  try {
    const st = await stat(file);
    if (!st.isFile()) return { ok: false, reason: 'it is not a file' };
    if (st.size > MAX_INPUT_BYTES) return { ok: false, reason: `it is ${(st.size / 1048576).toFixed(1)} MB, over the 5 MB limit for one page` };
    return { ok: true, bytes: await readFile(file) };
  } catch (err) {
    const code = err && typeof err === 'object' && 'code' in err ? String(err.code) : '';
    return { ok: false, reason: code === 'ENOENT' ? 'no such file' : `it could not be read (${code || String(err)})` };
  }
}

function langNote(lang: string | null): string[] {
  if (!lang || lang === 'en') return [];
  const name = LANGUAGE_NAMES[lang] ?? `"${lang}"`;
  return [`the page is in ${name} (lang ${lang}): quotes and dates are read with English rules, so some may be missed`];
}

async function finish(input: string, a: ArticleToWrite, opts: AddOptions, notes: string[]): Promise<AddOutcome> {
  if (opts.published !== undefined) {
    const p = normaliseDate(opts.published);
    if (!p) return fail(input, `--published takes a real date YYYY-MM-DD (got "${opts.published}")`);
    a.published = p;
  }
  if (!a.published) notes.push('its publication date is unknown (the page gives none); set it with --published YYYY-MM-DD');
  const meta: ArticleMeta = { title: a.title, outlet: a.outlet, published: a.published, url: a.url, source: null, extra: {} };
  const { quotes, speakers } = readQuotes(a.text, meta);
  const w = await writeArticle(opts.corpusDir, a, opts.now);
  if (opts.store) {
    const loaded = await loadArticleFile(path.join(opts.corpusDir, ...w.file.split('/')), { root: opts.corpusDir });
    if (loaded.article) await opts.store.upsertArticle(loaded.article);
    else notes.push(`it was written but could not be served: ${loaded.problem?.reason ?? 'unknown reason'}`);
  }
  return {
    ok: true,
    added: { input, file: w.file, updated: w.updated, title: a.title, outlet: a.outlet, published: a.published, url: a.url, byline: a.byline, lang: a.lang, quotes, speakers, notes },
  };
}

async function addHtml(input: string, bytes: Uint8Array, pageUrl: string | null, charset: string | null, opts: AddOptions): Promise<AddOutcome> {
  const { text } = decodeHtml(bytes, charset);
  const r = readPage(text, { url: pageUrl });
  if (!r.ok) return fail(input, r.reason);
  const m = r.page.meta;
  const article: ArticleToWrite = {
    title: m.title,
    outlet: m.outlet,
    published: m.published,
    url: m.url,
    byline: m.byline,
    lang: m.lang,
    text: r.page.text,
    html: bytes,
    input,
    addedBy: opts.addedBy,
  };
  return finish(input, article, opts, [...m.notes, ...langNote(m.lang)]);
}

async function addMarkdown(input: string, file: string, opts: AddOptions): Promise<AddOutcome> {
  const loaded = await loadArticleFile(file);
  if (!loaded.article) return fail(input, loaded.problem?.reason ?? 'it could not be read as an article');
  const content = await readFile(file, 'utf8');
  const fm = readFrontMatter(content);
  if (!fm.ok) return fail(input, fm.reason);
  const meta = loaded.article.meta;
  const extra = { ...meta.extra };
  const byline = typeof extra.byline === 'string' ? extra.byline : typeof extra.author === 'string' ? extra.author : null;
  const lang = typeof extra.lang === 'string' ? extra.lang : null;
  for (const k of ['byline', 'lang', 'added', 'added_by', 'updated']) delete extra[k];
  const article: ArticleToWrite = {
    title: meta.title,
    outlet: meta.outlet,
    published: meta.published,
    url: meta.url,
    byline,
    lang,
    text: content.slice(fm.value.bodyStart),
    html: null,
    input: meta.source ?? path.basename(file),
    addedBy: opts.addedBy,
    extra,
  };
  return finish(input, article, opts, langNote(lang));
}

/** Add one input: an http(s) URL, an .html/.htm page or an .md article. */
export async function addOne(input: string, opts: AddOptions): Promise<AddOutcome> {
  const given = input.trim();
  if (!given) return fail(input, 'nothing to add (give a URL, an .html file or an .md file)');
  if (isUrl(given)) {
    if (!opts.fetchPage) return fail(given, 'fetching pages is not available here');
    const f = await opts.fetchPage(given);
    if (!f.ok) return fail(given, f.reason);
    const charset = /charset\s*=\s*"?([\w.:-]+)/i.exec(f.page.contentType)?.[1] ?? null;
    return addHtml(given, f.page.bytes, f.page.url, charset, opts);
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(given)) return fail(given, 'only http and https addresses can be added');
  const ext = path.extname(given).toLowerCase();
  if (ext !== '.html' && ext !== '.htm' && ext !== '.md' && ext !== '.markdown') {
    return fail(given, 'it is neither a URL nor an .html or .md file');
  }
  const file = path.resolve(given);
  const read = await readInputFile(file);
  if (!read.ok) return fail(given, read.reason);
  if (ext === '.md' || ext === '.markdown') return addMarkdown(given, file, opts);
  if (read.bytes.indexOf(0) >= 0) return fail(given, 'it looks like a binary file, not a web page');
  return addHtml(path.basename(given), read.bytes, null, null, opts);
}
