import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildArticle } from '../../src/core/corpus/article.js';
import { buildSearchIndex } from '../../src/core/search/index.js';
import { makeSnippet, scanAllWords } from '../../src/core/search/snippet.js';
import { processTerm, tokenize } from '../../src/core/search/text.js';
import { answerLine } from '../../src/core/commands/registry.js';
import { memoryStore } from '../helpers/store.js';
import { loadLibrary, type Library } from '../../src/core/library.js';
import { SEARCH_FIXTURES } from '../fixtures/search/articles.js';

const articles = SEARCH_FIXTURES.map((a) => buildArticle(a));
const byId = new Map(articles.map((a) => [a.id, a]));
const index = buildSearchIndex(articles);

describe('makeSnippet', () => {
  it.each(['pipeline', 'meddling', 'Helsinky', 'Helsin', 'summit talks', 'Putin pipeline', '"gas pipeline"'])('gives verbatim spans with highlights on matched words for %s', (q) => {
    const hits = index.search(q);
    expect(hits.length).toBeGreaterThan(0);
    for (const h of hits) {
      const a = byId.get(h.articleId)!;
      const s = makeSnippet(a, h.paragraphIndex, h.terms)!;
      expect(a.text.slice(s.span.start, s.span.end)).toBe(s.text);
      for (const [hs, he] of s.highlights) {
        expect(hs).toBeGreaterThanOrEqual(0);
        expect(he).toBeLessThanOrEqual(s.text.length);
        expect(h.terms).toContain(processTerm(s.text.slice(hs, he)));
      }
    }
  });

  it('shows the matching sentence, not the whole paragraph, and marks the word', async () => {
    const hit = index.search('arms control')[0]!;
    const a = byId.get(hit.articleId)!;
    const s = makeSnippet(a, hit.paragraphIndex, hit.terms)!;
    expect(s.text).toBe('Officials said the talks covered trade, the pipeline and arms control.');
    expect(s.highlights.map(([x, y]) => s.text.slice(x, y))).toEqual(['arms', 'control']);
  });

  it('marks every form of a stemmed word', async () => {
    const a = byId.get('helsinki-summit.md')!;
    const p = a.paragraphs.findIndex((x) => x.text.includes('meddling'));
    const s = makeSnippet(a, p, [processTerm('meddled')!])!;
    expect(s.highlights.map(([x, y]) => s.text.slice(x, y))).toEqual(['meddling']);
  });

  it('falls back to the first sentence when only the title matched', async () => {
    const a = byId.get('pipeline-deal.md')!;
    const s = makeSnippet(a, 1, [processTerm('pipeline')!])!;
    expect(s.highlights).toEqual([]);
    expect(s.text).toBe(a.paragraphs[1]!.sentences[0]!.text);
  });

  it('returns null for a paragraph that does not exist', async () => {
    expect(makeSnippet(articles[0]!, 99, ['summit'])).toBeNull();
  });

  it('splits words exactly as tokenize does', async () => {
    const text = 'U.S. e.g. 3.5. don\'t rock’n’roll Élysée naïve — “quoted” x.y.z. end. A.B 10,000 São Paulo\'s café. Nº 5, ΑΘΗΝΑ, 北京.';
    expect(scanAllWords(text)).toEqual(tokenize(text));
    for (const a of articles) expect(scanAllWords(a.text)).toEqual(tokenize(a.text));
  });
});

describe('/search on the seed corpus', () => {
  let lib: Library;
  beforeAll(async () => {
    lib = await loadLibrary(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../corpus'));
  });

  it('cites at least 3 articles for "Helsinki summit", every snippet a verbatim span', async () => {
    const answer = (await answerLine(memoryStore(lib), '/search Helsinki summit limit:50'));
    expect(answer.error ?? null).toBeNull();
    const files = new Set(answer.items.map((i) => i.sources[0]!.file));
    expect(files.size).toBeGreaterThanOrEqual(3);
    for (const item of answer.items) {
      const article = lib.byId.get(item.sources[0]!.file)!;
      expect(article.text).toContain(item.text);
      for (const [x, y] of item.highlights ?? []) expect(['helsinki', 'summit']).toContain(processTerm(item.text.slice(x, y)));
      const at = item.sources[0]!.at!;
      expect(at.end).toBeGreaterThan(at.start);
    }
    expect(answer.items.some((i) => (i.highlights ?? []).length > 0)).toBe(true);
  });

  it('finds the seed articles through a typo and offers the right word when nothing matches', async () => {
    const fuzzy = (await answerLine(memoryStore(lib), '/search Helsinky'));
    expect(fuzzy.items.length).toBeGreaterThan(0);
    expect(lib.index.suggest('Helsinky')).toContain('Helsinki');
  });
});
