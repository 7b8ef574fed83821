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
import type { DateStore } from './dates/store.js';

export interface LibrarySnapshot extends Omit<Library, 'quotes' | 'index'> {
  quotes: QuoteStoreSnapshot;
  index: SearchIndexSnapshot;
}

export function libraryToSnapshot(lib: Library): LibrarySnapshot {
  return { ...lib, quotes: quoteStoreToSnapshot(lib.quotes), index: searchIndexToSnapshot(lib.index) };
}

/** Throws when the value is not a snapshot of this code's library (the caller then builds as usual). */
export function libraryFromSnapshot(s: LibrarySnapshot): Library {
  if (!s || !Array.isArray(s.articles) || !(s.byId instanceof Map) || !(s.builtAt instanceof Date)) throw new Error('library snapshot: malformed');
  const dates: DateStore = s.dates;
  return { ...s, quotes: quoteStoreFromSnapshot(s.quotes), dates, index: searchIndexFromSnapshot(s.index) };
}
