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
  /** Ids of the articles written with their paragraphs' and sentences' words (the others' are sliced again from `text`). */
  fullText: string[];
}

/** The library as plain data; `fullText` as withLeanArticles gives it. */
export function libraryToSnapshot(lib: Library, fullText: string[]): LibrarySnapshot {
  return { ...lib, quotes: quoteStoreToSnapshot(lib.quotes), index: searchIndexToSnapshot(lib.index), fullText };
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

/** The words taken out by withLeanArticles, put back (in place: every holder of the article shares it). */
function unlean(a: Article): void {
  const text = a.text;
  for (const p of a.paragraphs) {
    p.text = text.slice(p.start, p.end);
    for (const s of p.sentences) s.text = text.slice(s.start, s.end);
  }
}

/** Throws when the value is not a snapshot of this code's library (the caller then builds as usual). */
export function libraryFromSnapshot(s: LibrarySnapshot): Library {
  if (!s || !Array.isArray(s.articles) || !(s.byId instanceof Map) || !(s.builtAt instanceof Date) || !Array.isArray(s.fullText)) throw new Error('library snapshot: malformed');
  const full = new Set(s.fullText);
  for (const a of s.articles) if (!full.has(a.id)) unlean(a);
  const { fullText: _, ...lib } = s;
  return { ...lib, quotes: quoteStoreFromSnapshot(s.quotes), index: searchIndexFromSnapshot(s.index) };
}
