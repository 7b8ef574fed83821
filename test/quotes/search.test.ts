// /quote WORDS over many groups: a word most quotes share ("harvest" here) is a
// head term answered from precomputed lists; the answers must be the ones a plain
// MiniSearch over the same quotes gives (for one word, exactly), and rare words
// combined with it must still find their quote.
import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { groupKey } from '../../src/core/quotes/group.js';
import { bestOfTerm, headListsMade, makeQuoteSearch } from '../../src/core/quotes/search.js';
import type { QuoteGroup } from '../../src/core/quotes/store.js';
import { processTerm } from '../../src/core/search/text.js';
import type { Quote } from '../../src/core/types.js';

/** A made-up word per number ("kab", "kac" …), so each quote has one word no other has. */
function rareWord(i: number): string {
  let s = '';
  for (let n = i + 26 * 27; n > 0; n = Math.floor(n / 26)) s = String.fromCharCode(97 + (n % 26)) + s;
  return `zor${s}`;
}

function group(i: number, text: string): QuoteGroup {
  const q: Quote = { id: `a${i}#q0`, articleId: `a${i}.md`, start: 0, end: text.length, text, speakerId: null, role: null, partial: false, via: null, paragraphIndex: 0, context: { start: 0, end: text.length } };
  return { id: `g${i}`, key: groupKey(text), speakerId: null, quotes: [q], variantIds: [], partial: false };
}

// 900 quotes: most about the harvest, some also about grain, of varying length (so scores differ).
const groups: QuoteGroup[] = [];
for (let i = 0; i < 900; i++) {
  const filler = Array.from({ length: i % 17 }, (_, k) => ['fields', 'weather', 'farmers', 'market', 'river'][k % 5]).join(' ');
  const words = [i % 10 < 8 ? 'the harvest' : 'the season', i % 3 === 0 ? 'and the grain' : '', `came ${rareWord(i)}`, filler, i % 7 === 0 ? 'harvest again' : ''];
  groups.push(group(i, words.filter(Boolean).join(' ')));
}

/** What a plain MiniSearch AND search over the same quotes ranks first (the store's scoring before head lists). */
function plain(words: string, limit = 100): string[] {
  const mini = new MiniSearch<{ id: number; text: string }>({ fields: ['text'], processTerm: (t) => processTerm(t) ?? null });
  mini.addAll(groups.map((g, i) => ({ id: i, text: g.quotes[0]!.text })));
  const phrase = groupKey(words);
  return mini
    .search(words, { combineWith: 'AND' })
    .map((r) => ({ id: groups[r.id as number]!.id, score: r.score + (groups[r.id as number]!.key.includes(phrase) ? 100 : 0) }))
    .sort((a, b) => b.score - a.score)
    .slice(0, limit)
    .map((r) => r.id);
}

describe('quote search with head terms', () => {
  const search = makeQuoteSearch(groups);

  it('answers a word most quotes share with the same groups, in the same order, as a plain search', () => {
    // Answered from the lists, not by scoring every quote with the word.
    expect(search.headTerms).toContain(processTerm('harvest'));
    expect(search.headTerms).not.toContain(processTerm(rareWord(5)));
    const ids = search('harvest').map((h) => h.group.id);
    expect(ids).toHaveLength(100);
    expect(ids).toEqual(plain('harvest'));
    expect(search('harvest')[0]!.terms).toContain(processTerm('harvest'));
  });

  it('makes a head term’s list at its first query, not at the build, and once', () => {
    const before = headListsMade.count;
    const fresh = makeQuoteSearch(groups);
    // Building ranks no head term's groups: a change rebuilds the search, and most head terms are never asked for.
    expect(fresh.headTerms.length).toBeGreaterThan(0);
    expect(headListsMade.count).toBe(before);
    const first = fresh('harvest').map((h) => h.group.id);
    expect(headListsMade.count).toBe(before + 1);
    expect(fresh('harvest').map((h) => h.group.id)).toEqual(first);
    expect(headListsMade.count).toBe(before + 1);
    expect(first).toEqual(plain('harvest'));
  });

  it('finds the one quote with a rare word next to the common one', () => {
    const hits = search(`harvest ${rareWord(123)}`);
    expect(hits.map((h) => h.group.id)).toEqual(['g123']);
  });

  it('answers two common words with groups holding both, and prefers the words as typed', () => {
    const hits = search('the harvest and the grain');
    expect(hits.length).toBeGreaterThan(0);
    for (const h of hits) expect(h.group.key).toContain('grain');
    for (const h of hits) expect(h.group.key).toContain('harvest');
    expect(hits[0]!.group.key).toContain('the harvest and the grain');
  });

  it('reads a misspelt common word as that word, through the lists', () => {
    expect(search('harvist').map((h) => h.group.id)).toEqual(plain('harvest'));
    // With a rare word beside it, as typed.
    expect(search(`harvist ${rareWord(123)}`).map((h) => h.group.id)).toEqual(['g123']);
  });

  it('still corrects a misspelt rare word through the fuzzy search', () => {
    const word = rareWord(321);
    const hits = search(`${word}q`);
    expect(hits.map((h) => h.group.id)).toContain('g321');
  });
});

describe('a head term’s best groups, scored without MiniSearch’s result objects', () => {
  const build = (texts: readonly string[]) => {
    const mini = new MiniSearch<{ id: number; text: string }>({ fields: ['text'], processTerm: (t) => processTerm(t) ?? null });
    mini.addAll(texts.map((text, i) => ({ id: i, text })));
    return mini;
  };
  const viaSearch = (mini: MiniSearch<{ id: number; text: string }>, term: string, k: number) =>
    mini.search(term, { processTerm: (x) => x }).slice(0, k).map((r) => ({ id: r.id as number, score: r.score }));
  const texts = groups.map((g) => g.quotes[0]!.text);

  it('gives the ids, scores and order of MiniSearch’s own search for the term, cut at k', () => {
    const mini = build(texts);
    const term = processTerm('harvest')!;
    for (const k of [1, 7, 100, 400, 5000]) expect(bestOfTerm(mini, term, k)).toEqual(viaSearch(mini, term, k));
    expect(bestOfTerm(mini, processTerm('grain')!, 50)).toEqual(viaSearch(mini, processTerm('grain')!, 50));
    expect(bestOfTerm(mini, 'nosuchterm', 10)).toEqual([]);
  });

  it('breaks ties at the cut in posting order, as the stable sort does', () => {
    // Twelve quotes with the same words score the same: which five are kept is decided by order alone.
    const tied = [...Array.from({ length: 12 }, () => 'the vote was close'), 'the vote was close vote', 'a vote'];
    const mini = build(tied);
    const term = processTerm('vote')!;
    const best = bestOfTerm(mini, term, 5)!;
    expect(best).toEqual(viaSearch(mini, term, 5));
    expect(new Set(best.map((r) => r.score)).size).toBeLessThan(best.length);
  });

  it('leaves an index with a discarded document to MiniSearch', () => {
    const mini = build(texts);
    mini.discard(3);
    expect(bestOfTerm(mini, processTerm('harvest')!, 10)).toBeNull();
  });
});
