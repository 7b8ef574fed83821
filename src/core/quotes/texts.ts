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
  /** Kept variant links per speaker (absent in a snapshot taken without them: linked again at the first build). */
  links?: Map<string, { gen: number; value: Int32Array }>;
}

export class QuoteTextCache {
  private readonly map = new Map<string, { gen: number; value: QuoteText }>();
  private gen = 0;
  /**
   * Variant links of one speaker's groups (quotes/store.ts linkVariantsSteps), keyed by the
   * speaker and its groups' keys in corpus order: what the links depend on, so a speaker
   * whose groups a change left as they were is not linked again.
   */
  private readonly links = new Map<string, { gen: number; value: Int32Array }>();
  /** Quote texts derived (not found kept): a build after one change adds that article's. */
  derived = 0;
  /** Speakers whose variant links were computed (not found kept). */
  linked = 0;

  /** The kept texts as plain data, for a library snapshot (store/corpus.ts). */
  toSnapshot(): QuoteTextCacheSnapshot {
    return { map: this.map, gen: this.gen, links: this.links };
  }

  static fromSnapshot(s: QuoteTextCacheSnapshot): QuoteTextCache {
    if (!(s.map instanceof Map)) throw new Error('quote text snapshot: malformed');
    const c = new QuoteTextCache();
    for (const [k, v] of s.map) c.map.set(k, v);
    if (s.links instanceof Map) for (const [k, v] of s.links) c.links.set(k, v);
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

  /** A speaker's kept variant links (flat pairs of numbers into its groups), or undefined. */
  linksOf(sig: string): Int32Array | undefined {
    const hit = this.links.get(sig);
    if (!hit) return undefined;
    hit.gen = this.gen;
    return hit.value;
  }

  keepLinks(sig: string, pairs: Int32Array): void {
    this.linked++;
    this.links.set(sig, { gen: this.gen, value: pairs });
  }

  /** Drop the words no quote of the last build has (an edited or removed article's), and the links no speaker has now. */
  sweep(): void {
    for (const [text, e] of this.map) if (e.gen !== this.gen) this.map.delete(text);
    for (const [sig, e] of this.links) if (e.gen !== this.gen) this.links.delete(sig);
  }
}
