// A built Library as plain data (Maps, arrays, typed arrays, plain objects) that
// v8.serialize can write, and the Library back from it: a restart with an
// unchanged corpus loads this instead of assembling the library again. The
// articles are written apart, in chunks (store/corpus.ts: serializing them all in
// one call would hold the store's thread for seconds), so the rest holds no
// article: what points at one (`byId`, the quote store's and the index's lists)
// is made again from the articles. The rest is taken in one value, so the objects
// its parts share stay shared when read back (the quotes of `quotes.quotes` and of
// the groups; the events of the date store and its groups). The parts that are
// closures or class instances (the quote search, the paragraph index) give their
// plain data and are made again from it.
import type { Library } from './library.js';
import { quoteStoreFromSnapshot, quoteStoreToSnapshot, type QuoteStoreSnapshot } from './quotes/store.js';
import { searchIndexFromSnapshot, searchIndexToSnapshot, type SearchIndexSnapshot } from './search/index.js';
import type { Article } from './types.js';

export interface LibrarySnapshot extends Omit<Library, 'quotes' | 'index' | 'articles' | 'byId'> {
  quotes: Omit<QuoteStoreSnapshot, 'articles'>;
  index: Omit<SearchIndexSnapshot, 'articles'>;
  articleCount: number;
}

/** The library as plain data, without its articles (written apart, in the order of `lib.articles`). */
export function libraryToSnapshot(lib: Library): LibrarySnapshot {
  const { articles: _a, byId: _b, ...rest } = lib;
  const { articles: _q, ...quotes } = quoteStoreToSnapshot(lib.quotes);
  const { articles: indexed, ...index } = searchIndexToSnapshot(lib.index);
  // The build indexes the library's own list; anything else could not be made again from it.
  if (indexed !== lib.articles) throw new Error('libraryToSnapshot: the index holds other articles than the library');
  return { ...rest, quotes, index, articleCount: lib.articles.length };
}

/** The library of a snapshot and its articles (in the order written); throws when they do not belong together. */
export function libraryFromSnapshot(s: LibrarySnapshot, articles: Article[]): Library {
  if (!s || !(s.builtAt instanceof Date) || s.articleCount !== articles.length) throw new Error('library snapshot: malformed');
  const { articleCount: _, ...rest } = s;
  const byId = new Map(articles.map((a) => [a.id, a] as const));
  return {
    ...rest,
    articles,
    byId,
    quotes: quoteStoreFromSnapshot({ ...s.quotes, articles: new Map(byId) }),
    index: searchIndexFromSnapshot({ ...s.index, articles }),
  };
}

/**
 * Run `write` (one synchronous serialize of a value holding these articles)
 * with the words of their paragraphs and sentences taken out, and put them
 * back after. They are slices of the article's text: in memory they share its
 * characters, written out each would be a copy (the text three times over).
 * Nothing else runs on this thread meanwhile, so no reader sees them out, and
 * no copy of the articles is made. `write` is given the ids of the articles left
 * whole (a paragraph or sentence that is not its slice of the text).
 */
export function withLeanArticles<T>(articles: readonly Article[], write: (fullText: string[]) => T): T {
  const fullText: string[] = [];
  const lean: Article[] = [];
  for (const a of articles) {
    const text = a.text;
    const sliced = a.paragraphs.every((p) => p.text === text.slice(p.start, p.end) && p.sentences.every((s) => s.text === text.slice(s.start, s.end)));
    if (sliced) lean.push(a);
    else fullText.push(a.id);
  }
  try {
    for (const a of lean) {
      for (const p of a.paragraphs) {
        p.text = '';
        for (const s of p.sentences) s.text = '';
      }
    }
    return write(fullText);
  } finally {
    for (const a of lean) unlean(a);
  }
}

/** Articles written by withLeanArticles made whole again (in place), but those it left whole. */
export function unleanArticles(articles: readonly Article[], fullText: readonly string[]): void {
  const full = new Set(fullText);
  for (const a of articles) if (!full.has(a.id)) unlean(a);
}

function unlean(a: Article): void {
  const text = a.text;
  for (const p of a.paragraphs) {
    p.text = text.slice(p.start, p.end);
    for (const s of p.sentences) s.text = text.slice(s.start, s.end);
  }
}
