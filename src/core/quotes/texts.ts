// What the quote store derives from one quote's words alone (its grouping key,
// its search terms, the tokens the quote search indexes),
// kept between builds by the store that keeps the articles: a build after one
// change then derives them for that article's quotes only. Keyed by the words
// themselves, so two articles reporting one quote share an entry.
import MiniSearch from 'minisearch';
import { processTerm } from '../search/text.js';
import { groupKey } from './group.js';

const TOKENIZE = MiniSearch.getDefault('tokenize') as (text: string) => string[];

export interface QuoteText {
  /** groupKey of the words. */
  key: string;
  /** Distinct processed terms (search.ts termsOf). */
  terms: string[];
  /** What MiniSearch's add indexes of the words: distinct raw tokens, and each token's processed term in order. */
  unique: number;
  indexed: string[];
}

export function quoteText(text: string): QuoteText {
  const key = groupKey(text);
  const tokens = TOKENIZE(text);
  const indexed: string[] = [];
  const terms = new Set<string>();
  for (const t of tokens) {
    const p = processTerm(t);
    if (p) {
      indexed.push(p);
      terms.add(p);
    }
  }
  // The key's words and shingles (variant linking) are not kept: they were most of the memory an entry took.
  return { key, terms: [...terms], unique: new Set(tokens).size, indexed };
}

export interface QuoteTextCacheSnapshot {
  map: Map<string, { gen: number; value: QuoteText }>;
  gen: number;
}

export class QuoteTextCache {
  private readonly map = new Map<string, { gen: number; value: QuoteText }>();
  private gen = 0;
  /** Quote texts derived (not found kept): a build after one change adds that article's. */
  derived = 0;

  /** The kept texts as plain data, for a library snapshot (store/corpus.ts). */
  toSnapshot(): QuoteTextCacheSnapshot {
    return { map: this.map, gen: this.gen };
  }

  static fromSnapshot(s: QuoteTextCacheSnapshot): QuoteTextCache {
    if (!(s.map instanceof Map)) throw new Error('quote text snapshot: malformed');
    const c = new QuoteTextCache();
    for (const [k, v] of s.map) c.map.set(k, v);
    c.gen = s.gen;
    return c;
  }

  /** A build starts: entries it does not read are dropped at its end (sweep). */
  begin(): void {
    this.gen++;
  }

  of(text: string): QuoteText {
    const hit = this.map.get(text);
    if (hit) {
      hit.gen = this.gen;
      return hit.value;
    }
    this.derived++;
    const value = quoteText(text);
    this.map.set(text, { gen: this.gen, value });
    return value;
  }

  /** Drop the words no quote of the last build has (an edited or removed article's). */
  sweep(): void {
    for (const [text, e] of this.map) if (e.gen !== this.gen) this.map.delete(text);
  }
}
