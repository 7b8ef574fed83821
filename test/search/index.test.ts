import { describe, expect, it } from 'vitest';
import { buildArticle } from '../../src/core/corpus/article.js';
import { buildSearchIndex, loadSearchIndex, serializeSearchIndex, type SearchHit } from '../../src/core/search/index.js';
import { processTerm } from '../../src/core/search/text.js';
import { SEARCH_FIXTURES } from '../fixtures/search/articles.js';

const articles = SEARCH_FIXTURES.map((a) => buildArticle(a));
const byId = new Map(articles.map((a) => [a.id, a]));
const index = buildSearchIndex(articles);

function paragraphText(h: SearchHit): string {
  return byId.get(h.articleId)!.paragraphs[h.paragraphIndex]!.text;
}
const key = (h: SearchHit) => `${h.articleId}#${h.paragraphIndex}`;

describe('buildSearchIndex', () => {
  it('indexes one document per paragraph', () => {
    expect(index.size).toBe(articles.reduce((n, a) => n + a.paragraphs.length, 0));
    expect(index.size).toBeGreaterThan(articles.length);
  });

  it('ranks a paragraph of an article whose title has the word above a shorter paragraph without it', () => {
    const hits = index.search('pipeline');
    const first = hits[0]!;
    expect(first.articleId).toBe('pipeline-deal.md');
    expect(paragraphText(first)).toMatch(/pipeline/i);
    // The markets paragraph is shorter, so only the title can have lifted the other.
    const markets = hits.find((h) => h.articleId === 'markets.md');
    expect(markets).toBeDefined();
    expect(paragraphText(markets!).length).toBeLessThan(paragraphText(first).length);
  });

  it('matches other forms of a word through the stemmer (meddling ↔ meddled)', () => {
    const a = index.search('meddling');
    const b = index.search('meddled');
    expect(a.some((h) => paragraphText(h).includes('meddled with'))).toBe(true);
    expect(b.some((h) => paragraphText(h).includes('of meddling'))).toBe(true);
    expect(new Set(a.map(key))).toEqual(new Set(b.map(key)));
  });

  it('ignores stop words', () => {
    expect(index.search('the of and was')).toEqual([]);
    expect(index.search('the summit of').map(key)).toEqual(index.search('summit').map(key));
  });

  it('completes an unfinished last word', () => {
    const hits = index.search('Helsin');
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.map((h) => h.articleId)).toContain('helsinki-summit.md');
    expect(hits.every((h) => h.terms.includes('helsinki'))).toBe(true);
  });

  it('tolerates typos in words the corpus does not have', () => {
    const hits = index.search('Helsinky');
    expect(hits.length).toBeGreaterThan(0);
    expect(hits[0]!.articleId).toBe('helsinki-summit.md');
    expect(index.search('pipleine').map((h) => h.articleId)).toContain('pipeline-deal.md');
    // Swapped letters are two edits: allowed from six letters on.
    expect(index.search('sumimt').every((h) => h.terms.includes('summit'))).toBe(true);
    expect(index.search('sumimt').length).toBeGreaterThan(0);
  });

  it('does not treat a known word as a typo of another', () => {
    // "rain" is in the corpus: no fuzzy match to "train"/"brain"-like words is added.
    const hits = index.search('rain');
    expect(hits.map(key)).toEqual(['weather.md#0']);
  });

  it('puts paragraphs with every word before paragraphs with some', () => {
    const hits = index.search('Putin pipeline');
    expect(hits.length).toBeGreaterThan(2);
    const both = (h: SearchHit) => /putin/i.test(paragraphText(h) + byId.get(h.articleId)!.meta.title) && /pipeline/i.test(paragraphText(h) + byId.get(h.articleId)!.meta.title);
    const firstPartial = hits.findIndex((h) => !both(h));
    expect(firstPartial).toBeGreaterThan(0);
    expect(hits.slice(firstPartial).every((h) => !both(h))).toBe(true);
  });

  it('answers AND only, without OR noise, when enough paragraphs have every word', () => {
    const many = buildSearchIndex(
      Array.from({ length: 8 }, (_, i) =>
        buildArticle({ file: `a${i}.md`, meta: { title: null, outlet: null, published: null, url: null, source: null, extra: {} }, raw: i < 6 ? 'Ferries and bridges were closed.' : 'Ferries were late.' }),
      ),
    );
    const hits = many.search('ferries bridges');
    expect(hits).toHaveLength(6);
    expect(many.search('ferries', { limit: 3 })).toHaveLength(3);
  });

  it('applies the filter', () => {
    const hits = index.search('Putin', { filter: (id) => id === 'markets.md' });
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((h) => h.articleId === 'markets.md')).toBe(true);
    expect(index.search('Putin', { filter: () => false })).toEqual([]);
  });

  it('prefers paragraphs that hold a quoted phrase word for word', () => {
    const hits = index.search('"gas pipeline"');
    expect(hits[0]!.articleId).toBe('pipeline-deal.md');
    expect(paragraphText(hits[0]!)).toContain('gas pipeline');
  });

  it('reports matched terms as processed terms of the paragraph', () => {
    for (const h of index.search('summit talks')) {
      for (const t of h.terms) expect(t).toBe(processTerm(t) ?? t);
    }
  });

  it('suggests known words for an unknown one', () => {
    expect(index.suggest('Helsinky')).toContain('Helsinki');
    expect(index.suggest('Helsinky summit')[0]).toBe('Helsinki summit');
    expect(index.suggest('zzzzqqqq')).toEqual([]);
  });

  it('answers empty and odd queries without throwing', () => {
    expect(index.search('')).toEqual([]);
    expect(index.search('   ')).toEqual([]);
    expect(index.search('@everyone <!channel> 🙂')).toEqual([]);
    expect(index.search('a'.repeat(500))).toEqual([]);
  });
});

describe('head terms', () => {
  // headDf: 1 sends every word in more than one paragraph through the head-term
  // path (precomputed best paragraphs + forward index) instead of MiniSearch.
  const viaHeads = buildSearchIndex(articles, { headDf: 1 });
  it.each(['pipeline', 'Putin pipeline', 'summit', 'meddling', 'talks summit', 'prices', 'Putin'])('finds the same paragraphs for %s', (q) => {
    expect(new Set(viaHeads.search(q).map(key))).toEqual(new Set(index.search(q).map(key)));
  });
  it('requires a head word in AND results of a query that also has rarer words', () => {
    const m = { title: null, outlet: null, published: null, url: null, source: null, extra: {} };
    const texts = [
      ...Array.from({ length: 5 }, () => 'Ferries crossed the strait.'),
      ...Array.from({ length: 2 }, () => 'Ferries idled.'),
      ...Array.from({ length: 3 }, () => 'The strait was calm.'),
    ];
    const small = texts.map((raw, i) => buildArticle({ file: `f${i}.md`, meta: m, raw }));
    // "strait" (8 paragraphs) is a head term, "ferries" (7) is not.
    const idx = buildSearchIndex(small, { headDf: 7 });
    const hits = idx.search('ferries strait');
    expect(hits).toHaveLength(5);
    for (const h of hits) expect(small.find((a) => a.id === h.articleId)!.text).toContain('strait');
  });
  it('keeps the best paragraphs per head term, up to the cap', () => {
    const capped = buildSearchIndex(articles, { headDf: 1, headTop: 1 });
    expect(capped.search('pipeline')).toHaveLength(1);
  });
});

describe('snapshots', () => {
  const queries = ['pipeline', 'Helsinky', 'Helsin', 'Putin pipeline', '"gas pipeline"', 'meddled', 'summit'];
  it('load to an index that answers exactly as the one built', () => {
    const json = serializeSearchIndex(index);
    const loaded = loadSearchIndex(json, articles);
    expect(loaded.size).toBe(index.size);
    for (const q of queries) expect(loaded.search(q)).toEqual(index.search(q));
    expect(loaded.suggest('Helsinky')).toEqual(index.suggest('Helsinky'));
  });
  it('round-trips the head-term structures too', () => {
    const heads = buildSearchIndex(articles, { headDf: 1 });
    const loaded = loadSearchIndex(serializeSearchIndex(heads), articles);
    for (const q of queries) expect(loaded.search(q)).toEqual(heads.search(q));
  });
  it('refuse a different corpus', () => {
    const json = serializeSearchIndex(index);
    expect(() => loadSearchIndex(json, articles.slice(1))).toThrow(/different corpus/);
    expect(() => loadSearchIndex('not a snapshot', articles)).toThrow();
  });
});
