// A built Library as plain data (Maps, arrays, typed arrays, plain objects) that
// v8.serialize can write in one value, and the Library back from it: a restart
// with an unchanged corpus loads this instead of assembling the library again.
// Taken in one value so the objects the parts share stay shared when read back
// (the articles of `articles`, `byId`, the quote store and the index; the quotes
// of `quotes.quotes` and of the groups; the events of the date store and its
// groups). The parts that are closures or class instances (the quote search, the
// paragraph index) give their plain data and are made again from it.
import type { Library } from './library.js';
import { quoteStoreFromSnapshot, quoteStoreToSnapshot, type QuoteStoreSnapshot } from './quotes/store.js';
import { searchIndexFromSnapshot, searchIndexToSnapshot, type SearchIndexSnapshot } from './search/index.js';
import type { Article } from './types.js';

export interface LibrarySnapshot extends Omit<Library, 'quotes' | 'index'> {
  quotes: QuoteStoreSnapshot;
  index: SearchIndexSnapshot;
  /** Ids of the articles written with their paragraphs' and sentences' words (the others are sliced again from `text`). */
  fullText: string[];
}

/**
 * An article without the words of its paragraphs and sentences, which are
 * slices of its text: in memory they share the text's characters, written out
 * each would be a copy (the text three times over). Null when a paragraph or a
 * sentence is not its slice of the text (it is then written whole).
 */
function lean(a: Article): Article | null {
  const text = a.text;
  for (const p of a.paragraphs) {
    if (p.text !== text.slice(p.start, p.end)) return null;
    for (const s of p.sentences) if (s.text !== text.slice(s.start, s.end)) return null;
  }
  // The same keys in the same order, so the objects read back have the shape the segmenter gives.
  return { ...a, paragraphs: a.paragraphs.map((p) => ({ ...p, text: '', sentences: p.sentences.map((s) => ({ ...s, text: '' })) })) };
}

/** The words taken out by `lean`, put back (in place: every holder of the article shares it). */
function unlean(a: Article): void {
  const text = a.text;
  for (const p of a.paragraphs) {
    p.text = text.slice(p.start, p.end);
    for (const s of p.sentences) s.text = text.slice(s.start, s.end);
  }
}

/**
 * The library as plain data. Its articles are lean copies: `articleOf` gives the
 * copy standing for one of the library's articles, for whatever else is written
 * in the same value (the store's entries) to point at.
 */
export function libraryToSnapshot(lib: Library): { snapshot: LibrarySnapshot; articleOf: (a: Article) => Article } {
  const copies = new Map<Article, Article>();
  const fullText: string[] = [];
  for (const a of lib.articles) {
    const l = lean(a);
    if (!l) fullText.push(a.id);
    copies.set(a, l ?? a);
  }
  const articleOf = (a: Article): Article => copies.get(a) ?? a;
  const articles = lib.articles.map(articleOf);
  const byId = new Map([...lib.byId].map(([id, a]) => [id, articleOf(a)] as const));
  const quotes = quoteStoreToSnapshot(lib.quotes);
  quotes.articles = new Map([...quotes.articles].map(([id, a]) => [id, articleOf(a)] as const));
  const index = searchIndexToSnapshot(lib.index);
  index.articles = index.articles === lib.articles ? articles : index.articles.map(articleOf);
  return { snapshot: { ...lib, articles, byId, quotes, index, fullText }, articleOf };
}

/** Throws when the value is not a snapshot of this code's library (the caller then builds as usual). */
export function libraryFromSnapshot(s: LibrarySnapshot): Library {
  if (!s || !Array.isArray(s.articles) || !(s.byId instanceof Map) || !(s.builtAt instanceof Date) || !Array.isArray(s.fullText)) throw new Error('library snapshot: malformed');
  const full = new Set(s.fullText);
  for (const a of s.articles) if (!full.has(a.id)) unlean(a);
  const { fullText: _, ...lib } = s;
  return { ...lib, quotes: quoteStoreFromSnapshot(s.quotes), index: searchIndexFromSnapshot(s.index) };
}
